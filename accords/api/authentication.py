"""Token authentication that does not let a client guess tokens for free."""

from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled

from .throttling import AnonBudgetThrottle


class CountedTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, as REST framework reads it, except that a wrong or
    malformed token counts as one request against the client's anonymous budget (the
    ``API_ANON_THROTTLE`` rate, per client address), and that once the budget is spent a token
    from that address is not even looked at: a 429 until the window closes. Without this a
    refused token was a 401 that no throttle counted, so a client could try tokens (and make
    the site query its database) without limit. A client's valid token is never counted."""

    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword.lower().encode():
            return None  # no token offered: the anonymous throttle counts the request
        budget = AnonBudgetThrottle()
        if budget.is_spent(request):
            raise Throttled(wait=budget.wait())
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            budget.record(request)
            raise

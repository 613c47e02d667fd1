"""Counting anonymous API clients honestly.

- **Who the client is** (``client_address``): the address that connected to the site
  (``REMOTE_ADDR``), unless the site is configured to sit behind ``TRUSTED_PROXIES`` proxies
  (``DJANGO_TRUSTED_PROXIES``); then the address the outermost of them saw, which is the Nth
  from the right in ``X-Forwarded-For`` (each proxy appends the address it was called from).
  Whatever a client writes to the left of that is its own claim and is never believed: a new
  ``X-Forwarded-For`` is not a new client. The admin login's lock-out (django-axes) uses the
  same function.
- **How requests are counted** (``AnonBudgetThrottle``): one counter per client in the cache,
  increased atomically (``cache.add`` then ``cache.incr``: Redis ``SET NX`` and ``INCR`` with
  Django's RedisCache; under one lock with LocMemCache, within a process). REST framework's
  own throttle reads a list of timestamps, appends and writes it back, so concurrent requests
  overwrite each other's counts: 200 requests at once through Redis, at a limit of 20, got
  115 to 200 of them through in five runs (this one: 20 every time).
- **Wrong tokens count too** (see ``accords.api.authentication``): a failed token counts
  against the same budget as an anonymous request.

The budget is a fixed window per client: it opens at the client's first counted request and
allows ``API_ANON_THROTTLE`` requests until it closes (so a client may spend one budget at the
end of a window and the next at the start of the following one). A refusal is a 429 with
``Retry-After``: the seconds until the window closes.
"""

import ipaddress
import math

from django.conf import settings
from django.core.cache import cache as default_cache
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


def client_address(request) -> str | None:
    """The client's IP address, as the site or its last trusted proxy saw it (see the module's
    docstring), in one spelling per address (``2001:DB8::0001`` is ``2001:db8::1``). Anything
    in ``X-Forwarded-For`` that is not an address (no proxy writes such a thing) falls back to
    the address that connected. None when the request has no address at all."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if not hops:
        return remote
    try:
        return str(ipaddress.ip_address(hops[-min(proxies, len(hops))]))
    except ValueError:
        return remote


class AnonBudgetThrottle(AnonRateThrottle):
    """REST framework's anonymous throttle (scope ``anon``, skipping authenticated users),
    counting atomically per client address; see the module's docstring."""

    cache = default_cache
    cache_format = "throttle:%(scope)s:%(ident)s"

    @property
    def THROTTLE_RATES(self):  # noqa: N802 (REST framework's name)
        # The rates as configured now (REST framework binds them once, at import).
        return api_settings.DEFAULT_THROTTLE_RATES

    def get_ident(self, request):
        return str(client_address(request))

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        return self.count(self.key) <= self.num_requests

    # The budget of a client, also for callers outside a view (token authentication).

    def key_for(self, request) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def count(self, key) -> int:
        """Adds one request to the client's window (opening one if none is open) and returns
        the number of requests in it, this one included."""
        for _attempt in range(3):
            if self.cache.add(key, 1, self.duration):
                self.cache.set(key + ":ends", self.timer() + self.duration, self.duration)
                return 1
            try:
                count = self.cache.incr(key)
            except ValueError:  # the window closed between add and incr: open a new one
                continue
            if count == 1:
                # The window closed between incr's check and its INCR, which then made a new
                # counter without an expiry: give it one.
                self.cache.touch(key, self.duration)
            return count
        return self.num_requests + 1  # a cache this contended is no reason to let one in

    def record(self, request) -> None:
        """Counts one request of ``request``'s client (a failed token, for instance)."""
        if self.rate is not None:
            self.count(self.key_for(request))

    def is_spent(self, request) -> bool:
        """Whether ``request``'s client has no request left in its window."""
        if self.rate is None:
            return False
        self.key = self.key_for(request)
        return (self.cache.get(self.key) or 0) >= self.num_requests

    def wait(self):
        """Seconds until the client's window closes (at least 1)."""
        ends = self.cache.get(self.key + ":ends")
        if ends is None:
            return self.duration
        return max(1, math.ceil(ends - self.timer()))

"""Guards at the site's door: input that no view could store or look up is refused before any
view, form or query sees it, with a 4xx and a message that says why (JSON under the API, plain
text elsewhere), never a 500.

- ``UnstorableInputMiddleware``: NUL characters (which PostgreSQL refuses in any text, even in
  a ``WHERE``) and lone UTF-16 surrogates (which no UTF-8 database can store) in the address
  (404), the query string, a header, a cookie or a form or JSON body (400). A body larger than
  ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is a 413. The API's JSON bodies are left to its parser
  (``accords.api.parsers``), which refuses the same characters once the client is known.
- ``AdminObjectIdMiddleware``: the admin's history pages answer a 404 for an object or version
  id that cannot be one, and its add and change forms refuse (400) a related object named by
  something that is not an id (``membership=1 OR 1=1``), which Django's autocomplete widget
  would otherwise pass to the database while showing the form again.
- ``ContentSecurityPolicyMiddleware``: django-csp's, first and last, so that every answer has
  the policy its view chose, answers from the response cache included.
"""

import functools
from http import HTTPStatus

from csp.constants import HEADER as CSP_HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.admin import ModelAdmin
from django.contrib.admin.utils import unquote
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404, HttpResponse, JsonResponse, QueryDict, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _

from accords.api.parsers import is_unstorable, json_text_unstorable
from accords.ids import is_valid_id


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


def _is_api(request) -> bool:
    return request.path_info.startswith(reverse("api-root"))


def _refusal(request, status: int, message: str):
    if _is_api(request):
        return JsonResponse({"detail": message}, status=status)
    return HttpResponse(message + "\n", status=status, content_type="text/plain; charset=utf-8")


class UnstorableInputMiddleware:
    """Refuses a request that carries a NUL or a lone surrogate anywhere the site reads from.

    It belongs first in ``MIDDLEWARE``: sessions, authentication and every view come after it.
    Multipart file contents are not looked at (a file may hold any bytes); their names are.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_unstorable(request.path_info):
            return _refusal(
                request, 404, _("No page has an address with a NUL or surrogate character.")
            )
        try:
            problem = self.problem(request)
        except RequestDataTooBig:
            return _refusal(
                request,
                413,
                _("The request body is too large: the site accepts at most %(size)s.")
                % {"size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)},
            )
        except (SuspiciousOperation, MultiPartParserError, UnreadablePostError):
            return _refusal(request, 400, _("The request body could not be read."))
        if problem:
            return _refusal(
                request,
                400,
                _(
                    "The %(where)s holds a NUL or surrogate character, which no text here may "
                    "contain."
                )
                % {"where": problem},
            )
        return self.get_response(request)

    def problem(self, request) -> str | None:
        """Where the request holds an unstorable character, in words, or None."""
        if _query_dict_unstorable(request.GET):
            return _("query string")
        for key, value in request.META.items():
            if (key.startswith("HTTP_") or key == "CONTENT_TYPE") and (
                isinstance(value, str) and is_unstorable(value)
            ):
                return _("header %(name)s") % {"name": key.removeprefix("HTTP_")}
        if any(is_unstorable(name) or is_unstorable(v) for name, v in request.COOKIES.items()):
            return _("cookie")
        return self.body_problem(request)

    def body_problem(self, request) -> str | None:
        content_type = request.content_type or ""
        if request.method == "POST" and content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            # Parsed once here; the view reads the same request.POST and request.FILES.
            if _query_dict_unstorable(request.POST) or any(
                is_unstorable(name) or any(is_unstorable(upload.name or "") for upload in uploads)
                for name, uploads in request.FILES.lists()
            ):
                return _("form")
        elif content_type == "application/x-www-form-urlencoded":
            if _query_dict_unstorable(QueryDict(request.body, encoding=request.encoding)):
                return _("form")
        elif _is_json(content_type):
            body = request.body  # at most DATA_UPLOAD_MAX_MEMORY_SIZE, or a 413
            if _is_api(request):
                # The API's parser checks its JSON itself, after authentication: an anonymous
                # write is a 401 whatever its body holds.
                return None
            try:
                text = body.decode(request.content_params.get("charset") or "utf-8")
            except (LookupError, UnicodeDecodeError):
                return None  # no view here reads JSON it cannot decode
            if json_text_unstorable(text):
                return _("JSON body")
        return None


def _query_dict_unstorable(data) -> bool:
    return any(
        is_unstorable(key) or any(is_unstorable(value) for value in values)
        for key, values in data.lists()
    )


# --- The admin ----------------------------------------------------------------------------


def _model_admin(view_func):
    """The ModelAdmin behind an admin view, or None for any other view. Django's own admin
    views carry it as ``model_admin``; django-simple-history's version page is a bound method
    of it, wrapped by ``AdminSite.admin_view``."""
    model_admin = getattr(view_func, "model_admin", None)
    if model_admin is None:
        model_admin = getattr(getattr(view_func, "__wrapped__", None), "__self__", None)
    return model_admin if isinstance(model_admin, ModelAdmin) else None


class AdminObjectIdMiddleware:
    """Admin pages that name an object by something that cannot be its id: a history page is
    a 404, and the "add" page's initial values (``?membership=5``) leave out one that is not an
    id. (A form posting such an "id" gets a form error: ``accords.admin.SafeIdsMixin``.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        model_admin = _model_admin(view_func)
        if model_admin is None:
            return None
        model = model_admin.model
        url_name = request.resolver_match.url_name or ""
        if url_name.endswith(("_history", "_simple_history")):
            return self.check_history_ids(model, url_name, view_args, view_kwargs)
        if url_name.endswith(("_add", "_change")):
            return self.check_related_ids(request, model)
        return None

    def check_history_ids(self, model, url_name, view_args, view_kwargs):
        object_id = view_kwargs.get("object_id", view_args[0] if view_args else None)
        if object_id is not None and not is_valid_id(model._meta.pk, unquote(object_id)):
            raise Http404(_("No %(model)s has this id.") % {"model": model._meta.verbose_name})
        if url_name.endswith("_simple_history"):
            version_id = view_kwargs.get("version_id", view_args[1] if len(view_args) > 1 else "")
            history = getattr(model, model._meta.simple_history_manager_attribute)
            if not is_valid_id(history.model._meta.pk, version_id):
                raise Http404(_("No version has this id."))
        return None

    def check_related_ids(self, request, model):
        fields = [
            field
            for field in model._meta.get_fields()
            if field.concrete and (field.many_to_one or field.one_to_one or field.many_to_many)
        ]
        if request.method in ("GET", "HEAD"):
            unusable = [
                field.name
                for field in fields
                if any(
                    value != "" and not is_valid_id(_target_field(field), value)
                    for value in request.GET.getlist(field.name)
                )
            ]
            if unusable:
                request.GET = request.GET.copy()
                for name in unusable:
                    del request.GET[name]
        return None


def _target_field(field):
    """The field of the related model that a relation stores (its primary key, usually)."""
    if field.many_to_many:
        return field.related_model._meta.pk
    return field.target_field


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's ``CSPMiddleware``, listed twice in ``MIDDLEWARE``.

    Last, inside the response cache (``timeline.caching``): a view's relaxation
    (``@csp_update``, ``@csp_replace``) is an attribute of its response, which the cache does not
    keep (it stores headers); written as a header before the answer is stored, it comes back
    with an answer from the cache. First, around everything: what no view answers (static
    files, a refused input, a redirect, the login lock-out page) gets the default policy. A
    policy already set is never replaced.

    A ``304 Not Modified`` gets none: a browser copies a 304's headers onto the answer it kept,
    and the default policy would overwrite a relaxed one (the embed page would refuse framing
    after its first revalidation).

    The site's own policy, the same for most answers, is built once per process (django-csp
    builds it for every response, twice in each of the two passes: a quarter of the time of
    the lightest answer, bench/profile_api.py /api/health/) and rebuilt when a test changes
    the setting. Anything else (a view's relaxation, a nonce, a report-only policy, excluded
    prefixes) goes through django-csp as it is.
    """

    def process_response(self, request, response):
        if response.status_code == HTTPStatus.NOT_MODIFIED:
            return response
        custom = _custom_policies_configured() or any(
            getattr(response, name, None) is not None for name in _PER_RESPONSE_ATTRIBUTES
        )
        debug_page = settings.DEBUG and response.status_code in (404, 500)  # django-csp's rule
        if custom or debug_page or getattr(request, "_csp_nonce", None) is not None:
            return super().process_response(request, response)
        if CSP_HEADER not in response:  # the inner pass; the outer finds it written
            response[CSP_HEADER] = _site_policy()
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


#: What a view's django-csp decorators leave on its response.
_PER_RESPONSE_ATTRIBUTES = tuple(
    f"_csp_{kind}{suffix}"
    for kind in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)


@functools.cache
def _custom_policies_configured() -> bool:
    """Whether the settings ask for more than one policy for all: a report-only policy or
    prefixes left without one."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    return bool(
        getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        or policy.get("EXCLUDE_URL_PREFIXES")
    )


@functools.cache
def _site_policy() -> str:
    """The site's policy as django-csp writes it."""
    return build_policy()


@receiver(setting_changed)
def _forget_the_policy(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _site_policy.cache_clear()
        _custom_policies_configured.cache_clear()

"""Pages and API answers from cache until the data changes.

One middleware handles every ``GET`` and ``HEAD`` of the reader pages, the API and chart
images. It sits near the front of ``MIDDLEWARE`` (after the input guard and the HTTPS
redirect, before whitenoise, sessions, the language, CSRF and authentication), so that a cached
answer costs what the front costs and no more: the data version (one small query) and one cache
read. An answer is kept as it leaves the middlewares after it (with their headers: security,
``Vary``, ``Content-Language``), and the CORS middleware in front of it still answers each
request's ``Origin``. What needs the request resolved or its user known (the admin, a logged-in
editor, a view that opts out) is decided in ``process_view``, which Django calls after every
middleware's request phase.

- **Anonymous requests** (no ``Authorization`` header, no logged-in session) get validators
  derived from the data version (``accords.versioning``): ``ETag`` and ``Last-Modified``, with
  ``Cache-Control: public, max-age=60``. A conditional request whose validators still hold gets
  a ``304`` without the view running. A successful answer is kept in the cache (Redis when
  ``REDIS_URL`` is set, else per process) under a key made of the version, the absolute
  address with its query, the negotiated language and the ``Accept`` header; the next request
  for the same key is answered from there. The version is read from the database on every
  request, in one small query, so an edit committed through any server makes every server miss
  on its next request: nothing stale is ever served.
- **Authenticated requests and the admin** are never cached nor answered from the cache, and
  are marked ``Cache-Control: private, no-store``.
- An answer that sets a cookie or needs a CSRF token, that is not a ``200``, that the view
  marked ``private``/``no-store``/``no-cache``, or that streams, is passed through untouched.

A view opts out with ``@never_version_cached`` (the API's health check, which must not touch
the database, is named in ``UNCACHED_URL_NAMES``: ``accords`` never imports ``timeline``).
``RESPONSE_CACHE_ENABLED = False`` keeps the validators but stores nothing (the benchmark's
uncached runs). The test suite leaves the middleware out, so that its pinned query counts count
the views' own queries; tests/test_caching.py puts it back.
"""

import functools
import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date

from accords.versioning import Version, current_version

#: Answers larger than this are served but not kept (a whole CSV of a huge list).
MAX_CACHED_BYTES = 4 * 1024 * 1024
#: Entries of past versions are never read again; they expire after this many seconds.
ENTRY_TIMEOUT = 3600
KEY_PREFIX = "page"
#: Views that must not pay for the version's query: the health check touches no database.
UNCACHED_URL_NAMES = frozenset({"api-health"})

_PRIVATE = "private"


def never_version_cached(view):
    """Mark a view as never cached nor given the version's validators (e.g. a health check)."""
    view.never_version_cached = True
    return view


def _is_authenticated(request) -> bool:
    if request.headers.get("authorization"):  # an API token: DRF authenticates it in the view
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False  # no session, no login: spare the session lookup
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _is_admin(request) -> bool:
    match = request.resolver_match
    return match is not None and "admin" in match.namespaces


GZIP = re.compile(r"\bgzip\b")


class CachedAnswer:
    """What one anonymous request's answer is keyed and validated by: a function of the request
    alone (address, headers, cookie), so that it is known before the middlewares after this one
    run."""

    def __init__(self, request, version: Version):
        variant = "\n".join(
            [
                request.build_absolute_uri(),
                request.headers.get("accept-language", ""),
                request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),
                request.headers.get("accept", ""),
                # a compressed answer only for a client that takes it (pages are gzipped)
                "gzip" if GZIP.search(request.headers.get("accept-encoding", "")) else "",
            ]
        )
        digest = hashlib.sha256(f"{version.changed_at.isoformat()}\n{variant}".encode()).hexdigest()
        self.key = f"{KEY_PREFIX}:{version.number}:{digest[:32]}"
        self.etag = f'"{version.number}-{digest[:16]}"'
        self.last_modified = int(version.changed_at.timestamp())

    def add_validators(self, response):
        response["ETag"] = self.etag
        response["Last-Modified"] = http_date(self.last_modified)
        patch_cache_control(response, public=True, max_age=settings.RESPONSE_CACHE_MAX_AGE)
        patch_vary_headers(response, ["Accept", "Accept-Language", "Cookie", "Authorization"])
        return response


@functools.cache
def _never_cached_prefixes() -> tuple[str, ...]:
    """Addresses never cached, known without resolving them (no version read for them)."""
    return (
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL,
        reverse("admin:index"),
        *(reverse(name) for name in UNCACHED_URL_NAMES),
    )


def _may_be_cached(request) -> bool:
    """Whether a request could be answered from the cache, from what it carries alone."""
    return (
        request.method in ("GET", "HEAD")
        and not request.headers.get("authorization")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(_never_cached_prefixes())
    )


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


class VersionedCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.RESPONSE_CACHE_ENABLED and _may_be_cached(request):
            answer = request._versioned_key = CachedAnswer(request, current_version())
            stored = cache.get(answer.key)
            if stored is not None:
                return self.from_cache(request, answer, stored)
        response = self.get_response(request)
        answer = getattr(request, "_versioned_answer", None)
        if answer is None:
            return response
        if answer == _PRIVATE:
            patch_cache_control(response, private=True, no_store=True)
            return response
        if getattr(request, "_versioned_answer_done", False) or not _storable(request, response):
            return response
        answer.add_validators(response)
        if request.method == "GET" and settings.RESPONSE_CACHE_ENABLED:
            content = response.content
            if len(content) <= MAX_CACHED_BYTES:
                cache.set(
                    answer.key,
                    (response.status_code, list(response.items()), content),
                    ENTRY_TIMEOUT,
                )
        return response

    @staticmethod
    def from_cache(request, answer, stored):
        """The stored answer, or a ``304`` when the client's validators still hold (an answer
        is stored only for an address that is cached, so only then may it get a 304)."""
        conditional = get_conditional_response(
            request, etag=answer.etag, last_modified=answer.last_modified
        )
        if conditional is not None:
            return answer.add_validators(conditional)
        status, headers, content = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Cache"] = "hit"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _is_admin(request):
            request._versioned_answer = _PRIVATE
            return None
        if request.method not in ("GET", "HEAD"):
            return None
        if getattr(view_func, "never_version_cached", False) or (
            request.resolver_match.url_name in UNCACHED_URL_NAMES
        ):
            return None
        if _is_authenticated(request):
            request._versioned_answer = _PRIVATE
            return None

        # Keyed (and looked up) before the other middlewares ran, or now: a request with a
        # session cookie whose session holds no login.
        answer = getattr(request, "_versioned_key", None)
        looked_up = answer is not None
        if not looked_up:
            answer = CachedAnswer(request, current_version())
        request._versioned_answer = answer
        conditional = get_conditional_response(
            request, etag=answer.etag, last_modified=answer.last_modified
        )
        if isinstance(conditional, HttpResponseNotModified):
            request._versioned_answer_done = True
            return answer.add_validators(conditional)
        if conditional is not None:  # 412 for an If-Match that fails
            request._versioned_answer_done = True
            return conditional
        if looked_up or not settings.RESPONSE_CACHE_ENABLED:
            return None
        stored = cache.get(answer.key)
        if stored is None:
            return None
        request._versioned_answer_done = True
        return self.from_cache(request, answer, stored)

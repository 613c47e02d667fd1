"""CORS for the read-only API: notebooks and other sites may read ``/api/`` from any origin,
anonymously. django-cors-headers' middleware, narrowed so that it answers only

- ``GET``, ``HEAD`` and the preflight ``OPTIONS`` of a ``GET`` or ``HEAD``;
- requests without credentials (no ``Cookie``, no ``Authorization`` header).

Anything else (a write, an editor's token or session) gets no ``Access-Control-*`` header, so
a browser never lets another site read or write with a user's credentials. The settings
(``CORS_*``) are in ``timeline/settings.py``.
"""

from corsheaders.middleware import CorsMiddleware

SAFE_METHODS = frozenset({"GET", "HEAD"})


def is_anonymous_read(request) -> bool:
    """A GET or HEAD (or the preflight of one) that carries no credentials."""
    if request.headers.get("cookie") or request.headers.get("authorization"):
        return False
    if request.method == "OPTIONS":
        wanted = request.headers.get("access-control-request-method")
        return wanted is None or wanted.upper() in SAFE_METHODS
    return request.method in SAFE_METHODS


class ReadOnlyCorsMiddleware(CorsMiddleware):
    def is_enabled(self, request) -> bool:
        return super().is_enabled(request) and is_anonymous_read(request)

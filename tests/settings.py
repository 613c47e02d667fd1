"""Settings for the test suite: the site's own settings, with a throwaway key and fast hashing.

The database is the site's (SQLite, or PostgreSQL when DATABASE_URL is set): the suite runs on both.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")

from timeline.settings import *

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No collectstatic before tests: whitenoise serves straight from the finders, unhashed.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The test client and the browser tests speak plain HTTP to localhost.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The API's anonymous throttle would stop the schemathesis run; one test lowers it again.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "100000/minute"},
}
# The response cache (timeline/caching.py) reads the data version on every anonymous GET; the
# pinned query counts count the views' own queries, so it is off here and on in
# tests/test_caching.py.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "timeline.caching.VersionedCacheMiddleware"]
RESPONSE_CACHE_ENABLED = False

"""Settings for the treaty-membership timeline.

Everything that differs between a laptop and production comes from the environment:

- ``DJANGO_DEBUG``: ``1``/``true`` for development. Off by default, so a server that forgets it
  runs safely; ``manage.py`` (the developers' tool, used by ``make run``) turns it on unless it is
  set.
- ``DJANGO_SECRET_KEY``: required when debug is off; the site refuses to start without it.
- ``DATABASE_URL``: e.g. ``postgres://postgres@127.0.0.1:5432/postgres``. Without it, SQLite in
  ``var/db.sqlite3`` (a git-ignored folder).
- ``DJANGO_ALLOWED_HOSTS``: comma-separated host names (default: localhost names only).
- ``DJANGO_CSRF_TRUSTED_ORIGINS``: comma-separated origins, when served behind a proxy on HTTPS.
- ``REDIS_URL``: e.g. ``redis://127.0.0.1:6379/0``; a cache shared by every process. Without it,
  a per-process memory cache.
- ``DJANGO_SECURE_SSL_REDIRECT``, ``DJANGO_SECURE_HSTS_SECONDS``, ``DJANGO_SECURE_HSTS_PRELOAD``:
  HTTPS settings of production,
  on by default when debug is off.
- ``DJANGO_BEHIND_HTTPS_PROXY``: ``1`` when a proxy terminates HTTPS and sets
  ``X-Forwarded-Proto``; only then is that header trusted.
- ``DJANGO_TRUSTED_PROXIES``: how many proxies stand between the clients and the site, each
  appending the address it was called from to ``X-Forwarded-For``. The client's address (for
  the API throttle and the admin login's lock-out) is then the Nth address from the right of
  that header; with ``0`` it is the address that connected, and the header is ignored. The
  default follows ``DJANGO_BEHIND_HTTPS_PROXY``: ``1`` behind an HTTPS proxy, else ``0``. Set
  it explicitly when the two differ: ``2`` behind a load balancer and nginx, ``0`` behind a
  proxy that does not set ``X-Forwarded-For`` (then every client shares the proxy's address).
  A count higher than the real number of proxies lets clients choose their own address.
- ``API_ANON_THROTTLE``: how many API requests an anonymous client may make (default
  ``120/minute``); a wrong API token counts as one of them.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import plotly
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from timeline import links

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_flag(name, default=False):
    """Read a yes/no environment variable: ``1``, ``true``, ``yes`` and ``on`` mean yes."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_count(name, default):
    """Read a whole number of at least zero from the environment."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isascii() or not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number (0, 1, 2...), not {value!r}.")
    return int(value)


def env_list(name, default):
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default)


DEBUG = env_flag("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string in production, "
            "or set DJANGO_DEBUG=1 for local development (make run does this)."
        )
    SECRET_KEY = "development-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Content fields translated per language (accords/translation.py); before the admin, as
    # django-modeltranslation asks.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    # Editors import and export events in the admin (accords/importing/).
    "import_export",
    "accords",
    "timeline",
]

MIDDLEWARE = [
    # Each request starts in the default language, whatever the thread served before.
    "timeline.languages.FreshLanguageMiddleware",
    # First: nothing after it sees a NUL or lone surrogate, nor a body over the size limit.
    "timeline.middleware.UnstorableInputMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (its redirects must know the language).
    "django.middleware.locale.LocaleMiddleware",
    # A first visit to an unprefixed reader page goes to the reader's language (Accept-Language)
    # unless the language cookie says otherwise.
    "timeline.languages.PreferredLanguageMiddleware",
    # The API's ?lang=, which wins over Accept-Language (accords/api/language.py).
    "accords.api.language.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "timeline.middleware.AdminObjectIdMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "timeline.urls"
# The site says where the domain's objects are shown (get_absolute_url): accords never
# reverses the site's URL names.
ABSOLUTE_URL_OVERRIDES = links.ABSOLUTE_URLS

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "timeline.languages.language_links",
            ],
        },
    },
]

WSGI_APPLICATION = "timeline.wsgi.application"

# --- Database: PostgreSQL when DATABASE_URL is set, SQLite under var/ otherwise -------------
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.config(conn_max_age=60, conn_health_checks=True)}
else:
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis shared by every process when REDIS_URL is set ----------------------------
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages: English at the root, Indonesian under /id/, Arabic (right to left) under /ar/ ---
# The reader pages, the embed page and the feeds sit under i18n_patterns (timeline/urls.py);
# the admin and the API keep one address each. Catalogues are in locale/, compiled .mo files
# committed beside their .po (tests/test_i18n_catalogues.py checks that they match; `manage.py
# compile_catalogues` rebuilds them with polib, no GNU gettext needed). countries_locale/
# holds the Indonesian country names django-countries lacks (it has Arabic ones).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("id", _("Indonesian")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "countries_locale"]
# Content (accord names, event titles, places, notes) has a column per language; a missing
# translation falls back to English, and the pages mark that text lang="en".
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static files: our own, plus plotly.min.js from the installed plotly package ------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("plotly", Path(plotly.__file__).resolve().parent / "package_data"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600

# --- Security: production defaults pass `manage.py check --deploy` -------------------------
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_flag("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
# Trust X-Forwarded-Proto only behind a proxy that sets it (and strips it from clients).
BEHIND_HTTPS_PROXY = env_flag("DJANGO_BEHIND_HTTPS_PROXY", False)
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies' X-Forwarded-For entries to believe (see the docstring); read by
# accords.api.throttling.client_address, for the API throttle and the admin login alike.
TRUSTED_PROXIES = env_count("DJANGO_TRUSTED_PROXIES", 1 if BEHIND_HTTPS_PROXY else 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Content-Security-Policy: one policy for every response (django-csp) ------------------
# Nothing is loaded from another host and no inline script runs: the reader pages' SVG is
# inline markup, Plotly comes from our static files, the admin's scripts are files. Plotly and
# the admin set inline styles, hence 'unsafe-inline' for styles only. Views that need more say
# so with django-csp's decorators: the embed page may be framed by any site
# (timeline/views.py), the API's documentation pages run their own inline script
# (accords/api/views.py). The middleware is at the end of this file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.NONE],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}

LOGIN_URL = "admin:login"

# --- Admin login: django-axes locks out password guessing ----------------------------------
# Five wrong passwords for one username from one address lock that pair out for an hour (a
# wrong password during the lock-out starts the hour again); the right password is refused
# meanwhile. An administrator lifts a lock-out in the admin (Axes → Access attempts: delete
# the attempt) or with `manage.py axes_reset` (everyone), `axes_reset_username NAME` or
# `axes_reset_ip ADDRESS`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# The client's address as the API throttle reads it (REMOTE_ADDR, or the TRUSTED_PROXIES-th
# address from the right of X-Forwarded-For), rather than django-ipware's own reading: one
# definition of "the client" for both guards.
AXES_CLIENT_IP_CALLABLE = "accords.api.throttling.client_address"

# --- Imports in the admin (django-import-export; accords/importing/) ----------------------
# A confirmed import is one transaction: every row is written, or none.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Importing events needs "add" on events (the event admin also asks for "change" on events and
# "add" on memberships: editors have them); exporting needs "view".
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# --- API ------------------------------------------------------------------------------------
API_ANON_THROTTLE = os.environ.get("API_ANON_THROTTLE", "120/minute")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # A wrong token counts against the client's anonymous budget.
        "accords.api.authentication.CountedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accords.api.permissions.EditorsWriteOthersRead"],
    # JSON in: an event and its sources are one nested document. Bounded in size (Django's
    # DATA_UPLOAD_MAX_MEMORY_SIZE) and in nesting depth.
    "DEFAULT_PARSER_CLASSES": ["accords.api.parsers.BoundedJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "accords.api.pagination.BoundedPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "accords.api.schema.ApiAutoSchema",
    # Counted atomically in the cache (Redis with REDIS_URL), per client address.
    "DEFAULT_THROTTLE_CLASSES": ["accords.api.throttling.AnonBudgetThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_THROTTLE},
    # For any throttle of REST framework's own that reads it; ours read TRUSTED_PROXIES.
    "NUM_PROXIES": TRUSTED_PROXIES,
}

# Dates in the API are YYYY-MM-DD only (Python's fromisoformat would also take 20251210 and
# 2025-W50-3, which the schema and the error messages do not promise).
REST_FRAMEWORK["DATE_INPUT_FORMATS"] = ["%Y-%m-%d"]

SPECTACULAR_SETTINGS = {
    "TITLE": "Treaty-membership timeline API",
    "DESCRIPTION": (
        "Which states joined which treaty, when, in what status and on whose word. "
        "Reading is open to everyone; anonymous clients may make "
        f"{API_ANON_THROTTLE} requests (the `API_ANON_THROTTLE` setting), then get a 429 "
        "with `Retry-After`; a request with a wrong token counts as one of them. "
        "Writing needs an account in the Editors group, with a token "
        "(`Authorization: Token <key>`) or an admin session (with its CSRF token). "
        "The membership and event lists are also served as CSV with `?format=csv`: the whole "
        "filtered list, not one page."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "accords.api.schema.csv_as_text",
        "accords.api.schema.empty_query_values_allowed",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- Serving, response cache and CORS (issue 10) -------------------------------------------
# DJANGO_HTTPS=0: plain HTTP, as `make run` (bin/serve) serves on the loopback: no redirect to
# HTTPS, no HSTS, cookies not marked secure. Unset, the production HTTPS defaults above stand
# (and `check --deploy` passes).
if not env_flag("DJANGO_HTTPS", True):
    SECURE_SSL_REDIRECT = False
    SECURE_HSTS_SECONDS = 0
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False
    SECURE_HSTS_PRELOAD = False
    SESSION_COOKIE_SECURE = False
    CSRF_COOKIE_SECURE = False

# collectstatic compresses only the hashed names, the only ones pages link to (half the work).
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

# Anonymous GETs of the reader pages and the API answer from a cache keyed by the data version
# (timeline/caching.py), with ETag, Last-Modified and Cache-Control. DJANGO_RESPONSE_CACHE=0
# turns the cache (not the validators) off.
RESPONSE_CACHE_ENABLED = env_flag("DJANGO_RESPONSE_CACHE", True)
RESPONSE_CACHE_MAX_AGE = int(os.environ.get("DJANGO_RESPONSE_CACHE_MAX_AGE", "60"))
# Near the front: a cached answer skips whitenoise, sessions, the language, CSRF and the rest
# (after the input guard and the HTTPS redirect, which every request must pass).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "timeline.caching.VersionedCacheMiddleware",
)

# CORS: anonymous read-only GETs of the API from any origin, never with credentials, never a
# write (timeline/cors.py narrows django-cors-headers to that).
INSTALLED_APPS.append("corsheaders")
MIDDLEWARE.insert(0, "timeline.cors.ReadOnlyCorsMiddleware")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Content-Disposition"]

# Content-Security-Policy (see above): django-csp's middleware, first and last
# (timeline/middleware.py says why).
INSTALLED_APPS.append("csp")  # its system checks catch django-csp 3 style settings
MIDDLEWARE.insert(0, "timeline.middleware.ContentSecurityPolicyMiddleware")
MIDDLEWARE.append("timeline.middleware.ContentSecurityPolicyMiddleware")

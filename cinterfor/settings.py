"""One settings module, driven by environment variables.

Development defaults are safe to run: SQLite in the project root, Celery tasks in-process,
DEBUG on. With DEBUG off the site refuses to start without SECRET_KEY.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-development-only-key")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "cinterfor",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "axes",
    "members",
    "programme",
    "budget",
    "translations",  # the narrative in each language; documents reads it
    "documents",
    "review",  # notes and reasons before a proposal moves on; reads programme and budget
    "tables",  # spreadsheets in and out of the lists; nothing imports it
    "benchmarks",  # generate_data and the page bench; nothing imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "cinterfor.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "cinterfor.roles.RoleRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "cinterfor.data_version.DataVersionMiddleware",
    # Last, as django-axes asks: it turns its lockout exceptions into responses.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the user's roles with the user (one query, not two).
    "cinterfor.roles.RoleReadingBackend",
]
# Failed logins: one username tried from one address is locked after AXES_FAILURE_LIMIT tries;
# one address trying any usernames, after LOGIN_FAILURE_LIMIT_PER_ADDRESS (an office behind
# one NAT address shares it). Both lock-outs end after the cool-off time.
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env.int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", default=20)
AXES_HANDLER = "cinterfor.security.LoginThrottle"
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=60))
AXES_RESET_ON_SUCCESS = True
# The client's address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies of ours in front,
# the address the outermost one put in X-Forwarded-For (a client's own entries are ignored).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "cinterfor.security.client_ip"

ROOT_URLCONF = "cinterfor.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        # No "loaders": Django then wraps these in its cached loader, which compiles each
        # template once per process (with DEBUG on too, reloading changed files in development).
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cinterfor.data_version.page_cache",
            ],
        },
    },
]

WSGI_APPLICATION = "cinterfor.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Persistent connections: each gunicorn thread keeps its connection for a minute instead of
# opening one per request, and checks it before reuse, so a restarted PostgreSQL costs one
# error-free reconnect. The development server starts a thread per request: 0 there.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("TEST", {})
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Generated exports: the file system under MEDIA_ROOT (one machine, or a shared volume),
    # or an S3-compatible object store when STORAGE_S3_BUCKET is set (docs/storage.md).
    "exports": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # With DEBUG off, fingerprinted and compressed files (WhiteNoise) that browsers cache for
    # good; the image runs collectstatic, which writes the manifest. With DEBUG on (development,
    # the tests), plain files: the manifest needs collectstatic, which tests never run.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "cinterfor.staticfiles.StaticFilesStorage"
    },
}
STORAGE_S3_BUCKET = env.str("STORAGE_S3_BUCKET", default="")
if STORAGE_S3_BUCKET:
    # Keys: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or an instance role), read by boto3.
    STORAGES["default"] = STORAGES["exports"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_S3_BUCKET,
            "endpoint_url": env.str("STORAGE_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("STORAGE_S3_REGION", default="") or None,
            "location": env.str("STORAGE_S3_PREFIX", default=""),
            "addressing_style": env.str("STORAGE_S3_ADDRESSING_STYLE", default="path"),
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }

# Selects written in Python, the markup of Django's templates (cinterfor/form_renderer.py).
FORM_RENDERER = "cinterfor.form_renderer.FormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The cache keeps figures computed from many rows until those rows change (cinterfor.data_version).
# Each process keeps its own by default; CACHE_URL (e.g. redis://redis:6379/1) shares one.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Celery: without a broker URL, tasks run in-process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Every call to the broker is bounded, so a broker that is down costs a request about a
# second, not a hang: connect within 1 s, retry a connection or a publish once, then fail
# (documents.services logs it; the export sweep sends the job again when the broker is back).
_BROKER_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=1.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": 5,  # above the worker's 1 s BRPOP polling: an idle worker never trips it
    **_BROKER_RETRY,
}
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = _BROKER_RETRY
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = CELERY_BROKER_CONNECTION_TIMEOUT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": _BROKER_RETRY}
CELERY_TIMEZONE = TIME_ZONE

# Export jobs: the sweep that requeues or fails exports whose worker died (`celery beat`).
CELERY_BEAT_SCHEDULE = {
    "sweep-stale-exports": {"task": "documents.sweep_stale_exports", "schedule": 60.0},
    # Daily; reminders go out only on the day of the month finance set (budget.statements).
    "send-reminders": {"task": "budget.send_reminders", "schedule": 24 * 60 * 60.0},
}
# Must stay above the export task's hard time limit (150 s).
EXPORT_STALE_AFTER_SECONDS = env.int("EXPORT_STALE_AFTER_SECONDS", default=300)
# A queued export whose task never reached the broker is sent again by the sweep after this.
EXPORT_RESEND_UNSENT_AFTER_SECONDS = env.int("EXPORT_RESEND_UNSENT_AFTER_SECONDS", default=30)

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="cinterfor-pb@localhost")
SITE_URL = env.str("SITE_URL", default="")  # makes the links in export e-mails absolute

# Programme pages show paragraphs with their figures filled in; the figures come from budget,
# which programme may not import (ARCHITECTURE.md), so the project wires it here.
PROGRAMME_FIGURE_SOURCE = "budget.figures.figures_for"
# Starting the next biennium carries its budget (Appendix I and II) and its translations.
PROGRAMME_CARRY = ["budget.cycle", "translations.cycle"]
# A proposal file's narratives carry their translations, which budget.exchange may not import.
EXCHANGE_TRANSLATIONS = "translations.proposal_file"

# The proposal loaded on first run (`make run`) and by the tests.
SEED_PROPOSAL_FILE = BASE_DIR / "data" / "proposal-2020-21.json"

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Scripts and styles come only from our own static files: no inline code, no eval, no nonce
# (htmx is told not to inject its indicator styles, templates/base.html). Bootstrap's icons
# are data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Browser features no page of the site uses, switched off (cinterfor.security).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
        "serial",
        "bluetooth",
        "hid",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Failed and locked-out logins (cinterfor/security.py), kept whatever LOG_LEVEL says.
        "cinterfor.security": {"level": "INFO"},
    },
}
AXES_LOCKOUT_TEMPLATE = "lockout.html"

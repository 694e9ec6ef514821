"""Settings for sro-program. Zero configuration runs on SQLite; the environment changes the rest.

Environment (docs/operations.md lists them all): DEBUG, SECRET_KEY (or SECRET_KEY_FILE),
ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, SITE_URL, DATABASE_URL (or DATABASE_URL_FILE),
DB_CONN_MAX_AGE, EMAIL_URL (or EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
EMAIL_USE_TLS, EMAIL_USE_SSL), DEFAULT_FROM_EMAIL, SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS,
LOCKOUT_MINUTES, SESSION_IDLE_MINUTES, SIGNIN_BANNER, TIME_ZONE, MEDIA_ROOT, TASKS_BACKEND,
LOG_LEVEL. Without DEBUG, the app refuses to start without SECRET_KEY.
"""

from __future__ import annotations

import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from lib.env import envbool, envint, envlist, envstr, mailer

BASE_DIR = Path(__file__).resolve().parent.parent
TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")

DEBUG = envbool("DEBUG", False)
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-used-in-production-0123456789"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (or SECRET_KEY_FILE), or DEBUG=1 for development."
        )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
# Addresses of the reverse proxies in front of the app: the audit trail then records the
# client's address from X-Forwarded-For instead of the proxy's (S.3).
TRUSTED_PROXIES = frozenset(envlist("TRUSTED_PROXIES", []))
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "audit",
    "agreements",
    "accounts",
    "schoolcalendar",
    "notices",
    "reporting",
    "students",
    "activities",
    "training",
    "support",
    "term",
    "evaluation",
    "board",
    "assignments",
    "operations",
    "bodycams",
    "response",
    "schoolvideo",
    "incidents",
    "schoolpolice",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "operations.middleware.SessionTouchMiddleware",
    "operations.middleware.DatabaseUnavailableMiddleware",
    "lib.requestcache.RequestCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "sro.urls"
WSGI_APPLICATION = "sro.wsgi.application"
# Django's form widgets, the common ones written in Python (the same markup, faster: lib/renderer.py).
FORM_RENDERER = "lib.renderer.Renderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "agreements.context_processors.membership",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 0, minimum=0),
        # A connection kept across requests is checked before reuse, so after a database
        # restart the next request reconnects by itself instead of failing.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writes. IMMEDIATE takes the write lock when a transaction
    # starts, so a second writer waits for it there (up to `timeout` seconds) instead of failing
    # with "database is locked" halfway through (operations/tests/test_sqlite_writers.py).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # Every select box of model choices reads them with .iterator(), which on PostgreSQL is a
    # server-side cursor: DECLARE, FETCH and CLOSE, three round trips for a handful of schools.
    # Results are read whole instead (a transaction-pooling PgBouncer needs that too); the one
    # large read, the roster index over every student, arrives whole and becomes objects 2,000
    # rows at a time.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:signin"
LOGIN_REDIRECT_URL = "home"
PASSWORD_HASHERS = [
    "accounts.hashers.Argon2PasswordHasher",  # Argon2id at OWASP's recommended cost
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 at full cost makes every test sign-in slow; production keeps the default.
    PASSWORD_HASHERS = ["accounts.hashers.FastArgon2PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# S.2: lockout after 5 failures within 15 minutes; idle sessions end after 30 minutes.
LOCKOUT_FAILURES = 5
LOCKOUT_WINDOW_MINUTES = 15
LOCKOUT_MINUTES = envint("LOCKOUT_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = min(envint("SESSION_IDLE_MINUTES", 30, minimum=1), 30) * 60
# The session is written when it changes or when its last write is a minute old, not on every
# request (a read-only page takes no write lock): operations.middleware.SessionTouchMiddleware.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SIGNIN_BANNER = envstr(
    "SIGNIN_BANNER",
    "This system holds confidential information about students and police action, "
    "protected by state and federal law (including FERPA). Use it only for your duties "
    "under the School Resource Officer agreement. Every sign-in and every view of a report is recorded.",
)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = envstr("TIME_ZONE", "America/New_York")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

# EMAIL_URL, or the classic EMAIL_HOST/EMAIL_PORT/... variables. Otherwise development prints
# email to the console, and production hands it to an SMTP server on this machine (port 25),
# as Django does by default.
if email_url := envstr("EMAIL_URL"):
    MAILERS = {"default": mailer(email_url)}
elif envstr("EMAIL_HOST"):
    _email_ssl = envbool("EMAIL_USE_SSL", False)  # TLS from the first byte (port 465)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": envstr("EMAIL_HOST"),
                "port": envint("EMAIL_PORT", 587, minimum=1, maximum=65535),
                "username": envstr("EMAIL_HOST_USER", ""),
                "password": envstr("EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("EMAIL_USE_TLS", not _email_ssl),  # STARTTLS
                "use_ssl": _email_ssl,
            },
        }
    }
    if _email_ssl and MAILERS["default"]["OPTIONS"]["use_tls"]:
        raise ImproperlyConfigured("Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
elif DEBUG or TESTING:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "localhost", "port": 25},
        }
    }
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "SRO Program <sro-program@localhost>")

# In the database, so that limits kept in the cache (the SRO's roster lookups) hold across all
# server processes and the worker; `manage.py createcachetable` makes the table.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
        if TESTING  # tests clear it freely, with or without a database
        else "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "sro_cache",
        # Rate limits keep one small entry per use (lib/ratelimit.py); culling at the default 300
        # entries would forget uses within the minute.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

TASKS = {
    "default": {
        "BACKEND": envstr("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every step of every PDF at INFO; keep its warnings only.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}

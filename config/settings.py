"""The one settings module: every value comes from the environment (see docs/settings.md)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url

from config.env import (
    development_secret_key,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_path,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
NAMA_ENV = env_choice("NAMA_ENV", "development", {"development", "production", "test"})
PRODUCTION = NAMA_ENV == "production"
TESTING = NAMA_ENV == "test"

VAR_DIR = env_path("NAMA_VAR_DIR", BASE_DIR / "var")
DEBUG = env_bool("NAMA_DEBUG", NAMA_ENV == "development")
SECRET_KEY = env_str("SECRET_KEY") if PRODUCTION else development_secret_key(VAR_DIR)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "nama.core",
    "nama.districts",
    "nama.parcels",
    "nama.workflow",
    "nama.catalog",
    "nama.documents",
    "nama.cases",
    "nama.staff",
    "nama.counter",
    "nama.visits",
    "nama.inspections",
    "nama.deadlines",
    "nama.billing",
    "nama.payments",
    "nama.accounts",
    "nama.health",
    "nama.sms",
    "nama.portal",
    "nama.demo",
    "nama.accounts.admin_config.NamaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "ninja",
]

MIDDLEWARE = [
    "nama.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nama.core.middleware.PersianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "nama" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nama.core.context_processors.site",
            ],
            "builtins": ["nama.core.templatetags.nama"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# Production names its database: an embedded SQLite file under var/ is for one machine only.
DATABASE_URL = env_str(
    "DATABASE_URL", None if PRODUCTION else f"sqlite:///{VAR_DIR / 'nama.sqlite3'}"
)
_database: dict[str, Any] = dict(
    dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("NAMA_DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
)
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["CONN_MAX_AGE"] = 0
    _database["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue on the busy timeout instead of failing mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("NAMA_SQLITE_TIMEOUT", 20),
    }
    # A file, not memory, so tests with threads or processes see one database (as in use);
    # one per test run, so two runs on one machine do not share it.
    _database["TEST"] = {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")}
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Background tasks ----------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}
NAMA_WORKER_HEARTBEAT_SECONDS = env_int("NAMA_WORKER_HEARTBEAT_SECONDS", 15)
NAMA_WORKER_STALE_SECONDS = env_int("NAMA_WORKER_STALE_SECONDS", 60)
# Periodic jobs the workers enqueue (once per interval across all workers): name -> task.
NAMA_PERIODIC_JOBS: dict[str, dict[str, Any]] = {
    "sms_requeue": {"task": "nama.sms.tasks.requeue_due_sms_task", "every_seconds": 60},
    "prune_heartbeats": {
        "task": "nama.health.tasks.prune_worker_heartbeats",
        "every_seconds": 3600,
    },
    "clear_sessions": {"task": "nama.health.tasks.clear_expired_sessions", "every_seconds": 86400},
    "prune_task_results": {"task": "nama.health.tasks.prune_task_results", "every_seconds": 86400},
    "load_holidays": {"task": "nama.workflow.tasks.load_upcoming_holidays", "every_seconds": 86400},
    "prune_stale_drafts": {"task": "nama.cases.tasks.prune_stale_drafts", "every_seconds": 86400},
    "prune_documents": {
        "task": "nama.documents.tasks.prune_orphan_files",
        "every_seconds": 86400,
    },
    # Reminders before deadlines, overdue marks and escalation (ADR 0028).
    "deadlines": {"task": "nama.deadlines.tasks.sweep_deadlines", "every_seconds": 900},
    # Payments whose verify timed out are asked again; failed duplicate refunds retried (ADR 0031).
    "payments_recheck": {"task": "nama.payments.tasks.recheck_payments", "every_seconds": 120},
    # The sandbox bank reverses card transactions nobody verified in time, as a PSP does.
    "sandbox_auto_reverse": {
        "task": "nama.payments.tasks.sandbox_auto_reverse",
        "every_seconds": 300,
    },
}

# --- Accounts ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Hashing dominates test time; the production hasher is covered by its own test.
    PASSWORD_HASHERS.insert(0, "django.contrib.auth.hashers.MD5PasswordHasher")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
OTP_TOTP_ISSUER = env_str("NAMA_OTP_ISSUER", "اصفهان‌نما")
LOGIN_REDIRECT_URL = "/accounts/"
LOGOUT_REDIRECT_URL = "/"
# Security policy of sign-in and one-time codes (docs/settings.md).
NAMA_OTP_TTL_SECONDS = env_int("NAMA_OTP_TTL_SECONDS", 120)
NAMA_OTP_MAX_ATTEMPTS = env_int("NAMA_OTP_MAX_ATTEMPTS", 5)
NAMA_OTP_RESEND_SECONDS = env_int("NAMA_OTP_RESEND_SECONDS", 60)
NAMA_OTP_MAX_PER_MOBILE_HOUR = env_int("NAMA_OTP_MAX_PER_MOBILE_HOUR", 5)
NAMA_OTP_MAX_PER_IP_HOUR = env_int("NAMA_OTP_MAX_PER_IP_HOUR", 30)
NAMA_LOGIN_MAX_FAILURES = env_int("NAMA_LOGIN_MAX_FAILURES", 5)
NAMA_LOGIN_IP_MAX_FAILURES = env_int("NAMA_LOGIN_IP_MAX_FAILURES", 30)
NAMA_LOCKOUT_SECONDS = env_int("NAMA_LOCKOUT_SECONDS", 15 * 60)
NAMA_API_TOKEN_DAYS = env_int("NAMA_API_TOKEN_DAYS", 30)
NAMA_STAFF_API_TOKEN_HOURS = env_int("NAMA_STAFF_API_TOKEN_HOURS", 12)
NAMA_REPRESENTATION_MAX_DAYS = env_int("NAMA_REPRESENTATION_MAX_DAYS", 2 * 365)

# --- Language and time ---------------------------------------------------------------------
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "nama" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Tehran"
USE_TZ = True

# --- Static files and storage --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env_path("NAMA_STATIC_ROOT", VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "nama" / "static"]
WHITENOISE_USE_FINDERS = DEBUG or TESTING
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = env_path("NAMA_MEDIA_ROOT", VAR_DIR / "media")
STORAGES: dict[str, dict[str, Any]] = {
    # Documents are private: MEDIA_ROOT is never served directly (no MEDIA_URL route).
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Security ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("NAMA_SESSION_SECONDS", 8 * 60 * 60)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "nama.portal.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("NAMA_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("NAMA_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("NAMA_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
# How many reverse proxies sit in front of the web processes (0: clients connect directly).
NAMA_TRUSTED_PROXIES = env_int("NAMA_TRUSTED_PROXIES", 1 if PRODUCTION else 0)
if NAMA_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Base-map tiles of the parcels maps: a Leaflet URL template such as
# https://tiles.example.ir/{z}/{x}/{y}.png ({s} for subdomains). Empty: no base map; the maps
# draw districts, streets and parcels on a plain background. Its origin joins the CSP img-src.
NAMA_MAP_TILE_URL = env_str("NAMA_MAP_TILE_URL", "")
_tiles = urlsplit(NAMA_MAP_TILE_URL.replace("{s}", "*"))
_tile_origins = [f"{_tiles.scheme}://{_tiles.netloc}"] if _tiles.netloc else []
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:", *_tile_origins, *env_list("NAMA_MAP_TILE_ORIGINS", [])],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# --- SMS -----------------------------------------------------------------------------------
# console logs each message; file appends JSON lines to NAMA_SMS_FILE (the development default,
# so a person trying the demo can read one-time codes); kavenegar is the real provider.
# Production must say which: codes that only reach a log would lock citizens out.
NAMA_SMS_BACKEND = env_str(
    "NAMA_SMS_BACKEND", None if PRODUCTION else ("file" if NAMA_ENV == "development" else "console")
)
NAMA_SMS_FILE = env_path("NAMA_SMS_FILE", VAR_DIR / "sms-outbox.jsonl")
NAMA_SMS_TIMEOUT_SECONDS = env_int("NAMA_SMS_TIMEOUT_SECONDS", 10)
NAMA_SMS_MAX_ATTEMPTS = env_int("NAMA_SMS_MAX_ATTEMPTS", 5)
KAVENEGAR_API_KEY = env_str("KAVENEGAR_API_KEY", "")
KAVENEGAR_SENDER = env_str("KAVENEGAR_SENDER", "")
KAVENEGAR_OTP_TEMPLATE = env_str("KAVENEGAR_OTP_TEMPLATE", "")
KAVENEGAR_BASE_URL = env_str("KAVENEGAR_BASE_URL", "https://api.kavenegar.com")

# --- Payments (ADR 0031) --------------------------------------------------------------------
# Enabled providers, the first offered by default: sandbox (the built-in test bank, never in
# production), saman (SEP card gateway) and zarinpal (v4 REST).
NAMA_PAYMENT_PROVIDERS = env_list("NAMA_PAYMENT_PROVIDERS", [] if PRODUCTION else ["sandbox"])
NAMA_PAYMENT_TIMEOUT_SECONDS = env_int("NAMA_PAYMENT_TIMEOUT_SECONDS", 15)
# Verify attempts after a timeout before a payment is left to the bank's settlement file.
NAMA_PAYMENT_VERIFY_ATTEMPTS = env_int("NAMA_PAYMENT_VERIFY_ATTEMPTS", 5)
# Minutes a sandbox-bank transaction may stay unverified before the bank reverses it.
NAMA_SANDBOX_PSP_REVERSE_MINUTES = env_int("NAMA_SANDBOX_PSP_REVERSE_MINUTES", 30)
NAMA_SAMAN_TERMINAL_ID = env_str("NAMA_SAMAN_TERMINAL_ID", "")
NAMA_SAMAN_BASE_URL = env_str("NAMA_SAMAN_BASE_URL", "https://sep.shaparak.ir")
NAMA_ZARINPAL_MERCHANT_ID = env_str("NAMA_ZARINPAL_MERCHANT_ID", "")
NAMA_ZARINPAL_BASE_URL = env_str("NAMA_ZARINPAL_BASE_URL", "https://payment.zarinpal.com")
# Days a citizen has to pay an issued bill.
NAMA_BILL_DUE_DAYS = env_int("NAMA_BILL_DUE_DAYS", 15)

# --- Documents -----------------------------------------------------------------------------
# Uploaded documents (docs/settings.md): local files under MEDIA_ROOT/documents, or a private
# S3-compatible bucket (django-storages, the `s3` extra; credentials from boto3's standard
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). Served only by nama.documents' signed-URL view.
NAMA_DOCUMENTS_STORAGE = env_choice("NAMA_DOCUMENTS_STORAGE", "local", {"local", "s3"})
if NAMA_DOCUMENTS_STORAGE == "s3":
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("NAMA_S3_BUCKET"),
            "endpoint_url": env_str("NAMA_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("NAMA_S3_REGION", "") or None,
            "default_acl": "private",
            "querystring_auth": True,
            # Names are content hashes: writing a name again writes the same bytes.
            "file_overwrite": True,
            "signature_version": "s3v4",
        },
    }
else:
    STORAGES["documents"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": MEDIA_ROOT / "documents",
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
# ClamAV daemon: "unix:/run/clamav/clamd.ctl" or "tcp:host:3310"; empty = uploads not scanned.
# When set, an upload clamd cannot scan is refused (fail closed).
NAMA_CLAMD_ADDRESS = env_str("NAMA_CLAMD_ADDRESS", "")
NAMA_CLAMD_TIMEOUT_SECONDS = env_int("NAMA_CLAMD_TIMEOUT_SECONDS", 30)
NAMA_DOCUMENT_URL_SECONDS = env_int("NAMA_DOCUMENT_URL_SECONDS", 300)
NAMA_MAX_UPLOAD_MB = env_int("NAMA_MAX_UPLOAD_MB", 50)

# --- Staff work, field visits and deadlines ------------------------------------------------
# Visits a single inspector can make in one two-hour slot.
NAMA_VISIT_CAPACITY_PER_SLOT = env_int("NAMA_VISIT_CAPACITY_PER_SLOT", 1)
# How many working days ahead the earliest slot is, and how many calendar days are offered.
NAMA_VISIT_EARLIEST_WORKING_DAYS = env_int("NAMA_VISIT_EARLIEST_WORKING_DAYS", 2)
NAMA_VISIT_WINDOW_DAYS = env_int("NAMA_VISIT_WINDOW_DAYS", 7)
# An inspection photo taken farther than this from the parcel is flagged.
NAMA_PHOTO_MAX_DISTANCE_M = env_int("NAMA_PHOTO_MAX_DISTANCE_M", 100)
# Remind the holder this many working days before a state's deadline.
NAMA_DEADLINE_REMINDER_WORKING_DAYS = env_int("NAMA_DEADLINE_REMINDER_WORKING_DAYS", 1)

# --- Site ----------------------------------------------------------------------------------
NAMA_MUNICIPALITY_NAME = env_str("NAMA_MUNICIPALITY_NAME", "شهرداری اصفهان")
NAMA_SITE_NAME = env_str("NAMA_SITE_NAME", "اصفهان‌نما")

# --- Logging -------------------------------------------------------------------------------
LOG_FORMAT = env_choice("NAMA_LOG_FORMAT", "json" if PRODUCTION else "text", {"json", "text"})
LOG_LEVEL = env_choice("NAMA_LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"})
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "nama.core.logging.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

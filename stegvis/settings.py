"""Settings for Stegvis, read from the environment.

Development defaults (SQLite, a throwaway secret) apply only under DEBUG; production refuses to
start without a real SECRET_KEY. This module is the settings module (DJANGO_SETTINGS_MODULE);
security, the access log's keys, notifications and the design tool are in
`stegvis/settings_parts/`, imported at the end.
"""

import json
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from stegvis.env import envbool, envint, envlist, envstr
from stegvis.settings_parts.environment import BASE_DIR, DEBUG, DEMO, SITE_URL  # noqa: F401

_DEV_SECRET = "insecure-development-key-never-used-in-production"
SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (use SECRET_KEY or SECRET_KEY_FILE)."
        )
    SECRET_KEY = _DEV_SECRET
elif SECRET_KEY == _DEV_SECRET and not DEBUG:
    raise ImproperlyConfigured("The development SECRET_KEY must not be used in production.")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "stegvis.accounts",
    "stegvis.organisation",
    "stegvis.audit",
    "stegvis.instruments",
    "stegvis.catalog",
    "stegvis.design",
    "stegvis.care",
    "stegvis.messaging",
    "stegvis.notifications",
    "stegvis.relatives",
    "stegvis.statistics",
    "stegvis.api",
    "stegvis.initiatives",
    "stegvis.bulletins",
    "stegvis.records",
    "stegvis.security",
    "stegvis.clinic",
    "stegvis.portal",
    "stegvis.operations",
    "stegvis.demo",
    "stegvis.loadscale",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "health_check",
    "django_prometheus",
    "wagtail.contrib.forms",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rules",
    "oauth2_provider",
    "ninja",  # the REST API's interactive docs, served from our own static files (CSP)
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.usersessions",
    "allauth.socialaccount.providers.openid_connect",
]

MIDDLEWARE = [
    # Request latency and counts per view name (django-prometheus; stegvis/operations/metrics.py).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # X-Forwarded-* only from TRUSTED_PROXIES, before anything reads the scheme or address.
    "stegvis.security.client_ip.ForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "stegvis.security.body_limit.RequestBodyLimitMiddleware",
    "stegvis.security.csp.ScopedCSPMiddleware",
    "stegvis.security.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A leftover "database is locked" answers 503 "try again", never a 500 (stegvis/db.py).
    "stegvis.db.DatabaseBusyMiddleware",
    "stegvis.audit.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "stegvis.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before anything acts on request.user: only sessions allauth's sign-in completed count.
    "stegvis.accounts.middleware.CompletedSignInMiddleware",
    "stegvis.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # allauth's session tracking, throttled (a write every 30 s, not every request).
    "stegvis.accounts.middleware.ThrottledUserSessionsMiddleware",
    "stegvis.security.paths.PathRateLimitMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "stegvis.accounts.middleware.StaffMfaRequiredMiddleware",
    "stegvis.organisation.middleware.ActiveUnitMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "stegvis.urls"
WSGI_APPLICATION = "stegvis.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "stegvis" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stegvis.organisation.context_processors.active_unit",
                "stegvis.accounts.context_processors.training",
                "stegvis.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves the web server, db_worker and care_scheduler at once, and
    # every read writes an access event. As Django 5.2's notes on SQLite advise: WAL lets readers
    # go on while one writer writes; IMMEDIATE takes the write lock when a transaction begins, so
    # two transactions never deadlock upgrading a read lock (which SQLite answers at once with
    # "database is locked", whatever the timeout); the busy timeout makes a writer wait its turn.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("SQLITE_BUSY_TIMEOUT_SECONDS", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # The statistics summaries' covering indexes (INCLUDE) are a PostgreSQL speed-up at national
    # scale; SQLite builds them without the extra columns, which is right for the demo.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT off: our queries are short, and on the large data set PostgreSQL's JIT compiled Mina's
    # list query on every request (26 of its 190 ms; issue 19 saw 111 ms with it, 39 without).
    # Per connection, so it holds whatever the server's postgresql.conf says.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
if replica_url := envstr("DATABASE_REPLICA_URL", ""):
    # A streaming replica of the primary for reads that may be seconds old: the statistics and
    # the log review's searches (stegvis/db_replica.py, docs/scaling.md "Past one machine").
    DATABASES["replica"] = dj_database_url.parse(replica_url, conn_max_age=60)
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["stegvis.db_replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisation.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: e-mail and password for staff (then MFA) and, in the demo, for citizens;
# citizens otherwise sign in through OpenID Connect (e-ID).
ACCOUNT_ADAPTER = "stegvis.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "stegvis.accounts.adapters.OidcAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login_failed": envstr("LOGIN_FAILED_RATE_LIMIT", "5/5m/ip,5/5m/key"),
    "login": "30/m/ip",
    "reset_password": "5/m/ip,3/m/key",
}
USERSESSIONS_TRACK_ACTIVITY = True
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Stegvis"
# Accept the code from the previous 30-second window too: a code typed as it turns over works.
MFA_TOTP_TOLERANCE = 1
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False

# OpenID Connect (docs/identity.md): citizens through an e-ID broker, staff through the region's
# IdP (SITHS eID). Each is configured only when its client id is set. Citizens are created or
# linked by the personnummer claim on their first sign-in, with no form (the e-mail is optional);
# staff are matched by the HSA-id claim to staff Stegvis already has, and an `acr` in
# OIDC_STAFF_STRONG_ACR stands in for Stegvis's own second factor.
SOCIALACCOUNT_EMAIL_REQUIRED = False
OIDC_PERSONNUMMER_CLAIM = envstr("OIDC_PERSONNUMMER_CLAIM", "personal_identity_number")
OIDC_STAFF_HSA_ID_CLAIM = envstr("OIDC_STAFF_HSA_ID_CLAIM", "employee_hsa_id")
OIDC_STAFF_STRONG_ACR = envlist("OIDC_STAFF_STRONG_ACR", "http://id.elegnamnden.se/loa/1.0/loa3")


def _oidc_app(prefix: str, provider_id: str, name: str, stegvis: dict) -> dict:
    return {
        "provider_id": envstr(f"{prefix}_PROVIDER_ID", provider_id),
        "name": envstr(f"{prefix}_PROVIDER_NAME", name),
        "client_id": envstr(f"{prefix}_CLIENT_ID"),
        "secret": envstr(f"{prefix}_CLIENT_SECRET"),
        "settings": {
            "server_url": envstr(f"{prefix}_SERVER_URL"),
            "token_auth_method": envstr(f"{prefix}_TOKEN_AUTH_METHOD", "client_secret_basic"),
            "scope": envlist(f"{prefix}_SCOPES", "openid,profile"),
            "oauth_pkce_enabled": envbool(f"{prefix}_PKCE", True),
            "stegvis": stegvis,
        },
    }


# allauth's provider with a nonce in every authorization request (stegvis/accounts/oidc.py).
SOCIALACCOUNT_PROVIDERS: dict = {
    "openid_connect": {
        "APPS": [],
        "provider_class": "stegvis.accounts.oidc.NonceOpenIDConnectProvider",
    }
}
if envstr("OIDC_CLIENT_ID"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        _oidc_app(
            "OIDC",
            "eid",
            "e-legitimation",
            {"role": "citizen", "personnummer_claim": OIDC_PERSONNUMMER_CLAIM},
        )
    )
if envstr("OIDC_STAFF_CLIENT_ID"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        _oidc_app(
            "OIDC_STAFF",
            "siths",
            "SITHS eID",
            {
                "role": "staff",
                "hsa_id_claim": OIDC_STAFF_HSA_ID_CLAIM,
                "strong_acr": OIDC_STAFF_STRONG_ACR,
            },
        )
    )
CITIZEN_PASSWORD_LOGIN = envbool("CITIZEN_PASSWORD_LOGIN", DEMO or DEBUG)

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Swedish unless the person picks English in the header; the choice is remembered for a year
# (stegvis/language.py ignores the browser's Accept-Language).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
FORMAT_MODULE_PATH = ["stegvis.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "static-collected"
STATICFILES_DIRS = [BASE_DIR / "stegvis" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))

EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Stegvis <no-reply@stegvis.invalid>")

# Background work: Django's Tasks API (django-tasks backport). TASKS_BACKEND chooses the backend:
# the database (default; `manage.py db_worker`) or RQ on Redis (TASKS_REDIS_URL; `manage.py
# rqworker`); TASKS and RQ_QUEUES are in stegvis/settings_parts/tasks.py, imported at the end.
# Tests use the immediate backend.
# A task RUNNING longer than this whose worker is gone (on PostgreSQL: nobody holds its lease)
# is put back in the queue by the care scheduler; after TASK_MAX_ATTEMPTS runs it is failed
# instead (stegvis/task_leases.py). On SQLite the age alone decides: keep it longer
# than the longest task there.
TASK_STALE_AFTER = envint("TASK_STALE_AFTER", 600)
TASK_MAX_ATTEMPTS = envint("TASK_MAX_ATTEMPTS", 3)

# Relatives (docs/relatives.md): from this age a guardian's invitation waits for the child's own
# approval, as for any relative; below it a guardian's access needs none. The region decides
# between 13 (the default, as 1177's journal) and 18 (guardians never need the child's approval).
RELATIVES_GUARDIAN_APPROVAL_FROM_AGE = envint("RELATIVES_GUARDIAN_APPROVAL_FROM_AGE", 13)

# Health (stegvis/operations/health.py): how far the background work may fall behind before
# /health/ says so. The sealer runs every second; 0 for the checkpoint age means twice its
# regular checkpoint interval (AUDIT_CHECKPOINT_INTERVAL_SECONDS).
HEALTH_MAX_TASK_WAIT_SECONDS = envint("HEALTH_MAX_TASK_WAIT_SECONDS", 300)
HEALTH_MAX_UNSEALED_SECONDS = envint("HEALTH_MAX_UNSEALED_SECONDS", 120)
HEALTH_MAX_CHECKPOINT_AGE_SECONDS = envint("HEALTH_MAX_CHECKPOINT_AGE_SECONDS", 0)
# Prometheus scrapes /health/metrics/ with this bearer token; without one the endpoint is closed.
# Several gunicorn workers: set PROMETHEUS_MULTIPROC_DIR (prometheus_client's multiprocess mode).
METRICS_TOKEN = envstr("METRICS_TOKEN", "")

# Backups (stegvis/operations/backups.py, encryption.py; docs/operations.md): encrypted with
# GnuPG to the public key in BACKUP_GPG_RECIPIENT_FILE and/or with the passphrase in
# BACKUP_PASSPHRASE_FILE (paths of files). Restoring needs BACKUP_GPG_SECRET_KEY_FILE (the
# exported secret key) or the passphrase. Without a key `operations backup` refuses to run.
BACKUP_GPG_RECIPIENT_FILE = envstr("BACKUP_GPG_RECIPIENT_FILE")
BACKUP_PASSPHRASE_FILE = envstr("BACKUP_PASSPHRASE_FILE")
BACKUP_GPG_SECRET_KEY_FILE = envstr("BACKUP_GPG_SECRET_KEY_FILE")

# Retention (gallring, stegvis/operations/retention.py, docs/operations.md): a closed
# enrollment and everything it holds is deleted this many days after it was closed; ten years
# by default, as long as Patientdatalagen (3 kap. 17 §) asks of a patient record. A program may
# have its own period: JSON {"program-key": days}. The access log is archived (moved to a file
# with its checkpoint) after ACCESS_LOG_RETENTION_DAYS, ten years by default. Both are the
# installation's defaults: a provider may set its own (operations/periods.py names the sources).
RETENTION_CLOSED_ENROLLMENT_DAYS = envint("RETENTION_CLOSED_ENROLLMENT_DAYS", 3653)
try:
    RETENTION_CLOSED_ENROLLMENT_DAYS_BY_PROGRAM = {
        str(key): int(days)
        for key, days in json.loads(
            envstr("RETENTION_CLOSED_ENROLLMENT_DAYS_BY_PROGRAM") or "{}"
        ).items()
    }
except (ValueError, TypeError, AttributeError) as error:
    raise ImproperlyConfigured(
        f"RETENTION_CLOSED_ENROLLMENT_DAYS_BY_PROGRAM must map program keys to days: {error}"
    ) from None
ACCESS_LOG_RETENTION_DAYS = envint("ACCESS_LOG_RETENTION_DAYS", 3653)
# The record export's PDF font (stegvis/records/pdf.py): a TrueType file with every letter a
# name may hold; without it the PDF's built-in Helvetica (Latin-1: å, ä, ö, not ł or ğ).
RECORD_PDF_FONT = envstr("RECORD_PDF_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# LOG_FORMAT=json writes one JSON object per line (python-json-logger) for a log collector;
# the default is plain text. Both carry the request id.
LOG_FORMAT = envstr("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "filters": {
        # Mask personnummer in every record that reaches a handler (stegvis/security/logging.py).
        "mask_identity_numbers": {"()": "stegvis.security.logging.MaskIdentityNumbers"},
        "request_id": {"()": "stegvis.audit.logging.RequestIdFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id", "mask_identity_numbers"],
        }
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    # Django's own loggers go through the masked handler too (not its unfiltered defaults).
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Wagtail logs every page it creates and django-tasks every task it runs: hundreds of
        # lines while the demo loads, which buried the printed sign-in details. Their warnings
        # and errors still show.
        "wagtail": {"level": envstr("LIBRARY_LOG_LEVEL", "WARNING")},
        "django_tasks": {"level": envstr("LIBRARY_LOG_LEVEL", "WARNING")},
    },
}

ACCOUNT_FORMS = {"login": "stegvis.accounts.forms.StegvisLoginForm"}
MFA_ADAPTER = "stegvis.accounts.adapters.MfaAdapter"
# MFA code forms that refuse absurdly long codes (stegvis/security/forms.py).
MFA_FORMS = {
    "authenticate": "stegvis.security.forms.BoundedAuthenticateForm",
    "reauthenticate": "stegvis.security.forms.BoundedReauthenticateForm",
    "authenticate_webauthn": "stegvis.security.forms.SafeAuthenticateWebAuthnForm",
    "reauthenticate_webauthn": "stegvis.security.forms.SafeReauthenticateWebAuthnForm",
    "login_webauthn": "stegvis.security.forms.SafeLoginWebAuthnForm",
    "add_webauthn": "stegvis.security.forms.SafeAddWebAuthnForm",
    "signup_webauthn": "stegvis.security.forms.SafeSignupWebAuthnForm",
}

# The rest, by subject (each part reads its own environment variables).
from stegvis.settings_parts.api import *  # noqa: E402, F403
from stegvis.settings_parts.security import *  # noqa: E402, F403
from stegvis.settings_parts.services import *  # noqa: E402, F403
from stegvis.settings_parts.tasks import *  # noqa: E402, F403

INSTALLED_APPS += TASK_BACKEND_APPS  # noqa: F405 (django_rq with the RQ backend)

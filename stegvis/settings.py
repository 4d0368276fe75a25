"""Settings for Stegvis, read from the environment.

Development defaults (SQLite, a throwaway secret) apply only under DEBUG; production refuses to
start without a real SECRET_KEY.
"""

import json
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from stegvis.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)
DEMO = envbool("STEGVIS_DEMO", False)

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
SITE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")

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
    "stegvis.security",
    "stegvis.clinic",
    "stegvis.portal",
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
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.usersessions",
    "allauth.socialaccount.providers.openid_connect",
]

MIDDLEWARE = [
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
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "stegvis.security.paths.PathRateLimitMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "stegvis.accounts.middleware.StaffMfaRequiredMiddleware",
    "stegvis.organisation.middleware.ActiveUnitMiddleware",
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
SOCIALACCOUNT_ADAPTER = "stegvis.accounts.adapters.CitizenOidcAdapter"
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

# OpenID Connect to an external identity provider (e.g. a BankID broker). Configured only when
# OIDC_CLIENT_ID is set; the claim holding the personnummer is configurable.
OIDC_PERSONNUMMER_CLAIM = envstr("OIDC_PERSONNUMMER_CLAIM", "personal_identity_number")
SOCIALACCOUNT_PROVIDERS: dict = {"openid_connect": {"APPS": []}}
if envstr("OIDC_CLIENT_ID"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        {
            "provider_id": envstr("OIDC_PROVIDER_ID", "eid"),
            "name": envstr("OIDC_PROVIDER_NAME", "e-legitimation"),
            "client_id": envstr("OIDC_CLIENT_ID"),
            "secret": envstr("OIDC_CLIENT_SECRET"),
            "settings": {
                "server_url": envstr("OIDC_SERVER_URL"),
                "token_auth_method": envstr("OIDC_TOKEN_AUTH_METHOD", "client_secret_basic"),
                "scope": envlist("OIDC_SCOPES", "openid,profile"),
            },
        }
    )
CITIZEN_PASSWORD_LOGIN = envbool("CITIZEN_PASSWORD_LOGIN", DEMO or DEBUG)

# Sessions: idle timeouts per kind of user, and an absolute lifetime.
SESSION_COOKIE_AGE = envint("SESSION_MAX_AGE_SECONDS", 12 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
STAFF_IDLE_TIMEOUT = timedelta(minutes=envint("STAFF_IDLE_MINUTES", 30))
CITIZEN_IDLE_TIMEOUT = timedelta(minutes=envint("CITIZEN_IDLE_MINUTES", 30))
SESSION_ABSOLUTE_TIMEOUT = timedelta(seconds=SESSION_COOKIE_AGE)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", False) else None
)
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "interest-cohort=(), publickey-credentials-get=(self), publickey-credentials-create=(self)"
)

# Content Security Policy (django-csp; stegvis/security/csp.py, docs/security.md): no inline
# scripts or styles anywhere but the design tool, whose Wagtail admin needs them.
_CSP_FORM_ACTION = ["'self'"]
if envstr("OIDC_SERVER_URL"):
    # allauth answers the e-ID sign-in form with a redirect to the identity provider; browsers
    # check form-action against that redirect too.
    from urllib.parse import urlsplit

    _oidc = urlsplit(envstr("OIDC_SERVER_URL"))
    _CSP_FORM_ACTION.append(f"{_oidc.scheme}://{_oidc.netloc}")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Charts are SVG data: URIs (stegvis/care/charts.py), so are TOTP QR codes.
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": _CSP_FORM_ACTION,
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
CSP_RELAXED_PREFIX = "/design/"
CSP_RELAXED_DIRECTIVES = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "media-src": ["'self'", "blob:"],
    # Wagtail shows a page's preview in an iframe of the same site.
    "frame-ancestors": ["'self'"],
}

# Rate limits (stegvis/security/ratelimits.py): django-ratelimit rates per user, or per IP
# address for anonymous requests, counted in the default cache.
RATE_LIMITS = {
    "message_send": envstr("RATE_LIMIT_MESSAGES", "20/10m"),
    "upload": envstr("RATE_LIMIT_UPLOADS", "20/h"),
    "oidc_sign_in": envstr("RATE_LIMIT_OIDC_SIGN_IN", "30/m"),
}
# Views we do not own, limited by path: (prefix, group, "any" request or only POSTs with "files").
RATE_LIMITED_PATHS = [
    ("/accounts/oidc/", "oidc_sign_in", "any"),
    ("/design/images/", "upload", "files"),
    ("/design/documents/", "upload", "files"),
]

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if envstr("CACHE_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": envstr("CACHE_URL"),
    }

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

# Background work: Django's Tasks API (django-tasks backport) with the database backend; one
# worker (`manage.py db_worker`) runs them. Tests use the immediate backend.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The access log's keyed chain (docs/access-log.md, ADR 0007): HMAC keys by key id, as JSON
# ({"2026-12": "long random secret"}) in AUDIT_HMAC_KEYS or AUDIT_HMAC_KEYS_FILE, and the id
# that seals new events. Old keys stay listed so their links still verify. The database never
# holds a key. Checkpoints of each chain's head are appended to a file per provider in
# AUDIT_CHECKPOINT_DIR, which an operator ships off the machine.
_DEV_AUDIT_KEYS = {"dev": "insecure-development-audit-key-never-used-in-production"}
try:
    AUDIT_HMAC_KEYS = json.loads(envstr("AUDIT_HMAC_KEYS") or "{}")
except ValueError as error:
    raise ImproperlyConfigured(f"AUDIT_HMAC_KEYS must be a JSON object: {error}") from None
if not isinstance(AUDIT_HMAC_KEYS, dict) or not all(
    isinstance(k, str) and isinstance(v, str) and v for k, v in AUDIT_HMAC_KEYS.items()
):
    raise ImproperlyConfigured("AUDIT_HMAC_KEYS must map key ids to non-empty secrets.")
AUDIT_HMAC_KEY_ID = envstr("AUDIT_HMAC_KEY_ID")
if not AUDIT_HMAC_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "AUDIT_HMAC_KEYS must be set when DEBUG is off (AUDIT_HMAC_KEYS or "
            "AUDIT_HMAC_KEYS_FILE, JSON {key id: secret}) with AUDIT_HMAC_KEY_ID."
        )
    AUDIT_HMAC_KEYS, AUDIT_HMAC_KEY_ID = dict(_DEV_AUDIT_KEYS), AUDIT_HMAC_KEY_ID or "dev"
elif not DEBUG and AUDIT_HMAC_KEYS.get("dev") == _DEV_AUDIT_KEYS["dev"]:
    raise ImproperlyConfigured("The development audit key must not be used in production.")
if AUDIT_HMAC_KEY_ID not in AUDIT_HMAC_KEYS:
    raise ImproperlyConfigured("AUDIT_HMAC_KEY_ID must name one of the AUDIT_HMAC_KEYS.")
AUDIT_CHECKPOINT_DIR = Path(
    envstr("AUDIT_CHECKPOINT_DIR", str(BASE_DIR / "var" / "audit-checkpoints"))
)
# A fresh checkpoint of every head at least this often, even when nothing new was sealed; new
# events are sealed this many seconds after their commit (one task per process and window).
AUDIT_CHECKPOINT_INTERVAL_SECONDS = envint("AUDIT_CHECKPOINT_INTERVAL_SECONDS", 3600)
AUDIT_SEAL_DELAY_SECONDS = envint("AUDIT_SEAL_DELAY_SECONDS", 1)

# Notifications (stegvis/notifications, docs/notifications.md): SMS backend and its provider,
# quiet hours for SMS (local time, start-end), batching intervals and retries.
SMS_BACKEND = envstr(
    "SMS_BACKEND",
    "stegvis.notifications.sms.outbox.DemoOutboxSmsBackend"
    if DEMO
    else "stegvis.notifications.sms.console.ConsoleSmsBackend"
    if DEBUG
    else "stegvis.notifications.sms.elks.ElksSmsBackend",
)
if DEMO:
    # The demo sends nothing: e-mail and SMS land in the demo outbox at /demo/outbox/.
    EMAIL_BACKEND = envstr("EMAIL_BACKEND", "stegvis.notifications.mail.DemoOutboxEmailBackend")
SMS_SENDER = envstr("SMS_SENDER", "Stegvis")
SMS_FILE_PATH = envstr("SMS_FILE_PATH", str(BASE_DIR / "sms-outbox.jsonl"))
ELKS_API_USERNAME = envstr("ELKS_API_USERNAME")
ELKS_API_PASSWORD = envstr("ELKS_API_PASSWORD")
ELKS_API_URL = envstr("ELKS_API_URL", "https://api.46elks.com/a1/sms")
NOTIFICATION_QUIET_HOURS = envstr("NOTIFICATION_QUIET_HOURS", "21-8")
NOTIFICATION_SMS_MIN_INTERVAL = timedelta(
    minutes=envint("NOTIFICATION_SMS_MIN_INTERVAL_MINUTES", 240)
)
NOTIFICATION_EMAIL_MIN_INTERVAL = timedelta(
    minutes=envint("NOTIFICATION_EMAIL_MIN_INTERVAL_MINUTES", 0)
)
NOTIFICATION_MAX_ATTEMPTS = envint("NOTIFICATION_MAX_ATTEMPTS", 5)
NOTIFICATION_STAFF_DIGEST_PERIOD = timedelta(
    minutes=envint("NOTIFICATION_STAFF_DIGEST_MINUTES", 24 * 60)
)

# Design tool (Wagtail) at /design/.
WAGTAIL_SITE_NAME = "Stegvis"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# No avatars from gravatar.com: it would tell a third party who uses the design tool.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_EXTENSIONS = ["pdf", "mp4", "mp3", "m4a", "vtt"]
# Documents (film, audio, captions) are health content: never linked to the storage directly,
# always through the permission-checked view in stegvis/design/urls.py ("wagtaildocs_serve").
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_I18N_ENABLED = False
# The design tool speaks the languages of the rest of Stegvis (Swedish unless English is
# chosen); Wagtail's own Swedish catalogue is used, with our additions in locale/sv.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("sv", "Svenska"), ("en", "English")]
# One time zone: the offered list otherwise comes from the system's zoneinfo, whose "localtime"
# entry made the account page's script fail ("Invalid time zone specified: localtime").
WAGTAIL_USER_TIME_ZONES = ["Europe/Stockholm"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Sign-in, passwords, MFA and e-mail addresses are allauth's; Wagtail's own forms stay off.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# Only image types a release document accepts (stegvis/catalog/document.py MEDIA_TYPES).
WAGTAILIMAGES_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "stegvis.design.image_forms.DesignImageForm"
PRIVATE_MEDIA_ROOT = Path(envstr("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
# Largest file a message may carry (PDF, JPEG, PNG); stored under PRIVATE_MEDIA_ROOT.
MESSAGE_ATTACHMENT_MAX_BYTES = envint("MESSAGE_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)

# Request bodies (stegvis/security/body_limit.py, docs/security.md): a declared Content-Length
# above the limit is refused (413) before anything reads the body. The default fits a message
# with five attachments; the program file import and the design tool's documents (video) need
# more. Keep the reverse proxy's client_max_body_size at least as large as the largest.
MAX_REQUEST_BODY_BYTES = envint(
    "MAX_REQUEST_BODY_BYTES", 5 * MESSAGE_ATTACHMENT_MAX_BYTES + 2 * 1024 * 1024
)
REQUEST_BODY_LIMITS_BY_PATH = [
    ("/clinic/catalog/import/", 201 * 1024 * 1024),  # catalog.files.MAX_ARCHIVE_BYTES + 1 MB
    ("/design/documents/", 101 * 1024 * 1024),  # catalog.files.MAX_ENTRY_BYTES + 1 MB
]
# Form fields other than files: at most this much (Django answers 400 above it). Files above
# FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file, not memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = envint("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FILES = 20

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Mask personnummer in every record that reaches a handler (stegvis/security/logging.py).
    "filters": {"mask_identity_numbers": {"()": "stegvis.security.logging.MaskIdentityNumbers"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_identity_numbers"],
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

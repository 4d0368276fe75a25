"""Settings: sessions, cookies and transport security, the Content Security Policy, rate
limits, the cache, private media and request body limits (docs/security.md).

Imported by stegvis.settings; read from the environment like the rest.
"""

from datetime import timedelta
from pathlib import Path

from stegvis.env import envbool, envint, envlist, envstr
from stegvis.settings_parts.environment import BASE_DIR, DEBUG

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
# A load balancer probes health over plain HTTP inside the network; the answers hold no data.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", False) else None
)
# The reverse proxies (addresses or networks) whose X-Forwarded-For and X-Forwarded-Proto are
# believed (stegvis/security/client_ip.py); from any other peer those headers are dropped.
# Behind nginx on the same host: "127.0.0.1,::1". Empty: no proxy, the peer is the client.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES")
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "interest-cohort=(), publickey-credentials-get=(self), publickey-credentials-create=(self)"
)

# Content Security Policy (django-csp; stegvis/security/csp.py, docs/security.md): no inline
# scripts or styles anywhere but the design tool, whose Wagtail admin needs them.
_CSP_FORM_ACTION = ["'self'"]
# allauth answers an OpenID Connect sign-in form (citizens' e-ID, staff's IdP) with a redirect
# to the identity provider; browsers check form-action against that redirect too.
for _oidc_url in (envstr("OIDC_SERVER_URL"), envstr("OIDC_STAFF_SERVER_URL")):
    if _oidc_url:
        from urllib.parse import urlsplit

        _oidc = urlsplit(_oidc_url)
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
# address for anonymous requests, counted in the shared `ratelimit` cache below.
RATE_LIMITS = {
    "message_send": envstr("RATE_LIMIT_MESSAGES", "20/10m"),
    "upload": envstr("RATE_LIMIT_UPLOADS", "20/h"),
    "oidc_sign_in": envstr("RATE_LIMIT_OIDC_SIGN_IN", "30/m"),
    # Logout tokens from an identity provider, per its address: many people sign out at once.
    "oidc_backchannel_logout": envstr("RATE_LIMIT_OIDC_BACKCHANNEL_LOGOUT", "600/m"),
    # Per API client (stegvis/api/auth.py), every request; the token endpoint per address.
    "api": envstr("RATE_LIMIT_API", "600/m"),
    "api_token": envstr("RATE_LIMIT_API_TOKEN", "30/m"),
    # Downloads of a citizen's whole record (stegvis/records): heavy, and all of someone's data.
    "record_export": envstr("RATE_LIMIT_RECORD_EXPORTS", "10/h"),
}
# Views we do not own, limited by path: (prefix, group, "any" request or only POSTs with "files").
RATE_LIMITED_PATHS = [
    ("/accounts/oidc/", "oidc_sign_in", "any"),
    ("/design/images/", "upload", "files"),
    ("/design/documents/", "upload", "files"),
]

# Rate limits are counted in the `ratelimit` cache, which every app process must share, or
# each worker would allow the full rate on its own. With CACHE_URL (Redis) both caches live
# there; without it the counters go to a table in the database every process already shares
# (created by `migrate`, see stegvis/security/apps.py), and the default cache stays per process.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "stegvis_ratelimit_cache",
    },
}
if envstr("CACHE_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": envstr("CACHE_URL"),
    }
    CACHES["ratelimit"] = {**CACHES["default"], "KEY_PREFIX": "ratelimit"}
    # Sessions are read from the cache and still written to the database, so a Redis restart
    # signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
RATELIMIT_USE_CACHE = "ratelimit"
# Anonymous requests are counted per client address, read behind a trusted proxy.
RATELIMIT_IP_META_KEY = "stegvis.security.client_ip.client_ip"
# Several app processes (gunicorn --workers, WEB_CONCURRENCY) without CACHE_URL: the system
# check warns (stegvis/security/checks.py), since only Redis shares the default cache.
APP_WORKERS = envint("WEB_CONCURRENCY", 1)

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

"""Settings: the access log's keys and checkpoints, notifications, and the design tool (Wagtail).

Imported by stegvis.settings; read from the environment like the rest.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from stegvis.env import envint, envstr
from stegvis.settings_parts.environment import BASE_DIR, DEBUG, DEMO, SITE_URL

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

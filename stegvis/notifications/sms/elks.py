import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from stegvis.notifications.sms.base import BaseSmsBackend, SmsError

TIMEOUT_SECONDS = 10


class ElksSmsBackend(BaseSmsBackend):
    """46elks (https://46elks.com): POST from/to/message with HTTP basic auth."""

    def __init__(self):
        if not (settings.ELKS_API_USERNAME and settings.ELKS_API_PASSWORD):
            raise ImproperlyConfigured(
                "ELKS_API_USERNAME and ELKS_API_PASSWORD must be set for the 46elks SMS backend."
            )

    def send(self, to: str, text: str, *, reference: str = "") -> str:
        try:
            response = requests.post(
                settings.ELKS_API_URL,
                auth=(settings.ELKS_API_USERNAME, settings.ELKS_API_PASSWORD),
                data={"from": settings.SMS_SENDER, "to": to, "message": text},
                timeout=TIMEOUT_SECONDS,
            )
        except requests.RequestException as exc:
            # The exception text may hold the URL and number; record only its class.
            raise SmsError(type(exc).__name__) from None
        if response.status_code != 200:
            raise SmsError(f"HTTP {response.status_code}")
        try:
            return str(response.json().get("id", ""))
        except ValueError:
            return ""

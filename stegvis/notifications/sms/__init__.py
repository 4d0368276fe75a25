"""SMS backends, chosen by `settings.SMS_BACKEND` (a dotted path to a BaseSmsBackend)."""

from django.conf import settings
from django.utils.module_loading import import_string

from stegvis.notifications.sms.base import BaseSmsBackend, SmsError


def get_backend(path: str | None = None) -> BaseSmsBackend:
    return import_string(path or settings.SMS_BACKEND)()


def send_sms(to: str, text: str, *, reference: str = "") -> str:
    """Send `text` to the E.164 number `to`; return the provider's id. Raises SmsError."""
    return get_backend().send(to, text, reference=reference)


__all__ = ["BaseSmsBackend", "SmsError", "get_backend", "send_sms"]

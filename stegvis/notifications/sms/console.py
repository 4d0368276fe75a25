import sys

from stegvis.notifications.sms.base import BaseSmsBackend


class ConsoleSmsBackend(BaseSmsBackend):
    """Print the SMS (development)."""

    def send(self, to: str, text: str, *, reference: str = "") -> str:
        sys.stdout.write(f"SMS to {to} [{reference}]: {text}\n")
        sys.stdout.flush()
        return reference

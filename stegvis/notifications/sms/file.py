import json
import os

from django.conf import settings

from stegvis.notifications.sms.base import BaseSmsBackend


class FileSmsBackend(BaseSmsBackend):
    """Append each SMS as a JSON line to `settings.SMS_FILE_PATH` (demo, tests of the worker)."""

    def send(self, to: str, text: str, *, reference: str = "") -> str:
        line = json.dumps({"to": to, "message": text, "reference": reference}) + "\n"
        with open(settings.SMS_FILE_PATH, "a", encoding="utf-8") as outbox:
            outbox.write(line)
            outbox.flush()
            os.fsync(outbox.fileno())
        return reference

from dataclasses import dataclass

from stegvis.notifications.sms.base import BaseSmsBackend, SmsError


@dataclass(frozen=True)
class SentSms:
    to: str
    text: str
    reference: str


# Like django.core.mail.outbox: tests read and clear it.
outbox: list[SentSms] = []
# Tests set this to an exception to make the next sends fail.
fail_with: list[Exception] = []


class LocmemSmsBackend(BaseSmsBackend):
    """Keep sent SMS in `outbox` (tests)."""

    def send(self, to: str, text: str, *, reference: str = "") -> str:
        if fail_with:
            raise fail_with[0] if isinstance(fail_with[0], Exception) else SmsError("test")
        outbox.append(SentSms(to=to, text=text, reference=reference))
        return reference

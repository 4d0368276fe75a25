from stegvis.notifications.sms.base import BaseSmsBackend


class DemoOutboxSmsBackend(BaseSmsBackend):
    """Store the SMS in the demo outbox (/demo/outbox/); only for the demo."""

    def send(self, to: str, text: str, *, reference: str = "") -> str:
        from stegvis.notifications.models import Channel, DemoOutboxItem

        DemoOutboxItem.objects.create(channel=Channel.SMS, to=to, body=text, reference=reference)
        return reference

"""E-mail backends of our own: the demo outbox (a database table shown at /demo/outbox/)."""

from django.core.mail.backends.base import BaseEmailBackend


class DemoOutboxEmailBackend(BaseEmailBackend):
    """Store each e-mail in the demo outbox instead of sending it (demo only)."""

    def send_messages(self, email_messages) -> int:
        from stegvis.notifications.models import Channel, DemoOutboxItem

        for message in email_messages:
            DemoOutboxItem.objects.create(
                channel=Channel.EMAIL,
                to=", ".join(message.to),
                subject=message.subject[:200],
                body=message.body,
                reference=message.extra_headers.get("X-Stegvis-Notification", ""),
            )
        return len(email_messages)

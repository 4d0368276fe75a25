"""Background work for notifications (django-tasks): thin wrappers around the services."""

from django_tasks import task

from stegvis.notifications import delivery
from stegvis.notifications.digests import queue_staff_digests


@task()
def deliver(notification_id: int) -> str:
    """Send one notification if it is still pending and due (safe to run twice)."""
    return delivery.deliver(notification_id)


@task()
def send_due_notifications() -> int:
    """The sweep: mark stale claims, queue staff digests, send everything due.

    Picks up retries, notices held back by quiet hours or batching, and notices whose task was
    lost (e.g. a worker killed before it ran them).
    """
    delivery.mark_stale_claims()
    queue_staff_digests()
    sent = 0
    for notification_id in delivery.due_ids():
        sent += delivery.deliver(notification_id) == delivery.Outcome.SENT
    return sent

"""Background work for care delivery (django-tasks; the database backend in the demo)."""

from django_tasks import task

from stegvis.care.services.runtime import process_due_work as _process_due_work


@task()
def process_due_work() -> int:
    """Run every due Activity (module unlocks, scheduled questionnaires, reminders, flags).

    Idempotent: enqueuing it twice, or while another run is going, does no work twice.
    """
    return _process_due_work()

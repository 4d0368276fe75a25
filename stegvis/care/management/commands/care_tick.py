from django.core.management.base import BaseCommand

from stegvis import periodic
from stegvis.audit.tasks import seal_access_log
from stegvis.care.tasks import process_due_work
from stegvis.notifications.tasks import send_due_notifications
from stegvis.task_leases import requeue_stale_tasks


class Command(BaseCommand):
    help = "Enqueue the care task that runs due work (a worker runs it); --now runs it here."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run the due work in this process.")

    def handle(self, *args, now: bool = False, **options):
        stale = requeue_stale_tasks()
        if stale.requeued or stale.failed:
            self.stdout.write(
                f"Requeued {len(stale.requeued)} and failed {len(stale.failed)} tasks whose "
                "worker stopped."
            )
        if now:
            from stegvis.care.services.runtime import process_due_work as run

            self.stdout.write(f"Ran {run()} due activities.")
            self.stdout.write(f"Sent {send_due_notifications.call()} due notifications.")
            self.stdout.write(f"Sealed {seal_access_log.call()} access events.")
            return
        result = process_due_work.enqueue()
        self.stdout.write(f"Enqueued process_due_work ({result.id}).")
        result = send_due_notifications.enqueue()
        self.stdout.write(f"Enqueued send_due_notifications ({result.id}).")
        result = seal_access_log.enqueue()
        self.stdout.write(f"Enqueued seal_access_log ({result.id}).")
        for name in periodic.enqueue_all():
            self.stdout.write(f"Enqueued {name}.")

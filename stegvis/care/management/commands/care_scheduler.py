import time

from django.core.management.base import BaseCommand

from stegvis import periodic
from stegvis.audit.tasks import seal_access_log
from stegvis.care.tasks import process_due_work
from stegvis.notifications.tasks import send_due_notifications
from stegvis.task_leases import requeue_stale_tasks


class Command(BaseCommand):
    help = (
        "Enqueue the care task that runs due work every --interval seconds (default 60), until "
        "stopped. Run it beside `manage.py db_worker`; in production a cron job running "
        "`manage.py care_tick` does the same."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60)
        parser.add_argument("--once", action="store_true", help="Enqueue once and stop.")

    def handle(self, *args, interval: int = 60, once: bool = False, **options):
        while True:
            # Tasks whose worker died go back to the queue first (stegvis/task_leases.py):
            # here, not in a task, so they come back even when every worker has stopped.
            requeue_stale_tasks()
            process_due_work.enqueue()
            # Retries, notices held back by quiet hours or batching, staff digests.
            send_due_notifications.enqueue()
            # Seals what the on-commit seals missed and checkpoints the access log's heads.
            seal_access_log.enqueue()
            # What the apps above care registered (the statistics' summaries).
            periodic.enqueue_all()
            if once:
                return
            try:
                time.sleep(max(interval, 1))
            except KeyboardInterrupt:
                return

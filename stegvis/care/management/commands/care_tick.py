from django.core.management.base import BaseCommand

from stegvis.care.tasks import process_due_work


class Command(BaseCommand):
    help = "Enqueue the care task that runs due work (a worker runs it); --now runs it here."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run the due work in this process.")

    def handle(self, *args, now: bool = False, **options):
        if now:
            from stegvis.care.services.runtime import process_due_work as run

            self.stdout.write(f"Ran {run()} due activities.")
            return
        result = process_due_work.enqueue()
        self.stdout.write(f"Enqueued process_due_work ({result.id}).")

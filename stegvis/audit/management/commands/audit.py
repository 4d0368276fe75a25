from django.core.management.base import BaseCommand, CommandError

from stegvis.audit.chain import verify
from stegvis.audit.models import AccessEvent


class Command(BaseCommand):
    help = "Work with the access log. `audit verify` checks every hash chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Check that no access event was changed, removed or added.")

    def handle(self, *args, action: str, **options):
        if action == "verify":
            self.verify()

    def verify(self) -> None:
        events = AccessEvent.objects.order_by("chain", "sequence").iterator(chunk_size=2000)
        broken = verify(events)
        if broken is not None:
            raise CommandError(
                f"The access log is broken at event {broken.event_id} (chain {broken.chain}, "
                f"sequence {broken.sequence}): {broken.reason}."
            )
        count = AccessEvent.objects.count()
        self.stdout.write(f"The access log is intact: {count} events verified.")

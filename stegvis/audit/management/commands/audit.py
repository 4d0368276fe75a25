from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from stegvis.audit.services import sealing, verification


class Command(BaseCommand):
    help = (
        "Work with the access log. `audit seal` links unsealed events into the keyed chains and "
        "signs checkpoints; `audit verify` checks every chain against the key and checkpoints."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "verify", help="Check that no access event was changed, removed, cut off or forged."
        )
        seal = sub.add_parser("seal", help="Seal unsealed events now and checkpoint the heads.")
        seal.add_argument(
            "--checkpoint",
            action="store_true",
            help="Sign a fresh checkpoint of every chain's head, however recent the last one.",
        )

    def handle(self, *args, action: str, **options):
        if action == "verify":
            self.verify()
        elif action == "seal":
            self.seal(checkpoint=options["checkpoint"])

    def seal(self, *, checkpoint: bool) -> None:
        sealed = sealing.seal_pending()
        written = sealing.checkpoint_heads(older_than=timedelta(0) if checkpoint else None)
        self.stdout.write(f"Sealed {sealed} events; wrote {written} extra checkpoints.")

    def verify(self) -> None:
        report = verification.verify_log()
        unsealed = f"{report.unsealed} events are not yet sealed."
        if not report.intact:
            # CommandError prints one message and no traceback, and exits with status 1.
            raise CommandError("\n".join([*report.problems, unsealed]))
        self.stdout.write(
            f"The access log is intact: {report.verified} events verified in {report.chains} "
            f"chains. {unsealed}"
        )

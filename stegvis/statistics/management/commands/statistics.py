"""Statistics, treatment outcomes and research exports from the command line."""

from importlib import import_module

from django.core.management.base import BaseCommand

SUBCOMMANDS = {
    "usage": "Usage statistics for a provider or unit and period.",
    "outcomes": "Treatment outcomes per instrument of a program.",
    "export": "A pseudonymised research export of a program and period.",
    "refresh": "Refresh the summaries the statistics pages read (--full rebuilds them all).",
}


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        subparsers = parser.add_subparsers(dest="subcommand", required=True)
        for name, help_text in SUBCOMMANDS.items():
            subparser = subparsers.add_parser(name, help=help_text)
            import_module(f"stegvis.statistics.cli.{name}").add_arguments(subparser)

    def handle(self, *args, subcommand: str, **options) -> None:
        import_module(f"stegvis.statistics.cli.{subcommand}").run(options, self.stdout)

"""`manage.py statistics usage` (being built; see issue 15)."""

from django.core.management.base import CommandError


def add_arguments(parser) -> None:
    pass


def run(options: dict, stdout) -> None:
    raise CommandError("statistics usage is not built yet")

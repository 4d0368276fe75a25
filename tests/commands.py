"""Run a management command in-process the way the shell does (argv, exit codes, stderr)."""

from unittest import mock

from django.core.management import execute_from_command_line


def run_command_line(argv: list[str]) -> None:
    """`manage.py argv` in this process, keeping the test's database connection open.

    A command run from argv closes every connection when it ends: right for a process, but it
    would end the open transaction the session's test world lives in (tests/plugins/world.py).
    """
    with mock.patch("django.core.management.base.connections.close_all"):
        execute_from_command_line(argv)

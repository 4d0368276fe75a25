"""The demo as test data, loaded once per test module instead of once per test.

Loading the demo takes seconds; a module's tests that only read it share one load, made in a
savepoint of the shared world's transaction and rolled back after the module (see
`rolled_back_afterwards`). Each test still rolls back its own changes.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from stegvis.demo import personas
from stegvis.demo.loader import load_demo
from stegvis.organisation.models import User
from tests.plugins.world import rolled_back_afterwards, the_test_audit_key


@pytest.fixture(scope="module")
def _demo_loaded_once(_shared_world, django_db_blocker) -> dict[str, int]:
    """The demo's organisation and people (`load_demo`): persona key -> user pk."""
    with rolled_back_afterwards(django_db_blocker):
        with django_db_blocker.unblock(), the_test_audit_key():
            load_demo()
            emails = {p.key: p.email for p in [*personas.STAFF, *personas.CITIZENS]}
            pks = dict(User.objects.filter(email__in=emails.values()).values_list("email", "pk"))
        yield {key: pks[email] for key, email in emails.items()}


@pytest.fixture(scope="module")
def _demo_command_once(_shared_world, django_db_blocker) -> None:
    """All of `manage.py demo`: the organisation, people, programs and enrollments."""
    with rolled_back_afterwards(django_db_blocker):
        with django_db_blocker.unblock(), the_test_audit_key():
            call_command("demo", "--quiet", stdout=StringIO())
        yield


@pytest.fixture
def demo_users(_demo_loaded_once, db) -> dict[str, User]:
    """The demo's personas by key, fetched afresh for the test."""
    users = User.objects.in_bulk(_demo_loaded_once.values())
    return {key: users[pk] for key, pk in _demo_loaded_once.items()}


@pytest.fixture
def full_demo(_demo_command_once, db) -> None:
    """The whole demo (as `manage.py demo` loads it) in the test's database."""

"""Log review personas: a permitted reviewer, one whose grant ended, another provider's admin."""

import pytest
from django.db import connection
from django.utils import timezone

from stegvis.audit.models import LogReviewer
from stegvis.audit.recording import record_read
from tests.factories import StaffFactory, make_provider_admin


@pytest.fixture
def reviewer(world):
    """A practitioner the provider admin permitted to review the log."""
    LogReviewer.objects.create(
        provider=world.provider, staff=world.practitioner, granted_by=world.provider_admin
    )
    return world.practitioner


@pytest.fixture
def ended_reviewer(world):
    LogReviewer.objects.create(
        provider=world.provider,
        staff=world.citizen_admin,
        granted_by=world.provider_admin,
        ended_at=timezone.now(),
        ended_by=world.provider_admin,
    )
    return world.citizen_admin


@pytest.fixture
def other_admin(world):
    return make_provider_admin(StaffFactory(), world.other_provider)


def tamper(sql: str, params: list) -> None:
    """Change the log as an attacker with database access would (tests only).

    Past the append-only trigger on PostgreSQL, as a superuser may: replica mode switches
    user triggers off for the session.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = origin")


def _backdate(event, when) -> None:
    # The chain is not verified in the tests that back-date (the event is not sealed yet).
    tamper(
        "UPDATE audit_accessevent SET occurred_at = %s WHERE id = %s",
        [connection.ops.adapt_datetimefield_value(when), event.pk],
    )


@pytest.fixture
def seal(django_capture_on_commit_callbacks):
    """Run the sealer as the worker would, including its after-commit checkpoint files."""
    from stegvis.audit.services.sealing import seal_pending

    def _seal(**kwargs) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return seal_pending(**kwargs)

    return _seal


@pytest.fixture
def read(world):
    """Record a staff read of a citizen (default: the practitioner reading world.citizen)."""

    def _read(actor=None, citizen=None, unit=None, action="enrollment.view", when=None):
        event = record_read(
            actor=actor or world.practitioner,
            action=action,
            citizen=citizen or world.citizen,
            unit=unit or world.unit,
            role="practitioner",
        )
        if when is not None:
            _backdate(event, when)
            event.refresh_from_db()
        return event

    return _read

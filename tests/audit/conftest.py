"""Log review personas: a permitted reviewer, one whose grant ended, another provider's admin."""

import pytest
from django.utils import timezone

from stegvis.audit.models import AccessEvent, LogReviewer
from stegvis.audit.recording import record_read
from tests.care.conftest import release, start  # noqa: F401  (enrollments for the patterns)
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
            # Back-date it (tests only; the chain is not verified in these tests).
            AccessEvent.objects.filter(pk=event.pk).update(occurred_at=when)
            event.refresh_from_db()
        return event

    return _read

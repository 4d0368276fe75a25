"""Fixtures for the citizen's tests: an active release with every block type and an enrollment.

Imported by tests/portal/conftest.py and tests/care/citizen/conftest.py.
"""

import datetime as dt

import pytest
from django.utils import timezone

from stegvis.care.models import Enrollment, ModuleState, Phase
from stegvis.care.services import runtime
from tests.factories import ReleaseFactory
from tests.portal.documents import care_document, with_conditional_step


def make_release(provider, unit=None, *, conditional: bool = False, **document_options):
    document = care_document(**document_options)
    if conditional:
        document = with_conditional_step(document)
    return ReleaseFactory(owner=provider, document=document, active_at=unit)


def make_enrollment(citizen, unit, release, *, phase=Phase.TREATMENT, practitioner=None):
    """An enrollment as the staff side starts it: modules opening at start are open."""
    now = timezone.now()
    enrollment = Enrollment.objects.create(
        citizen=citizen,
        unit=unit,
        release=release,
        practitioner=practitioner,
        phase=phase,
        start_date=timezone.localdate(),
        last_activity_at=now,
        closed_at=now if phase == Phase.CLOSED else None,
    )
    runtime.initialise(enrollment, actor=None)
    return Enrollment.objects.select_related("release", "unit").get(pk=enrollment.pk)


def open_module_now(enrollment, key: str) -> None:
    ModuleState.objects.filter(enrollment=enrollment, module_key=key).update(
        visibility=ModuleState.Visibility.OPEN, opened_at=timezone.now() - dt.timedelta(days=1)
    )


@pytest.fixture
def release(world):
    return make_release(world.provider, world.unit)


@pytest.fixture
def enrollment(world, release):
    return make_enrollment(world.citizen, world.unit, release, practitioner=world.practitioner)

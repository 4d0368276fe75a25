"""Each enrollment's count of open red flags, which the lists sort on, agrees with its flags.

The services that raise and acknowledge flags keep it in their transaction; the migration that
added it counted the flags already there; the demo and loadscale write it with their rows.
"""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from stegvis.care.models import Enrollment, Flag, Phase
from stegvis.care.services.feedback import respond_feedback
from stegvis.care.services.flags import (
    acknowledge_flag,
    enrollments_miscounting_red_flags,
    raise_flag,
)
from stegvis.clinic.lists import my_enrollments, unit_enrollments
from stegvis.organisation.models import Role
from tests.factories import CitizenFactory, FeedbackFactory, StaffFactory, assign
from tests.threads import at_once, in_a_thread, on_a_file_database

pytestmark = pytest.mark.django_db


def _count(enrollment) -> int:
    return Enrollment.objects.values_list("open_red_flags", flat=True).get(pk=enrollment.pk)


def _raise(enrollment, level: str, key: str):
    return raise_flag(enrollment, actor=None, kind="alert", level=level, dedupe_key=key)[0]


def test_raising_and_acknowledging_red_flags_counts_them(world, start):
    enrollment = start()
    first = _raise(enrollment, "red", "alert:1")
    _raise(enrollment, "red", "alert:1")  # the same cause again: no second flag
    _raise(enrollment, "red", "alert:2")
    _raise(enrollment, "yellow", "alert:3")
    assert _count(enrollment) == 2
    acknowledge_flag(first, actor=world.practitioner)
    acknowledge_flag(first, actor=world.practitioner)  # twice: counted once
    assert _count(enrollment) == 1
    assert not enrollments_miscounting_red_flags().exists()


def _two(start):
    return start(citizen=CitizenFactory()), start(citizen=CitizenFactory())


def test_a_red_flag_puts_the_enrollment_on_top_until_acknowledged(world, start):
    quiet, flagged = _two(start)
    Enrollment.objects.filter(pk=quiet.pk).update(last_activity_at=timezone.now())
    colleague = assign(StaffFactory(), world.unit, Role.PRACTITIONER)
    flag = _raise(flagged, "red", "alert:1")
    assert list(unit_enrollments(world.citizen_admin, world.unit)[:2]) == [flagged, quiet]
    assert list(my_enrollments(colleague, world.unit)) == [flagged]  # Mina: every red flag
    acknowledge_flag(flag, actor=world.practitioner)
    assert list(unit_enrollments(world.citizen_admin, world.unit)[:2]) == [quiet, flagged]
    assert list(my_enrollments(colleague, world.unit)) == []


def test_a_closed_enrollment_sinks_unless_it_has_an_open_red_flag(world, start):
    closed, running = _two(start)
    Enrollment.objects.filter(pk=closed.pk).update(
        phase=Phase.CLOSED, last_activity_at=timezone.now()
    )
    assert list(unit_enrollments(world.citizen_admin, world.unit)[:2]) == [running, closed]
    _raise(closed, "red", "alert:1")
    assert list(unit_enrollments(world.citizen_admin, world.unit)[:2]) == [closed, running]


def test_responding_to_feedback_leaves_the_red_count_alone(world, start):
    enrollment = start()
    _raise(enrollment, "red", "alert:1")
    feedback = FeedbackFactory(enrollment=enrollment)
    raise_flag(
        enrollment,
        actor=None,
        kind=Flag.Kind.FEEDBACK,
        level=Flag.Level.YELLOW,
        dedupe_key=f"feedback:{feedback.block_key}",
    )
    respond_feedback(actor=world.practitioner, feedback=feedback, response="Bra jobbat.")
    assert _count(enrollment) == 1
    assert not Flag.objects.filter(kind="feedback", acknowledged_at__isnull=True).exists()
    assert not enrollments_miscounting_red_flags().exists()


def test_the_migration_counts_the_flags_already_there(world, start):
    enrollment, other = _two(start)
    for key in ("alert:1", "alert:2"):
        _raise(enrollment, "red", key)
    _raise(other, "yellow", "alert:3")
    Enrollment.objects.update(open_red_flags=0)
    migration = importlib.import_module("stegvis.care.migrations.0006_list_order")
    migration.count_open_red_flags(apps, schema_editor=None)
    assert (_count(enrollment), _count(other)) == (2, 0)


@pytest.mark.django_db(transaction=True)
def test_two_red_flags_raised_at_once_both_count(world, start, tmp_path):
    enrollment = start()
    with on_a_file_database(tmp_path):
        results = at_once(
            lambda: _raise(enrollment, "red", "alert:1"),
            lambda: _raise(enrollment, "red", "alert:2"),
        )
        count = in_a_thread(lambda: _count(enrollment))
    assert all(isinstance(result, Flag) for result in results), results
    assert count == 2


def test_acknowledging_a_flag_never_counted_leaves_zero(world, start):
    enrollment = start()
    flag = Flag.objects.create(enrollment=enrollment, kind="alert", level="red", dedupe_key="x")
    acknowledge_flag(flag, actor=world.practitioner)  # no 500 on a count that was never raised
    assert _count(enrollment) == 0

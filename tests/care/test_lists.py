"""Mina and Alla: what each shows, in which order, and the filters."""

from django.urls import reverse
from django.utils import timezone

from stegvis.care.models import Flag, Phase
from stegvis.care.services.flags import acknowledge_flag, raise_flag
from stegvis.organisation.models import Role
from tests.factories import CitizenFactory, FeedbackFactory, StaffFactory, assign

MINA = "/clinic/care/"
ALLA = "/clinic/care/all/"


def _ids(response):
    return [e.pk for e in response.context["page"]]


def test_the_urls_are_the_named_ones():
    assert reverse("clinic:my_enrollments") == MINA
    assert reverse("clinic:unit_enrollments") == ALLA


def test_mina_shows_my_enrollments_not_a_colleagues(world, login, start):
    colleague = assign(StaffFactory(), world.unit, Role.PRACTITIONER)
    mine = start()
    theirs = start(citizen=world.other_citizen, practitioner=colleague)
    assert _ids(login(world.practitioner).get(MINA)) == [mine.pk]
    assert _ids(login(colleague).get(MINA)) == [theirs.pk]


def test_a_red_flag_reaches_every_practitioner_on_top_until_acknowledged(world, login, start):
    colleague = assign(StaffFactory(), world.unit, Role.PRACTITIONER)
    flagged = start()
    own = start(citizen=world.other_citizen, practitioner=colleague)
    flag, _ = raise_flag(
        flagged, actor=None, kind=Flag.Kind.ALERT, level=Flag.Level.RED, dedupe_key="alert:1:9"
    )
    response = login(colleague).get(MINA)
    assert _ids(response) == [flagged.pk, own.pk]
    assert "Prioriterad" in response.content.decode() or "Prioritised" in (
        response.content.decode()
    )
    assert _ids(login(colleague).get(ALLA))[0] == flagged.pk
    acknowledge_flag(flag, actor=colleague)
    assert _ids(login(colleague).get(MINA)) == [own.pk]


def test_mina_shows_the_queue_to_citizen_admins(world, login, start):
    queued = start()
    queued.phase = Phase.QUEUED
    queued.practitioner = None
    queued.save()
    assert _ids(login(world.citizen_admin).get(MINA)) == [queued.pk]
    assert _ids(login(world.practitioner).get(MINA)) == []


def test_alla_shows_every_enrollment_at_the_unit_with_waiting_feedback(world, login, start):
    colleague = assign(StaffFactory(), world.unit, Role.PRACTITIONER)
    first = start()
    second = start(citizen=world.other_citizen, practitioner=colleague)
    FeedbackFactory(enrollment=second)
    response = login(world.citizen_admin).get(ALLA)
    assert set(_ids(response)) == {first.pk, second.pk}
    rows = {e.pk: e for e in response.context["page"]}
    assert rows[second.pk].waiting_feedback == 1
    assert rows[first.pk].waiting_feedback == 0


def test_alla_filters_by_practitioner_phase_program_and_flag(world, login, start, release):
    colleague = assign(StaffFactory(), world.unit, Role.PRACTITIONER)
    first = start()
    second = start(citizen=world.other_citizen, practitioner=colleague)
    third = start(citizen=CitizenFactory(), practitioner=colleague)
    third.phase = Phase.MAINTENANCE
    third.save()
    raise_flag(second, actor=None, kind="overdue", level="yellow", dedupe_key="overdue:1")
    client = login(world.practitioner)
    assert set(_ids(client.get(ALLA, {"practitioner": colleague.pk}))) == {second.pk, third.pk}
    assert _ids(client.get(ALLA, {"phase": "maintenance"})) == [third.pk]
    assert _ids(client.get(ALLA, {"flag": "yellow"})) == [second.pk]
    assert _ids(client.get(ALLA, {"flag": "overdue"})) == [second.pk]
    assert len(_ids(client.get(ALLA, {"program": release.program_key}))) == 3
    assert first.pk in _ids(client.get(ALLA))


def test_a_bad_filter_value_shows_a_message_and_the_unfiltered_list(world, login, start):
    start()
    response = login(world.practitioner).get(ALLA, {"phase": "nonsense", "practitioner": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert len(_ids(response)) == 1


def test_lists_record_one_read_per_citizen_shown(world, login, start):
    from stegvis.audit.models import AccessEvent, AccessEventSubject

    first = start()
    second = start(citizen=world.other_citizen)
    login(world.practitioner).get(ALLA)
    # One compact event for the page view, naming each citizen shown (ADR 0007).
    [event] = AccessEvent.objects.filter(action="care.list_all")
    shown = AccessEventSubject.objects.filter(event=event)
    assert {(s.citizen_id, s.enrollment_id) for s in shown} == {
        (world.citizen.pk, first.pk),
        (world.other_citizen.pk, second.pk),
    }
    assert (event.unit_id, event.citizen_id, event.subject_count) == (world.unit.pk, None, 2)


def test_closed_enrollments_leave_mina_but_stay_in_alla(world, login, start):
    enrollment = start()
    enrollment.phase = Phase.CLOSED
    enrollment.closed_at = timezone.now()
    enrollment.save()
    client = login(world.practitioner)
    assert _ids(client.get(MINA)) == []
    assert _ids(client.get(ALLA)) == [enrollment.pk]

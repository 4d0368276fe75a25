"""Hantera: one enrollment's overview, results, answers, diary, flags, feedback, phase, history."""

from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.care.models import Flag, ModuleState, Phase
from tests.care.helpers import completed_phq9, fill
from tests.factories import FeedbackFactory, FlagFactory


def url(enrollment, name="enrollment", *args):
    return reverse(f"clinic:{name}", args=[enrollment.pk, *args])


def test_the_page_shows_every_part(world, login, start):
    enrollment = start()
    fill(enrollment, 3)
    response = login(world.practitioner).get(url(enrollment))
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("Introduktion", "Beteendeaktivering", "Promenera", "Humördagbok", "Medelsvåra"):
        assert text in body
    # The charts are on the sub-pages (Hantera links to them): the scores on the results page,
    # the mood diary on the diary page, each at phone and desktop size.
    assert "data:image/svg+xml;base64," not in body
    client = login(world.practitioner)
    for part in ("enrollment_results", "enrollment_diary"):
        assert url(enrollment, part) in body
        assert client.get(url(enrollment, part)).content.decode().count("data:image/svg") == 2
    assert "<script" not in body.split("<main", 1)[1]
    assert "Fråga 9" in body  # the alert's own message explains the red flag
    assert "Modulen Sömn öppnas" in body  # what the rules will do next


def test_opening_the_page_is_logged(world, login, start):
    enrollment = start()
    login(world.citizen_admin).get(url(enrollment))
    assert AccessEvent.objects.filter(
        action="enrollment.view", enrollment_id=enrollment.pk, actor=world.citizen_admin
    ).exists()


def test_the_practitioner_unlocks_hides_and_shows_a_module(world, login, start):
    enrollment = start()
    client = login(world.practitioner)
    state = lambda: ModuleState.objects.get(enrollment=enrollment, module_key="relapse")  # noqa: E731
    client.post(url(enrollment, "enrollment_module"), {"module": "relapse", "action": "open"})
    assert state().visibility == "open"
    client.post(url(enrollment, "enrollment_module"), {"module": "relapse", "action": "hide"})
    assert state().visibility == "hidden"
    client.post(url(enrollment, "enrollment_module"), {"module": "relapse", "action": "show"})
    assert state().visibility == "open"
    assert enrollment.history.filter(action="module.hidden").exists()


def test_an_unknown_module_is_a_message_not_a_500(world, login, start):
    enrollment = start()
    response = login(world.practitioner).post(
        url(enrollment, "enrollment_module"), {"module": "nope", "action": "open"}
    )
    assert response.status_code == 400
    assert response.context["errors"]


def test_acknowledging_a_flag(world, login, start):
    enrollment = start()
    flag = FlagFactory(enrollment=enrollment)
    login(world.practitioner).post(url(enrollment, "enrollment_flag_acknowledge", flag.pk))
    flag.refresh_from_db()
    assert flag.acknowledged_by == world.practitioner
    assert enrollment.history.filter(action="flag.acknowledged").exists()


def test_a_flag_of_another_enrollment_is_not_found(world, login, start):
    enrollment = start()
    other = start(citizen=world.other_citizen)
    flag = FlagFactory(enrollment=other)
    response = login(world.practitioner).post(
        url(enrollment, "enrollment_flag_acknowledge", flag.pk)
    )
    assert response.status_code == 404


def test_responding_to_feedback_settles_its_flag(world, login, start):
    enrollment = start()
    feedback = FeedbackFactory(enrollment=enrollment)
    FlagFactory(
        enrollment=enrollment, kind="feedback", level="yellow", dedupe_key="feedback:act-feedback"
    )
    login(world.practitioner).post(
        url(enrollment, "enrollment_feedback", feedback.pk),
        {f"feedback-{feedback.pk}-response": "Bra jobbat!"},
    )
    feedback.refresh_from_db()
    assert feedback.response == "Bra jobbat!"
    assert not Flag.objects.filter(acknowledged_at__isnull=True).exists()


def test_an_empty_response_is_refused_with_a_message(world, login, start):
    enrollment = start()
    feedback = FeedbackFactory(enrollment=enrollment)
    response = login(world.practitioner).post(
        url(enrollment, "enrollment_feedback", feedback.pk),
        {f"feedback-{feedback.pk}-response": "   "},
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()


def test_changing_phase_needs_a_reason_and_keeps_what_was_chosen(world, login, start):
    enrollment = start()
    client = login(world.practitioner)
    response = client.post(
        url(enrollment, "enrollment_phase"), {"phase-phase": "maintenance", "phase-reason": ""}
    )
    assert response.status_code == 400
    assert response.context["phase_form"]["phase"].value() == "maintenance"
    client.post(
        url(enrollment, "enrollment_phase"),
        {"phase-phase": "maintenance", "phase-reason": "Mår bättre"},
    )
    enrollment.refresh_from_db()
    assert enrollment.phase == Phase.MAINTENANCE
    event = enrollment.history.get(action="phase.changed")
    assert event.detail["reason"] == "Mår bättre"


def test_phases_only_move_forward(world, login, start):
    enrollment = start()
    client = login(world.practitioner)
    client.post(
        url(enrollment, "enrollment_phase"), {"phase-phase": "closed", "phase-reason": "Klar"}
    )
    response = client.post(
        url(enrollment, "enrollment_phase"), {"phase-phase": "treatment", "phase-reason": "Igen"}
    )
    enrollment.refresh_from_db()
    assert enrollment.phase == Phase.CLOSED
    assert response.status_code == 400


def test_a_closed_enrollment_stays_readable(world, login, start):
    enrollment = start()
    completed_phq9(enrollment, 1)
    login(world.practitioner).post(
        url(enrollment, "enrollment_phase"), {"phase-phase": "closed", "phase-reason": "Klar"}
    )
    response = login(world.practitioner).get(url(enrollment))
    assert response.status_code == 200
    assert "Medelsvåra" in response.content.decode()
    assert not response.context["may"]["modules"]


def test_a_citizen_admin_assigns_a_queued_enrollment_which_starts_treatment(world, login, start):
    enrollment = start()
    enrollment.phase = Phase.QUEUED
    enrollment.practitioner = None
    enrollment.save()
    response = login(world.citizen_admin).post(
        url(enrollment, "enrollment_assign"), {"assign-practitioner": world.practitioner.pk}
    )
    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.practitioner == world.practitioner
    assert enrollment.phase == Phase.TREATMENT


def test_a_practitioner_may_take_a_queued_enrollment_but_not_reassign(world, login, start):
    from stegvis.organisation.models import Role
    from tests.factories import StaffFactory, assign

    colleague = assign(StaffFactory(), world.unit, Role.PRACTITIONER)
    enrollment = start()
    client = login(colleague)
    response = client.post(
        url(enrollment, "enrollment_assign"), {"assign-practitioner": colleague.pk}
    )
    assert response.status_code == 403
    enrollment.phase = Phase.QUEUED
    enrollment.practitioner = None
    enrollment.save()
    client.post(url(enrollment, "enrollment_assign"), {"assign-practitioner": colleague.pk})
    enrollment.refresh_from_db()
    assert enrollment.practitioner == colleague


def test_assigning_someone_who_does_not_work_here_is_a_field_error(world, login, start):
    enrollment = start()
    response = login(world.citizen_admin).post(
        url(enrollment, "enrollment_assign"),
        {"assign-practitioner": world.other_unit_practitioner.pk},
    )
    assert response.status_code == 400
    assert response.context["assign_form"].errors

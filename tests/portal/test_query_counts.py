"""The citizen's home and a step page run a fixed number of queries, whatever the data size."""

from django.urls import reverse
from django.utils import timezone

from stegvis.care.models import DiaryEntry, StepProgress
from stegvis.care.services.answers import save_answer
from tests.factories import QuestionnaireResponseFactory
from tests.plugins.queries import assert_page_queries
from tests.portal.fixtures import make_enrollment, make_release, open_module_now


def grow(world, enrollment, n: int) -> None:
    """More enrollments (each with due questionnaires and finished steps), answers, entries."""
    for i in range(n):
        release = make_release(world.provider, world.unit, key=f"extra{i}{enrollment.pk}")
        other = make_enrollment(world.citizen, world.unit, release)
        StepProgress.objects.create(enrollment=other, step_key="intro", completed_at=timezone.now())
        QuestionnaireResponseFactory(enrollment=other)
    for i in range(n):
        DiaryEntry.objects.create(
            enrollment=enrollment, diary_key="d1", entry_date="2026-01-01", values={"hours": i}
        )
    save_answer(actor=world.citizen, enrollment=enrollment, block_key="hw1", value={"text": "a"})


def test_home_does_not_grow_with_enrollments(world, enrollment, login):
    client = login(world.citizen)
    # session + user, enrollments with release and unit, module states, completed steps,
    # due questionnaires, open programs (activations with release and unit)
    assert_page_queries(client, reverse("portal:home"), 9, grow=lambda: grow(world, enrollment, 4))


def test_a_step_page_does_not_grow_with_answers_or_entries(world, enrollment, login):
    open_module_now(enrollment, "m2")
    client = login(world.citizen)
    url = reverse("portal:step", args=[enrollment.pk, "sleep"])
    # (The warm-up request also records the step as seen.) Session + user, enrollment
    # (fetch-and-check) + access event, module states (view and service), the seen step, the
    # step's answers, responses, feedback and diary entries.
    assert_page_queries(client, url, 12, grow=lambda: grow(world, enrollment, 4))


def test_the_program_page_does_not_grow_with_progress(world, enrollment, login):
    client = login(world.citizen)
    url = reverse("portal:program", args=[enrollment.pk])

    def progress():
        for key in ("intro", "mood-check", "exercises"):
            StepProgress.objects.create(
                enrollment=enrollment, step_key=key, completed_at=timezone.now()
            )

    # session + user, enrollment + access event, module states, completed steps, a pending
    # handover (issue 18), relatives with access
    assert_page_queries(client, url, 9, grow=progress)


def test_results_do_not_grow_with_responses(world, enrollment, login):
    client = login(world.citizen)
    url = reverse("portal:results", args=[enrollment.pk])

    def responses():
        for i in range(5):
            QuestionnaireResponseFactory(
                enrollment=enrollment,
                due_at=None,
                completed_at=timezone.now(),
                score={"total": i, "band": {"label": {"sv": "Lindriga", "en": "Mild"}}},
            )

    # session + user, enrollment + access event, completed responses
    assert_page_queries(client, url, 6, grow=responses)

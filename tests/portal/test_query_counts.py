"""The citizen's home and a step page run a fixed number of queries, whatever the data size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stegvis.care.models import DiaryEntry, QuestionnaireResponse, StepProgress
from stegvis.care.services.answers import save_answer
from tests.portal.fixtures import make_enrollment, make_release, open_module_now


def count(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries.captured_queries]


def grow(world, enrollment, n: int) -> None:
    """More enrollments (each with due questionnaires and finished steps), answers, entries."""
    for i in range(n):
        release = make_release(world.provider, world.unit, key=f"extra{i}{enrollment.pk}")
        other = make_enrollment(world.citizen, world.unit, release)
        StepProgress.objects.create(enrollment=other, step_key="intro", completed_at=timezone.now())
        QuestionnaireResponse.objects.create(
            enrollment=other,
            questionnaire_key="phq9",
            definition_version="1.0.0",
            occasion=f"schedule:x:{i}",
            due_at=timezone.now(),
        )
    for i in range(n):
        DiaryEntry.objects.create(
            enrollment=enrollment, diary_key="d1", entry_date="2026-01-01", values={"hours": i}
        )
    save_answer(actor=world.citizen, enrollment=enrollment, block_key="hw1", value={"text": "a"})


def test_home_does_not_grow_with_enrollments(world, enrollment, login):
    client = login(world.citizen)
    url = reverse("portal:home")
    client.get(url)  # warm up: session, translations, caches
    few, _ = count(client, url)

    grow(world, enrollment, 4)
    many, sql = count(client, url)

    # session + user, enrollments with release and unit, module states, completed steps,
    # due questionnaires, open programs (activations with release and unit)
    assert many == few, "\n".join(sql)


def test_a_step_page_does_not_grow_with_answers_or_entries(world, enrollment, login):
    open_module_now(enrollment, "m2")
    client = login(world.citizen)
    url = reverse("portal:step", args=[enrollment.pk, "sleep"])
    client.get(url)  # warm up; also records the step as seen
    few, _ = count(client, url)

    grow(world, enrollment, 4)
    many, sql = count(client, url)

    # session + user, enrollment (fetch-and-check) + access event, module states (view and
    # service), the seen step, the step's answers, responses, feedback and diary entries
    assert many == few, "\n".join(sql)


def test_the_program_page_does_not_grow_with_progress(world, enrollment, login):
    client = login(world.citizen)
    url = reverse("portal:program", args=[enrollment.pk])
    client.get(url)
    few, _ = count(client, url)

    for key in ("intro", "mood-check", "exercises"):
        StepProgress.objects.create(
            enrollment=enrollment, step_key=key, completed_at=timezone.now()
        )
    many, sql = count(client, url)

    # session + user, enrollment + access event, module states, completed steps
    assert many == few, "\n".join(sql)


def test_results_do_not_grow_with_responses(world, enrollment, login):
    client = login(world.citizen)
    url = reverse("portal:results", args=[enrollment.pk])
    client.get(url)
    few, _ = count(client, url)

    for i in range(5):
        QuestionnaireResponse.objects.create(
            enrollment=enrollment,
            questionnaire_key="phq9",
            definition_version="1.0.0",
            occasion=f"schedule:every_n_days:{i}:phq9",
            completed_at=timezone.now(),
            score={"total": i, "band": {"label": {"sv": "Lindriga", "en": "Mild"}}},
        )
    many, sql = count(client, url)

    # session + user, enrollment + access event, completed responses
    assert many == few, "\n".join(sql)

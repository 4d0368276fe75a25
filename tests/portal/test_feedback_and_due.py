"""Feedback shows the practitioner's answer; a due questionnaire is answered on its own page."""

from django.urls import reverse
from django.utils import timezone

from stegvis.care.models import Feedback
from stegvis.care.services.answers import save_answer
from tests.factories import QuestionnaireResponseFactory
from tests.portal.documents import phq9_answers
from tests.portal.fixtures import open_module_now


def test_the_practitioners_answer_is_shown_and_next_works(world, enrollment, login):
    open_module_now(enrollment, "m2")
    save_answer(
        actor=world.citizen,
        enrollment=enrollment,
        block_key="fb1",
        value={"text": "Hur gör jag?"},
        submit=True,
    )
    Feedback.objects.update(response="Så här gör du.", responded_at=timezone.now())
    client = login(world.citizen)
    url = reverse("portal:step", args=[enrollment.pk, "reflect"])

    page = client.get(url).content.decode()
    response = client.post(url, {"action": "next"})

    assert "Så här gör du." in page
    assert response.status_code == 302


def due(enrollment):
    return QuestionnaireResponseFactory(enrollment=enrollment)


def test_answering_a_due_questionnaire_scores_it_and_shows_the_results(world, enrollment, login):
    response = due(enrollment)
    data = {f"due-{link}": value for link, value in phq9_answers().items()}
    data["action"] = "complete"

    reply = login(world.citizen).post(
        reverse("portal:due_questionnaire", args=[enrollment.pk, response.pk]), data
    )

    assert reply["Location"] == reverse("portal:results", args=[enrollment.pk])
    response.refresh_from_db()
    assert response.completed_at is not None and response.score["total"] == 8


def test_a_due_questionnaire_with_gaps_keeps_the_answers_and_names_the_gaps(
    world, enrollment, login
):
    response = due(enrollment)

    reply = login(world.citizen).post(
        reverse("portal:due_questionnaire", args=[enrollment.pk, response.pk]),
        {"due-1": "3", "action": "complete"},
    )

    assert reply.status_code == 400
    assert 'href="#due-2"' in reply.content.decode()
    response.refresh_from_db()
    assert response.answers == {"1": "3"} and response.completed_at is None

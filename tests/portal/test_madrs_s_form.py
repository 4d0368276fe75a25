"""MADRS-S shows each item's heading, question and step descriptions, not bare 0–6 buttons."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from stegvis.instruments.library import builtin_data
from tests.factories import QuestionnaireResponseFactory, ReleaseFactory
from tests.portal.documents import care_document
from tests.portal.fixtures import make_enrollment


def madrs_page(world, login):
    document = care_document()
    document["questionnaires"]["madrs-s"] = builtin_data("madrs-s")
    release = ReleaseFactory(owner=world.provider, document=document, active_at=world.unit)
    enrollment = make_enrollment(world.citizen, world.unit, release)
    due = QuestionnaireResponseFactory(
        enrollment=enrollment,
        questionnaire_key="madrs-s",
        definition_version="1.1.0",
        due_at=timezone.now() - dt.timedelta(hours=1),
    )
    url = reverse("portal:due_questionnaire", args=[enrollment.pk, due.pk])
    response = login(world.citizen).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_each_item_shows_its_heading_question_and_described_steps(world, login):
    page = madrs_page(world, login)
    assert "<legend>Sinnesstämning" in page
    assert "Här ska du beskriva om du känner dig ledsen" in page
    assert "Jag kan känna mig glad eller ledsen, allt efter omständigheterna." in page
    assert "Jag har normal aptit på livet." in page
    assert page.count('class="help q-help"') == 9


def test_the_steps_between_have_an_accessible_name_but_show_only_their_number(world, login):
    page = madrs_page(world, login)
    assert (
        '<span class="q-step-number" aria-hidden="true">1</span>'
        '<span class="visually-hidden">1 (mellan 0 och 2)</span>'
    ) in page
    assert page.count('class="option q-step q-step-between"') == 9 * 3
    assert page.count('name="due-1"') == 7


def test_the_question_text_describes_the_group_of_steps(world, login):
    page = madrs_page(world, login)
    assert 'id="due-1" data-q="1" aria-describedby="due-1-help"' in page
    assert 'id="due-1-help"' in page

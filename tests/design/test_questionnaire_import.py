"""A designer imports a FHIR Questionnaire in the design tool and places it in a step."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.design.blocks import QuestionnaireBlock, imported_choices
from stegvis.design.release import build_document
from stegvis.instruments.models import StoredDefinition
from stegvis.instruments.scoring import score
from stegvis.instruments.services import get_definition
from tests.design.conftest import make_program, text
from tests.plugins.queries import assert_page_queries

FIXTURES = Path(__file__).parents[1] / "instruments" / "fixtures"
URL = "/design/questionnaires/import/"


def upload(client, name="constructed-subscales-sv.json", content=None, provider=None, **extra):
    data = content if content is not None else (FIXTURES / name).read_bytes()
    post = {"file": SimpleUploadedFile(name, data, "application/json"), **extra}
    if provider is not None:
        post["provider"] = provider.pk
    return client.post(URL, post)


def test_the_url_is_the_named_one():
    assert reverse("design_questionnaire_import") == URL


def test_a_designer_imports_a_file_and_sees_its_scoring_and_notes(design, login, world):
    client = login(design.designer)
    response = upload(client, provider=world.provider)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sömn- och stämningskoll" in page
    assert "sleep.q1, sleep.q2, sleep.nights" in page  # the sleep subscale's items
    assert "itemControl spinner" in page  # a note on what was not imported
    row = StoredDefinition.objects.get(key="sleep-mood-check")
    assert row.source == f"design tool {world.provider.code}: constructed-subscales-sv.json"
    event = AccessEvent.objects.get(action="instrument.import")
    assert (event.actor_id, event.provider_id) == (design.designer.pk, world.provider.pk)


def test_the_page_is_in_swedish_by_default_and_english_when_chosen(design, login, world):
    client = login(design.designer)
    page = client.get(URL).content.decode()
    assert "Importera ett FHIR-formulär" in page
    english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200


def test_a_renderers_phq9_test_form_is_recognised(design, login, world):
    response = upload(
        login(design.designer), "renderer-phq9-variables.json", provider=world.provider
    )
    assert response.status_code == 200
    assert "PHQ9" in response.content.decode()
    assert "q1_value" in response.content.decode()  # the repaired Expression name is listed


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{nope", "Filen är inte giltig JSON"),
        (b'{"resourceType": "Patient"}', "inte en FHIR Questionnaire"),
        (b"\xff\xfe\x00garbage", "inte giltig JSON"),
        (b'{"resourceType": "Questionnaire", "item": [{"type": "string"}]}', "item.0.linkId"),
    ],
)
def test_a_broken_file_is_a_form_error_not_a_server_error(design, login, world, content, message):
    response = upload(login(design.designer), "x.json", content=content, provider=world.provider)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StoredDefinition.objects.exists()


def test_a_changed_file_with_the_same_version_is_refused(design, login, world):
    client = login(design.designer)
    assert upload(client, provider=world.provider).status_code == 200
    data = json.loads((FIXTURES / "constructed-subscales-sv.json").read_text())
    data["title"] = "Changed"
    response = upload(client, content=json.dumps(data).encode(), provider=world.provider)
    assert response.status_code == 400
    assert "finns redan med annat innehåll" in response.content.decode()


def test_a_designer_cannot_import_for_another_provider(design, login, world):
    response = upload(login(design.designer), provider=world.other_provider)
    assert response.status_code == 400
    assert not StoredDefinition.objects.exists()


def test_staff_without_a_design_role_are_refused(design, login, world):
    client = login(world.practitioner)
    assert client.get(URL).status_code == 403
    assert upload(client, provider=world.provider).status_code == 403


def test_the_page_runs_a_fixed_number_of_queries(design, login, world):
    client = login(design.designer)

    def grow():
        for n in range(3):
            data = json.loads((FIXTURES / "r5-export-quirks.json").read_text())
            data["version"] = f"9.{n}"
            upload(client, content=json.dumps(data).encode(), provider=world.provider)

    # Session, user, the MFA check, the
    # designer's roles, Wagtail's profile, the providers they design for, the imported
    # questionnaires (one query, whatever their number), and Wagtail's locales, page and
    # collection permissions, user and group permissions and the explorer's start page.
    assert_page_queries(client, URL, 13, grow=grow)


def test_an_imported_questionnaire_is_offered_in_the_block_and_released_with_its_scoring(
    design, login, world
):
    upload(login(design.designer), provider=world.provider)
    choices = dict(imported_choices())
    assert "sleep-mood-check@2.1" in choices
    value = {"builtin": "", "imported": "sleep-mood-check@2.1", "definition": ""}
    QuestionnaireBlock().clean(QuestionnaireBlock().to_python(value))
    program, *_ = make_program(
        design.root, blocks=[text(), {"type": "questionnaire", "value": value}]
    )
    document = build_document(program)
    released = document["questionnaires"]["sleep-mood-check"]
    assert released == get_definition("sleep-mood-check", "2.1").to_dict()
    assert [s["id"] for s in released["scoring"]["subscales"]] == ["sleep_total", "mood_total"]
    definition = get_definition("sleep-mood-check")
    answers = {"sleep.q1": "always", "sleep.q2": "always", "sleep.nights": 7}
    answers |= {"mood.q1": "never", "mood.q2": "never"}
    assert score(definition, answers).total == 13


def test_a_block_must_choose_exactly_one_questionnaire(design):
    from wagtail.blocks import StructBlockValidationError

    block = QuestionnaireBlock()
    for value in (
        {"builtin": "phq9", "imported": "x@1", "definition": ""},
        {"builtin": "", "imported": "", "definition": ""},
        {"builtin": "", "imported": "gone@1", "definition": ""},
    ):
        with pytest.raises(StructBlockValidationError):
            block.clean(block.to_python(value))

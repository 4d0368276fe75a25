"""A designer imports a form renderer's PHQ-9 test form in the design tool, with the keyboard,
and reads the report; the page passes axe and fits a phone."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from stegvis.design.services import ensure_design_roots
from stegvis.instruments.models import StoredDefinition
from tests.browser.helpers import assert_accessible, ensure_wagtail_tree

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parents[1] / "instruments" / "fixtures" / "renderer-phq9-variables.json"


@pytest.mark.parametrize("size", ["phone_page", "desktop_page"])
def test_a_designer_imports_a_fhir_questionnaire_with_the_keyboard(
    request, size, server, world, log_in_as, settings
):
    settings.USERSESSIONS_TRACK_ACTIVITY = False
    page = request.getfixturevalue(size)
    page.emulate_media(reduced_motion="reduce")
    ensure_wagtail_tree()
    ensure_design_roots()
    log_in_as(page, world.designer)
    page.goto(f"{server}/design/questionnaires/import/")
    expect(page.get_by_role("heading", name="Importera ett FHIR-formulär").first).to_be_visible()
    assert_accessible(page)

    file_input = page.get_by_label("FHIR Questionnaire (JSON-fil)")
    file_input.set_input_files(str(FIXTURE))
    file_input.focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Importera", exact=True)).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="är importerat")).to_be_visible()
    expect(page.get_by_text("Känns igen som PHQ9")).to_be_visible()
    expect(page.get_by_text("'q1_value' är inte ett giltigt FHIR-id").first).to_be_visible()
    assert StoredDefinition.objects.filter(key="phq9-test-form").exists()
    assert_accessible(page)

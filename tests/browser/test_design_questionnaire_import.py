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
    # The admin speaks the browser's language (sv or en): find things by their ids.
    page.goto(f"{server}/design/questionnaires/import/", timeout=30_000)
    expect(page.locator("#import-heading")).to_be_visible()
    assert_accessible(page)

    file_input = page.locator("#id_file")
    file_input.set_input_files(str(FIXTURE))
    file_input.focus()
    page.keyboard.press("Tab")
    expect(page.locator("main form button[type=submit]")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("#result-heading")).to_be_visible(timeout=30_000)
    expect(page.locator("#result-heading")).to_contain_text("PHQ-9")
    expect(page.get_by_text("q1_value").first).to_be_visible()
    assert StoredDefinition.objects.filter(key="phq9-test-form").exists()
    assert_accessible(page)

"""The citizen downloads their data from the portal, as PDF, JSON and FHIR, by keyboard too."""

import json

import pytest
from django.urls import reverse

from tests.browser.helpers import assert_accessible
from tests.factories import AnswerFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def enrollment(world, start):
    enrollment = start()
    AnswerFactory(enrollment=enrollment, value={"text": "Ett svar med åäö"})
    return enrollment


def test_the_citizen_downloads_their_data(page, server, world, log_in_as, enrollment):
    log_in_as(page, world.citizen)
    page.goto(f"{server}{reverse('portal:home')}")
    page.get_by_role("link", name="Download my data").click()
    page.get_by_role("heading", level=1, name="Download my data").wait_for()
    assert_accessible(page)

    # The PDF by keyboard: focus the button and press Enter.
    with page.expect_download() as pdf_info:
        page.get_by_role("button", name="Download as PDF (for reading)").focus()
        page.keyboard.press("Enter")
    pdf = pdf_info.value
    assert pdf.suggested_filename.endswith(".pdf")
    with open(pdf.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"

    with page.expect_download() as json_info:
        page.get_by_role("button", name="Download as JSON (for other systems)").click()
    with open(json_info.value.path(), encoding="utf-8") as handle:
        record = json.load(handle)
    assert record["enrollments"][0]["answers"][0]["value"] == {"text": "Ett svar med åäö"}

    with page.expect_download() as fhir_info:
        page.get_by_role("button", name="Download as FHIR (for patient record systems)").click()
    assert fhir_info.value.suggested_filename.endswith(".fhir.json")
    with open(fhir_info.value.path(), encoding="utf-8") as handle:
        bundle = json.load(handle)
    assert (bundle["resourceType"], bundle["type"]) == ("Bundle", "collection")

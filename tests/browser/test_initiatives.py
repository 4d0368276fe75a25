"""Initiering till program end to end, by keyboard: a practitioner submits an initiative with a
PDF, the provider admin asks for more, the practitioner adds it, the admin approves, links the
program and downloads the PDF for the management meeting. axe on every page, at both sizes.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfWriter

from stegvis.initiatives.models import ProgramInitiative, Status
from tests.browser.helpers import assert_accessible
from tests.factories import ReleaseFactory

pytestmark = pytest.mark.browser


def _press(locator, key="Enter"):
    locator.focus()
    locator.press(key)


@pytest.fixture
def pdf_file(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    path = tmp_path / "underlag.pdf"
    with path.open("wb") as out:
        writer.write(out)
    return path


def _submit(page, server, world, pdf_file):
    page.goto(f"{server}{reverse('clinic:start')}")
    _press(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Program initiatives")
    )
    expect(page.get_by_role("heading", level=1, name="Program initiatives")).to_be_visible()
    assert_accessible(page)
    _press(page.get_by_role("link", name="New initiative"))
    page.get_by_label("Program:", exact=True).fill("Sömnhjälpen för äldre")
    page.get_by_label("Need").fill("Lång väntetid till KBT för sömnbesvär.")
    page.get_by_label("Target group").fill("Vuxna över 65 år")
    page.get_by_label("Expected volume").fill("120 per år")
    page.get_by_label("Evidence").fill("Nationella riktlinjer")
    page.get_by_label("Developed by or bought from").fill("Region Östergötland")
    page.get_by_label("Cost").fill("Utbildning två dagar")
    page.get_by_label("Contact").fill("Åsa Öberg")
    _press(page.get_by_label(world.other_unit.name), "Space")
    page.get_by_label("Attachments (optional)").set_input_files(str(pdf_file))
    assert_accessible(page)
    _press(page.get_by_role("button", name="Submit initiative"))
    expect(page.get_by_text("The initiative was submitted to the provider.")).to_be_visible()
    expect(page.get_by_role("link", name="underlag.pdf")).to_be_visible()
    assert_accessible(page)


def _set_status(page, status: str, reason: str):
    _press(page.get_by_label(status), "Space")
    page.get_by_label("Reason").fill(reason)
    _press(page.get_by_role("button", name="Save the status"))
    expect(page.get_by_text("The status was saved and the submitter notified.")).to_be_visible()


def test_an_initiative_from_submission_to_approval(page, server, world, log_in_as, pdf_file):
    release = ReleaseFactory(owner=world.provider)
    log_in_as(page, world.practitioner)
    _submit(page, server, world, pdf_file)
    initiative = ProgramInitiative.objects.get()
    detail = f"{server}{reverse('clinic:initiative', args=[initiative.pk])}"

    # The provider admin finds it in the list and asks for more.
    log_in_as(page, world.provider_admin)
    page.goto(f"{server}{reverse('clinic:start')}")
    _press(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Program initiatives")
    )
    assert_accessible(page)
    _press(page.get_by_role("link", name="Sömnhjälpen för äldre"))
    assert_accessible(page)
    _set_status(page, "More information needed", "Hur många behandlare ska utbildas?")

    # The practitioner adds it.
    log_in_as(page, world.practitioner)
    page.goto(detail)
    expect(page.get_by_text("Hur många behandlare ska utbildas?").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("The information you add").fill("Två behandlare.")
    _press(page.get_by_role("button", name="Send the information"))
    expect(page.get_by_text("Your information was added")).to_be_visible()

    # The admin approves, links the program and downloads the PDF.
    log_in_as(page, world.provider_admin)
    page.goto(detail)
    _set_status(page, "Approved", "Beslut i ledningsgruppen.")
    select = page.get_by_label("Program in the catalog:", exact=True)
    select.focus()
    select.select_option(str(release.pk))
    _press(page.get_by_role("button", name="Link", exact=True))
    expect(page.get_by_text("The initiative is linked to the program.")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        _press(page.get_by_role("link", name="Download as PDF for the management meeting"))
    assert download.value.suggested_filename == f"initiativ-{initiative.pk}.pdf"
    initiative.refresh_from_db()
    assert initiative.status == Status.APPROVED and initiative.release == release

"""The provider admin reviews the log by personnummer and exports it; the citizen sees who read."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stegvis.audit.recording import record_read
from stegvis.organisation.identifiers import format_personnummer
from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture
def reads(world):
    for citizen in (world.citizen, world.other_citizen):
        record_read(
            actor=world.practitioner,
            action="citizen.view",
            citizen=citizen,
            unit=world.unit,
            role="practitioner",
        )


def test_the_provider_admin_searches_by_personnummer_and_exports(
    desktop_page, server, world, log_in_as, reads
):
    page = desktop_page
    log_in_as(page, world.provider_admin)
    page.goto(f"{server}{reverse('clinic:start')}")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Access log").click()
    page.get_by_role("heading", level=1, name="Access log of Region Test").wait_for()
    assert_accessible(page)

    # When they search by the citizen's personnummer.
    search = page.get_by_role("search")
    search.get_by_label("Citizen's personnummer").fill(
        format_personnummer(world.citizen.personnummer)
    )
    search.get_by_role("button", name="Search").click()

    # Then only that citizen's events are listed, and the address holds no personnummer.
    page.wait_for_url(f"**?citizen={world.citizen.pk}")
    assert world.citizen.personnummer not in page.url
    expect(page.get_by_role("heading", name="1 event")).to_be_visible()
    table = page.get_by_role("region", name="1 event")
    expect(table.get_by_text(world.citizen.get_full_name())).to_be_visible()
    expect(table.get_by_text(world.other_citizen.get_full_name())).to_have_count(0)
    assert_accessible(page)

    # When they export the result, a CSV with the event arrives.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export as CSV").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as csv_file:
        text = csv_file.read()
    assert world.citizen.personnummer in text
    assert world.other_citizen.personnummer not in text


def test_the_citizen_sees_who_has_read_their_data(phone_page, server, world, log_in_as, reads):
    page = phone_page
    log_in_as(page, world.citizen)
    page.goto(f"{server}{reverse('portal:home')}")
    page.get_by_role("link", name="Who has read my data").click()
    page.get_by_role("heading", level=1, name="Who has read my data").wait_for()
    table = page.get_by_role("table")
    expect(table.get_by_role("cell", name=world.unit.name)).to_be_visible()
    expect(table.get_by_role("cell", name="Practitioner", exact=True)).to_be_visible()
    expect(page.get_by_text(world.practitioner.last_name)).to_have_count(0)
    assert_accessible(page)

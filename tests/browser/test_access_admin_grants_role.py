"""An access admin finds a staff member by HSA-id, grants the usual trio and inactivates one."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stegvis.organisation.models import Role, RoleGrant
from tests.factories import StaffFactory, assign

pytestmark = pytest.mark.browser


def role_row(page, label: str):
    return page.get_by_role("row").filter(has=page.get_by_role("cell", name=label, exact=True))


def test_access_admin_grants_the_trio_and_inactivates_one_role(
    desktop_page, server, world, log_in_as
):
    page = desktop_page
    # Given a staff member with a care assignment at the unit but no role there.
    newcomer = assign(StaffFactory(), world.unit)
    log_in_as(page, world.access_admin)

    # When the access admin opens Personal and searches by HSA-id (as typed, lower case).
    page.goto(f"{server}{reverse('clinic:start')}")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Staff").click()
    page.get_by_role("heading", level=1, name="Staff").wait_for()
    search = page.get_by_role("search")
    search.get_by_label("HSA-id").fill(newcomer.hsa_id.lower())
    search.get_by_role("button", name="Search").click()

    # Then the staff member's page opens, with no roles yet.
    page.wait_for_url(f"**{reverse('clinic:staff_detail', args=[newcomer.pk])}")
    assert page.get_by_role("heading", level=1).inner_text() == newcomer.get_full_name()
    expect(page.get_by_role("cell", name="No roles at this unit.")).to_be_visible()

    # When they grant practitioner, citizen admin and data admin with one button.
    page.get_by_role("button", name="Grant practitioner, citizen admin and data admin").click()

    # Then all three are listed as active.
    page.get_by_text("The roles were granted.").wait_for()
    for label in ("Practitioner", "Citizen admin", "Data admin"):
        expect(role_row(page, label).get_by_role("cell", name="Active", exact=True)).to_be_visible()
    assert set(
        RoleGrant.objects.active()
        .filter(staff=newcomer, unit=world.unit)
        .values_list("role", flat=True)
    ) == {Role.PRACTITIONER, Role.CITIZEN_ADMIN, Role.DATA_ADMIN}

    # When they inactivate data admin.
    page.get_by_role("button", name="Inactivate Data admin").click()

    # Then that role shows as inactivated and the other two stay active.
    page.get_by_text("The role was inactivated.").wait_for()
    expect(role_row(page, "Data admin").get_by_text("Inactivated")).to_be_visible()
    assert page.get_by_role("button", name="Inactivate Data admin").count() == 0
    assert page.get_by_role("button", name=re.compile(r"^Inactivate ")).count() == 2
    assert set(
        RoleGrant.objects.active()
        .filter(staff=newcomer, unit=world.unit)
        .values_list("role", flat=True)
    ) == {Role.PRACTITIONER, Role.CITIZEN_ADMIN}

    # And back in the list, the staff member shows their two roles.
    page.get_by_role("link", name="Back to staff").click()
    row = page.get_by_role("row").filter(
        has=page.get_by_role("link", name=newcomer.get_full_name())
    )
    expect(row.get_by_text("Practitioner")).to_be_visible()
    expect(row.get_by_text("Citizen admin")).to_be_visible()
    expect(row.get_by_text("Data admin")).to_have_count(0)


def test_a_search_with_an_invalid_hsa_id_shows_the_error_summary(
    phone_page, server, world, log_in_as
):
    page = phone_page
    log_in_as(page, world.access_admin)
    page.goto(f"{server}{reverse('clinic:staff')}")

    page.get_by_label("HSA-id").fill("not-an-hsa-id")
    page.get_by_role("search").get_by_role("button", name="Search").click()

    summary = page.get_by_role("alert")
    summary.wait_for()
    assert "Please correct the following" in summary.inner_text()
    link = summary.get_by_role("link", name=re.compile("Enter a valid HSA-id"))
    expect(link).to_be_visible()
    # The summary's link takes the person to the field.
    link.click()
    assert page.evaluate("document.activeElement.id") == "id_hsa_id"


def test_a_search_for_an_unknown_hsa_id_says_so(phone_page, server, world, log_in_as):
    page = phone_page
    log_in_as(page, world.access_admin)
    page.goto(f"{server}{reverse('clinic:staff')}")

    page.get_by_label("HSA-id").fill("SE2321000065-9999")
    page.get_by_role("search").get_by_role("button", name="Search").click()

    expect(page.get_by_text("No staff member at this provider has that HSA-id.")).to_be_visible()
    assert page.url.split("?")[0] == f"{server}{reverse('clinic:staff')}"

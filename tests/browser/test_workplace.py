"""Staff with roles at several units choose where they work, and the clinic follows the choice."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stegvis.organisation.models import Role
from tests.factories import StaffFactory, assign

pytestmark = pytest.mark.browser


def test_staff_with_roles_at_two_units_choose_one_and_can_change_later(
    phone_page, server, world, log_in_as
):
    page = phone_page
    staff = assign(StaffFactory(), world.unit, Role.ACCESS_ADMIN)
    assign(staff, world.other_unit, Role.PRACTITIONER)
    log_in_as(page, staff)

    page.goto(f"{server}{reverse('clinic:start')}")
    page.wait_for_url(f"**{reverse('clinic:workplace')}")
    page.get_by_label(world.other_unit.name).check()
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(f"{server}{reverse('clinic:start')}")
    assert page.get_by_role("heading", level=1).inner_text() == world.other_unit.name
    expect(page.get_by_text(f"You now work at {world.other_unit.name}.")).to_be_visible()
    nav = page.get_by_role("navigation", name="Main")
    # A practitioner at Rehab may not manage staff there.
    assert nav.get_by_role("link", name="Staff").count() == 0

    nav.get_by_role("link", name="Change unit").click()
    expect(page.get_by_label(world.other_unit.name)).to_be_checked()
    page.get_by_label(world.unit.name).check()
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(f"{server}{reverse('clinic:start')}")
    assert page.get_by_role("heading", level=1).inner_text() == world.unit.name
    expect(nav.get_by_role("link", name="Staff")).to_be_visible()

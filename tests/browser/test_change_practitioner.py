"""Byt behandlare in Alla, by keyboard: the arrow menu, the green confirmation at the bottom
right with Cancel to the left of "Change practitioner", and Alla showing the new practitioner.
Also without JavaScript, where the confirmation is a page of its own. axe on each state.
"""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from stegvis.care.models import Enrollment
from stegvis.care.services.enrollment import start_enrollment
from stegvis.catalog.models import UnitActivation
from stegvis.catalog.services import create_release
from stegvis.organisation.models import Role
from tests.browser.conftest import choose_english
from tests.browser.helpers import assert_accessible
from tests.care_documents import care_document
from tests.factories import StaffFactory, assign

pytestmark = pytest.mark.browser


@pytest.fixture
def setup(world):
    release = create_release(actor=None, owner=world.provider, document=care_document())
    UnitActivation.objects.create(release=release, unit=world.unit)
    colleague = assign(
        StaffFactory(first_name="Kim", last_name="Kollega"), world.unit, Role.PRACTITIONER
    )
    enrollment = start_enrollment(
        actor=world.practitioner,
        unit=world.unit,
        release=release,
        citizen=world.citizen,
        practitioner=world.practitioner,
        start_date=timezone.localdate(),
    )
    return enrollment, colleague


def _menu(page, world):
    row = page.get_by_role("row").filter(has_text=world.citizen.get_full_name())
    return row, row.locator("summary")


def test_a_citizen_admin_changes_the_practitioner_from_alla(page, server, world, log_in_as, setup):
    enrollment, colleague = setup
    log_in_as(page, world.citizen_admin)
    page.goto(f"{server}{reverse('clinic:unit_enrollments')}")
    row, summary = _menu(page, world)
    expect(row).to_contain_text(world.practitioner.get_full_name())
    expect(summary).to_have_accessible_name(
        f"Change practitioner for {world.citizen.get_full_name()}"
    )

    # Open the arrow menu and choose the colleague, then cancel: nothing changes.
    # Choosing the name opens the confirmation at once: no extra "Choose".
    summary.focus()
    summary.press("Enter")
    row.get_by_label("Change practitioner").select_option(label=colleague.get_full_name())
    confirm = page.get_by_role("region", name="Change practitioner?")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text(f"{colleague.get_full_name()} becomes responsible")
    expect(confirm.get_by_role("heading")).to_be_focused()
    cancel = confirm.get_by_role("button", name="Cancel")
    change = confirm.get_by_role("button", name="Change practitioner")
    assert cancel.bounding_box()["x"] < change.bounding_box()["x"]
    box, viewport = confirm.bounding_box(), page.viewport_size
    assert box["x"] + box["width"] > viewport["width"] / 2  # at the right
    assert box["y"] + box["height"] > viewport["height"] / 2  # at the bottom
    assert_accessible(page)
    cancel.press("Enter")
    expect(confirm).to_be_hidden()
    expect(summary).to_be_focused()
    assert Enrollment.objects.get(pk=enrollment.pk).practitioner == world.practitioner

    # Again, and confirm this time; "Choose" still confirms a keyboard choice.
    summary.press("Enter")
    row.get_by_label("Change practitioner").select_option(label=colleague.get_full_name())
    expect(confirm).to_be_visible()
    confirm.get_by_role("button", name="Cancel").press("Enter")
    summary.press("Enter")
    select = row.get_by_label("Change practitioner")
    select.focus()
    select.press("ArrowDown" if colleague.last_name > world.practitioner.last_name else "ArrowUp")
    expect(confirm).to_be_hidden()  # browsing the list with arrow keys does not interrupt
    row.get_by_role("button", name="Choose").press("Enter")
    confirm.get_by_role("button", name="Change practitioner").press("Enter")
    page.get_by_text(f"{colleague.get_full_name()} is now the responsible practitioner").wait_for()
    row, _summary = _menu(page, world)
    expect(row).to_contain_text(colleague.get_full_name())
    assert_accessible(page)
    assert Enrollment.objects.get(pk=enrollment.pk).practitioner == colleague


def test_without_javascript_the_confirmation_is_a_page(browser, server, world, log_in_as, setup):
    enrollment, colleague = setup
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    choose_english(context)
    page = context.new_page()
    try:
        log_in_as(page, world.citizen_admin)
        page.goto(f"{server}{reverse('clinic:unit_enrollments')}")
        row, summary = _menu(page, world)
        summary.focus()
        summary.press("Enter")
        row.get_by_label("Change practitioner").select_option(label=colleague.get_full_name())
        row.get_by_role("button", name="Choose").press("Enter")
        expect(page.get_by_role("heading", level=1, name="Change practitioner")).to_be_visible()
        confirm = page.get_by_role("region", name="Change practitioner?")
        expect(confirm).to_be_visible()
        # axe needs JavaScript: the same page is checked in the test below.
        confirm.get_by_role("button", name="Change practitioner").press("Enter")
        done = f"{colleague.get_full_name()} is now the responsible practitioner"
        page.get_by_text(done).wait_for()
        assert Enrollment.objects.get(pk=enrollment.pk).practitioner == colleague
    finally:
        context.close()


def test_the_confirmation_page_passes_axe(page, server, world, log_in_as, setup):
    enrollment, colleague = setup
    log_in_as(page, world.citizen_admin)
    url = reverse("clinic:enrollment_practitioner", args=[enrollment.pk])
    page.goto(f"{server}{url}?practitioner={colleague.pk}")
    expect(page.get_by_role("region", name="Change practitioner?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("region", name="Change practitioner?").get_by_role(
        "link", name="Cancel"
    ).press("Enter")
    page.wait_for_url(f"**{reverse('clinic:unit_enrollments')}")
    assert Enrollment.objects.get(pk=enrollment.pk).practitioner == world.practitioner

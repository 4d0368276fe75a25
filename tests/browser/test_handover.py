"""Handover end to end, by keyboard: the practitioner hands over from Hantera, the receiving
unit's citizen admin approves, and the sending unit can no longer open the enrollment.
axe on every page, at phone and desktop size.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stegvis.care.models import Enrollment
from stegvis.care.services.enrollment import start_enrollment
from stegvis.catalog.models import UnitActivation
from stegvis.catalog.services import create_release
from stegvis.organisation.models import Role
from tests.browser.helpers import assert_accessible
from tests.care_documents import care_document
from tests.factories import StaffFactory, assign

pytestmark = pytest.mark.browser


def _press(locator, key="Enter"):
    locator.focus()
    locator.press(key)


def test_a_practitioner_hands_over_and_the_receiving_unit_approves(page, server, world, log_in_as):
    from django.utils import timezone

    release = create_release(actor=None, owner=world.provider, document=care_document())
    UnitActivation.objects.create(release=release, unit=world.unit)
    UnitActivation.objects.create(release=release, unit=world.other_unit)
    receiving_admin = assign(StaffFactory(), world.other_unit, Role.CITIZEN_ADMIN)
    enrollment = start_enrollment(
        actor=world.practitioner,
        unit=world.unit,
        release=release,
        citizen=world.citizen,
        practitioner=world.practitioner,
        start_date=timezone.localdate(),
    )
    hantera = f"{server}{reverse('clinic:enrollment', args=[enrollment.pk])}"

    # Hantera → Hand over (at the bottom) → what to handle first.
    log_in_as(page, world.practitioner)
    page.goto(hantera)
    _press(page.get_by_role("link", name="Hand over", exact=True))
    expect(page.get_by_role("heading", level=1, name="Before you hand over")).to_be_visible()
    assert_accessible(page)
    _press(page.get_by_role("link", name="Continue"))

    # Search for the receiving unit and choose it.
    expect(page.get_by_role("heading", level=1, name="Choose the receiving unit")).to_be_visible()
    search = page.get_by_label("Name of the receiving unit")
    search.fill("Rehab")
    search.press("Enter")
    expect(page.get_by_role("button", name="Choose Rehab Test")).to_be_visible()
    expect(page.get_by_role("button", name="Choose Vårdcentral Annan")).to_have_count(0)
    assert_accessible(page)
    _press(page.get_by_role("button", name="Choose Rehab Test"))

    # Confirm: the enrollment and the unit; consent must be ticked.
    expect(page.get_by_role("heading", level=1, name="Confirm the handover")).to_be_visible()
    expect(page.get_by_text(world.citizen.get_full_name()).first).to_be_visible()
    _press(page.get_by_role("button", name="Hand over"))
    expect(page.get_by_role("alert")).to_contain_text("consented")
    assert_accessible(page)
    _press(page.get_by_label("The citizen has consented to the handover"), "Space")
    _press(page.get_by_role("button", name="Hand over"))

    # Back in Hantera: the grey panel says it is in progress.
    page.get_by_text("The handover was sent to Rehab Test.").wait_for()
    panel = page.get_by_role("region", name="Handover in progress")
    expect(panel).to_contain_text("Rehab Test")
    expect(page.get_by_role("link", name="Hand over", exact=True)).to_have_count(0)
    assert_accessible(page)

    # The receiving unit's citizen admin sees it in the navigation and approves it.
    log_in_as(page, receiving_admin)
    page.goto(f"{server}{reverse('clinic:start')}")
    nav = page.get_by_role("navigation", name="Main")
    _press(nav.get_by_role("link", name="Incoming handovers (1)"))
    expect(page.get_by_role("heading", level=1, name="Incoming handovers")).to_be_visible()
    assert_accessible(page)
    _press(page.get_by_role("link", name=world.citizen.get_full_name()))
    assert_accessible(page)
    page.get_by_label("New responsible practitioner").select_option(
        label=world.other_unit_practitioner.get_full_name()
    )
    _press(page.get_by_role("button", name="Approve the handover"))
    page.get_by_text("The enrollment was taken over.").wait_for()
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.citizen.get_full_name())
    assert_accessible(page)

    enrollment = Enrollment.objects.get(pk=enrollment.pk)
    assert enrollment.unit == world.other_unit
    assert enrollment.practitioner == world.other_unit_practitioner

    # The sending practitioner no longer finds it.
    log_in_as(page, world.practitioner)
    response = page.goto(hantera)
    assert response.status == 404

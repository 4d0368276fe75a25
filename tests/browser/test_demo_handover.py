"""Both transfers on the demo's own units, by keyboard: rehab's citizen admin takes over the
enrollment psychiatry handed over, psychiatry can no longer open it, and rehab then changes its
responsible practitioner in Alla. axe on every page."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from stegvis.care.models import Enrollment, Handover
from stegvis.care.services.enrollment import practitioners_at
from stegvis.demo import personas
from stegvis.organisation.models import User
from stegvis.organisation.workplace import SESSION_KEY
from tests.browser.helpers import assert_accessible

pytestmark = pytest.mark.browser


def _press(locator, key="Enter"):
    locator.focus()
    locator.press(key)


def test_rehab_takes_over_from_psychiatry_and_changes_practitioner(desktop_page, server, log_in_as):
    page = desktop_page
    call_command("demo", "--quiet", stdout=StringIO())
    handover = Handover.objects.select_related("enrollment__citizen", "from_unit", "to_unit").get()
    enrollment, citizen = handover.enrollment, handover.enrollment.citizen
    sender = handover.started_by
    receiver = User.objects.get(email=f"rehabadmin@{personas.DOMAIN}")
    hantera = f"{server}{reverse('clinic:enrollment', args=[enrollment.pk])}"
    # Demo staff may work at several units: each acts from the unit the step belongs to.
    at_psychiatry = {SESSION_KEY: f"unit:{handover.from_unit_id}"}
    at_rehab = {SESSION_KEY: f"unit:{handover.to_unit_id}"}

    # Psychiatry sees the grey panel while the handover waits.
    log_in_as(page, sender, **at_psychiatry)
    page.goto(hantera)
    expect(page.get_by_role("region", name="Handover in progress")).to_contain_text(
        handover.to_unit.name
    )
    assert_accessible(page)

    # Rehab's citizen admin approves it, choosing herself as responsible practitioner.
    log_in_as(page, receiver, **at_rehab)
    page.goto(f"{server}{reverse('clinic:start')}")
    nav = page.get_by_role("navigation", name="Main")
    _press(nav.get_by_role("link", name="Incoming handovers (1)"))
    assert_accessible(page)
    _press(page.get_by_role("link", name=citizen.get_full_name()))
    assert_accessible(page)
    page.get_by_label("New responsible practitioner").select_option(label=receiver.get_full_name())
    _press(page.get_by_role("button", name="Approve the handover"))
    page.get_by_text("The enrollment was taken over.").wait_for()
    enrollment.refresh_from_db()
    assert (enrollment.unit, enrollment.practitioner) == (handover.to_unit, receiver)

    # Psychiatry has lost the enrollment at once.
    log_in_as(page, sender, **at_psychiatry)
    assert page.goto(hantera).status == 404

    # Rehab changes the responsible practitioner in Alla.
    colleague = practitioners_at(handover.to_unit).exclude(pk=receiver.pk).first()
    assert colleague is not None, "the demo's rehab unit needs a second practitioner"
    log_in_as(page, receiver, **at_rehab)
    page.goto(f"{server}{reverse('clinic:unit_enrollments')}")
    row = page.get_by_role("row").filter(has_text=citizen.get_full_name())
    _press(row.locator("summary"))
    row.get_by_label("Change practitioner").select_option(label=colleague.get_full_name())
    _press(row.get_by_role("button", name="Choose"))
    confirm = page.get_by_role("region", name="Change practitioner?")
    expect(confirm).to_be_visible()
    assert_accessible(page)
    _press(confirm.get_by_role("button", name="Change practitioner"))
    page.get_by_text(f"{colleague.get_full_name()} is now the responsible practitioner").wait_for()
    expect(page.get_by_role("row").filter(has_text=citizen.get_full_name())).to_contain_text(
        colleague.get_full_name()
    )
    assert_accessible(page)
    assert Enrollment.objects.get(pk=enrollment.pk).practitioner == colleague

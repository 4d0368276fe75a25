"""Reopening a closed enrollment, by keyboard: the citizen admin gives a reason in Hantera, the
enrollment is back in treatment and the history says why. axe on the form."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from stegvis.care.models import Enrollment, Phase
from stegvis.care.services.enrollment import change_phase, start_enrollment
from stegvis.catalog.models import UnitActivation
from stegvis.catalog.services import create_release
from tests.browser.helpers import assert_accessible
from tests.care_documents import care_document

pytestmark = pytest.mark.browser


@pytest.fixture
def closed(world):
    release = create_release(actor=None, owner=world.provider, document=care_document())
    UnitActivation.objects.create(release=release, unit=world.unit)
    enrollment = start_enrollment(
        actor=world.practitioner,
        unit=world.unit,
        release=release,
        citizen=world.citizen,
        practitioner=world.practitioner,
        start_date=timezone.localdate(),
    )
    return change_phase(
        actor=world.practitioner, enrollment=enrollment, phase=Phase.CLOSED, reason="Klar"
    )


def test_a_citizen_admin_reopens_a_closed_enrollment_by_keyboard(
    page, server, world, log_in_as, closed
):
    log_in_as(page, world.citizen_admin)
    page.goto(f"{server}{reverse('clinic:enrollment', args=[closed.pk])}")
    form = page.locator("form").filter(
        has=page.get_by_role("heading", name="Reopen the enrollment")
    )
    expect(form).to_be_visible()
    assert_accessible(page)
    form.get_by_label("Reason").focus()
    page.keyboard.type("Återfall, fortsatt behandling")
    form.get_by_role("button", name="Reopen into treatment").press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Reopen the enrollment")).to_have_count(0)
    assert Enrollment.objects.get(pk=closed.pk).phase == Phase.TREATMENT
    expect(page.locator("#history")).to_contain_text("Återfall, fortsatt behandling")

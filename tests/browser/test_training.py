"""The training environment's main flow, by keyboard, at phone and desktop size (axe on each
page): switch to training, start a program for my test patient, sign in as my test patient,
see the program under the banner, and go back to the staff view."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stegvis.care.models import Enrollment
from stegvis.catalog.models import UnitActivation
from stegvis.catalog.services import create_release
from stegvis.organisation.models import User
from tests.browser.helpers import assert_accessible
from tests.care_documents import care_document

pytestmark = pytest.mark.browser


@pytest.fixture
def release(world):
    release = create_release(actor=None, owner=world.provider, document=care_document())
    UnitActivation.objects.create(release=release, unit=world.unit)
    return release


def _press(locator) -> None:
    locator.focus()
    locator.press("Enter")


def test_staff_try_a_program_as_staff_and_as_their_test_patient(
    page, server, world, log_in_as, release
):
    log_in_as(page, world.practitioner)
    page.goto(f"{server}{reverse('clinic:start')}")
    expect(page.locator("#training-banner")).to_have_count(0)

    _press(page.get_by_role("button", name="Switch to the training environment"))
    banner = page.locator("#training-banner")
    expect(banner).to_contain_text("Training environment")
    patient = User.objects.get(test_patient_of=world.practitioner)
    expect(page.get_by_role("main")).to_contain_text(patient.personnummer_display)
    assert_accessible(page)

    _press(page.get_by_role("link", name="Start a program for my test patient"))
    expect(page.get_by_label("Personnummer")).to_have_value(patient.personnummer_display)
    program = page.get_by_label("Program")
    program.focus()
    program.select_option(label=f"{release.name} ({release.version})")
    assert_accessible(page)
    _press(page.get_by_role("button", name="Start the enrollment"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(patient.get_full_name())
    expect(banner).to_be_visible()
    assert Enrollment.objects.get(citizen=patient).is_training

    page.goto(f"{server}{reverse('clinic:start')}")
    _press(page.get_by_role("button", name="Sign in as my test patient"))
    page.wait_for_url(f"**{reverse('portal:home')}")
    expect(banner).to_contain_text("You are a test patient")
    expect(page.get_by_role("main")).to_contain_text(release.name)
    assert_accessible(page)

    _press(page.get_by_role("button", name="Back to the staff view"))
    page.wait_for_url(f"**{reverse('clinic:start')}")
    expect(banner).to_contain_text("Training environment")
    expect(page.get_by_role("banner")).to_contain_text(world.practitioner.get_full_name())
    assert_accessible(page)

    _press(page.get_by_role("button", name="Leave the training environment"))
    expect(page.locator("#training-banner")).to_have_count(0)

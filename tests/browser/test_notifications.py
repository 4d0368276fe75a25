"""Notifications end to end: the citizen verifies an e-mail address and chooses channels; a
practitioner's message becomes a notification in the demo outbox (without its text). Axe on
every page, at phone and desktop size.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from stegvis.care.services.enrollment import start_enrollment
from stegvis.catalog.models import UnitActivation
from stegvis.catalog.services import create_release
from stegvis.notifications.models import Preference
from tests.browser.helpers import assert_accessible
from tests.care_documents import care_document
from tests.record_factories import PreferenceFactory

pytestmark = pytest.mark.browser

LOCMEM_SMS = "stegvis.notifications.sms.locmem.LocmemSmsBackend"


@pytest.fixture(autouse=True)
def _no_quiet_hours(settings):
    settings.NOTIFICATION_QUIET_HOURS = ""
    settings.SMS_BACKEND = LOCMEM_SMS


def test_a_citizen_verifies_an_email_address_and_chooses_it(page, server, world, log_in_as):
    log_in_as(page, world.citizen)
    page.goto(f"{server}{reverse('portal:home')}")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Notifications").click()
    expect(page.get_by_role("heading", level=1, name="Notifications")).to_be_visible()
    expect(page.get_by_label(re.compile("^By e-mail"))).to_be_disabled()
    assert_accessible(page)

    # A typo first: the message says what is wrong and keeps what was typed.
    page.get_by_role("textbox", name="Mobile number").fill("08-123 456")
    page.get_by_role("button", name="Send a code by SMS").click()
    expect(page.get_by_text("Enter a Swedish mobile number").first).to_be_visible()
    expect(page.get_by_role("textbox", name="Mobile number")).to_have_value("08-123 456")
    assert_accessible(page)

    page.get_by_role("textbox", name="E-mail address").fill("tolvan@mail.test")
    page.get_by_role("button", name="Send a code to this address").click()
    expect(page.get_by_role("heading", level=1, name="Enter the code")).to_be_visible()
    expect(page.get_by_text("tolvan@mail.test")).to_be_visible()
    assert_accessible(page)
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.get_by_role("textbox", name="Code").fill(code)
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_text("The address is verified.")).to_be_visible()

    page.get_by_label(re.compile("^By e-mail")).check()
    page.get_by_role("button", name="Save choices").click()
    expect(page.get_by_text("Your choices were saved.")).to_be_visible()
    expect(page.get_by_label(re.compile("^By e-mail"))).to_be_checked()
    assert_accessible(page)
    preference = Preference.objects.get(user=world.citizen)
    assert preference.use_email and preference.email == "tolvan@mail.test"


def test_a_practitioners_message_reaches_the_demo_outbox_without_its_text(
    page, server, world, log_in_as, settings
):
    from django.utils import timezone

    settings.EMAIL_BACKEND = "stegvis.notifications.mail.DemoOutboxEmailBackend"
    PreferenceFactory(
        user=world.citizen,
        email="tolvan@mail.test",
        email_verified_at=timezone.now(),
        use_email=True,
    )
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

    log_in_as(page, world.practitioner)
    page.goto(f"{server}{reverse('clinic:enrollment', args=[enrollment.pk])}")
    page.get_by_role("link", name="Read and write messages").click()
    page.get_by_role("textbox", name="Message").fill("Hemligt: om din sömn och PHQ-9")
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Your message was sent.").wait_for()

    log_in_as(page, world.citizen)
    page.goto(f"{server}{reverse('demo:outbox')}")
    expect(page.get_by_role("heading", level=1, name="Demo outbox")).to_be_visible()
    outbox = page.get_by_role("main")
    expect(outbox.get_by_text("Du har ett nytt meddelande i Stegvis.").first).to_be_visible()
    expect(outbox.get_by_text("tolvan@mail.test").first).to_be_visible()
    expect(outbox).not_to_contain_text("Hemligt")
    expect(outbox).not_to_contain_text("PHQ-9")
    assert_accessible(page)

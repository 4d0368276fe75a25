"""Messages from both sides: a practitioner writes from a template, the citizen reads it and
replies, and the practitioner sees the reply as unread in Mina. Axe on every page, at phone
and desktop size.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stegvis.care.services.enrollment import start_enrollment
from stegvis.catalog.models import UnitActivation
from stegvis.catalog.services import create_release
from stegvis.messaging.models import MessageTemplate
from tests.browser.helpers import assert_accessible
from tests.care_documents import care_document

pytestmark = pytest.mark.browser

TEMPLATE = "Hej {förnamn}! Hur har veckan varit?\n\nHälsningar {behandlare}"


@pytest.fixture
def enrollment(world):
    from django.utils import timezone

    release = create_release(actor=None, owner=world.provider, document=care_document())
    UnitActivation.objects.create(release=release, unit=world.unit)
    MessageTemplate.objects.create(
        unit=world.unit,
        title="Veckans fråga",
        body=TEMPLATE,
        created_by=world.practitioner,
        updated_by=world.practitioner,
    )
    return start_enrollment(
        actor=world.practitioner,
        unit=world.unit,
        release=release,
        citizen=world.citizen,
        practitioner=world.practitioner,
        start_date=timezone.localdate(),
    )


def test_a_message_from_a_template_is_read_and_answered(page, server, world, log_in_as, enrollment):
    practitioner_name = world.practitioner.get_full_name()

    # The practitioner opens the conversation from Hantera and writes from the unit's template.
    log_in_as(page, world.practitioner)
    page.goto(f"{server}{reverse('clinic:enrollment', args=[enrollment.pk])}")
    page.get_by_role("link", name="Read and write messages").click()
    expect(page.get_by_role("heading", level=1, name="Messages")).to_be_visible()
    expect(page.get_by_text("No messages yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Message template").select_option(label="Veckans fråga")
    page.get_by_role("button", name="Use template").click()
    message_box = page.get_by_role("textbox", name="Message")
    expect(message_box).to_have_value(
        f"Hej Tolvan! Hur har veckan varit?\n\nHälsningar {practitioner_name}"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Your message was sent.").wait_for()
    expect(page.get_by_text("Not read by the citizen yet")).to_be_visible()
    assert_accessible(page)

    # The citizen sees one new message on the home page, reads it and replies.
    log_in_as(page, world.citizen)
    page.goto(f"{server}{reverse('portal:home')}")
    expect(page.get_by_text("1 new")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Messages : {enrollment.release.name}").click()
    expect(page.get_by_text("Hej Tolvan! Hur har veckan varit?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("textbox", name="Message").fill("Det har gått bättre, tack!")
    page.get_by_role("button", name="Send").click()
    page.get_by_text("Your message was sent.").wait_for()
    expect(page.get_by_text("Not read by your care team yet")).to_be_visible()
    assert_accessible(page)

    # Back in Mina, the practitioner sees the reply as unread and opens it.
    log_in_as(page, world.practitioner)
    page.goto(f"{server}{reverse('clinic:my_enrollments')}")
    row = page.get_by_role("row").filter(has_text=world.citizen.get_full_name())
    unread = row.get_by_role("link", name="1 unread messages")
    expect(unread).to_be_visible()
    assert_accessible(page)
    unread.click()
    reply = page.get_by_role("article").filter(has_text="Det har gått bättre, tack!")
    expect(reply.get_by_text("New")).to_be_visible()
    expect(page.get_by_text("Read by the citizen")).to_be_visible()
    assert_accessible(page)


def test_a_citizen_admin_manages_the_units_templates(page, server, world, log_in_as):
    log_in_as(page, world.citizen_admin)
    page.goto(f"{server}{reverse('clinic:message_templates')}")
    expect(page.get_by_text("The unit has no message templates yet.")).to_be_visible()
    assert_accessible(page)

    # A misspelt placeholder is refused, and the text stays in the form.
    page.get_by_role("textbox", name="Title").fill("Påminnelse")
    page.get_by_role("textbox", name="Text").fill("Hej {fornamn}, glöm inte modulen.")
    page.get_by_role("button", name="Add template").click()
    expect(page.get_by_role("alert")).to_contain_text("{fornamn}")
    expect(page.get_by_role("textbox", name="Text")).to_have_value(
        "Hej {fornamn}, glöm inte modulen."
    )
    assert_accessible(page)
    page.get_by_role("textbox", name="Text").fill("Hej {förnamn}, glöm inte modulen.")
    page.get_by_role("button", name="Add template").click()
    page.get_by_text("The template was added.").wait_for()
    expect(page.get_by_role("link", name="Påminnelse")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Påminnelse").click()
    expect(page.get_by_role("heading", level=1, name="Edit message template")).to_be_visible()
    assert_accessible(page)

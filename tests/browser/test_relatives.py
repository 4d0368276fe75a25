"""A guardian from invitation to removal: a practitioner invites a guardian from Hantera, the
citizen (an adult) approves it, the guardian sees the thread and the granted module, the
practitioner removes them and the guardian's next page load is refused. At phone and desktop
size, axe on each page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from stegvis.messaging.services import send_team_message
from stegvis.organisation.models import User
from tests.browser.helpers import assert_accessible
from tests.portal.fixtures import make_enrollment, make_release

pytestmark = pytest.mark.browser


def test_a_guardian_is_invited_follows_the_thread_and_module_and_is_removed(
    page, server, world, log_in_as
):
    release = make_release(world.provider, world.unit)
    enrollment = make_enrollment(
        world.citizen, world.unit, release, practitioner=world.practitioner
    )
    send_team_message(
        actor=world.practitioner, enrollment=enrollment, body="Hej! Välkomna till programmet."
    )
    hantera = f"{server}{reverse('clinic:enrollment', args=[enrollment.pk])}"

    # The practitioner invites a guardian from Hantera.
    log_in_as(page, world.practitioner)
    page.goto(hantera)
    expect(page.get_by_role("heading", level=2, name="Relatives and guardians")).to_be_visible()
    page.get_by_role("link", name="Invite a relative or guardian").click()
    expect(
        page.get_by_role("heading", level=1, name="Invite a relative or guardian")
    ).to_be_visible()
    page.get_by_label("Personnummer or samordningsnummer").fill("19121212-1212")
    page.get_by_label("First name").fill("Vera")
    page.get_by_label("Last name").fill("Vårdnadshavare")
    page.get_by_label("Guardian", exact=True).check()
    expect(page.get_by_label("May read and write messages in the conversation")).to_be_checked()
    page.get_by_label("Kom igång").check()
    assert_accessible(page)
    page.get_by_role("button", name="Invite").click()
    # The citizen is an adult: the invitation waits for her approval (docs/relatives.md).
    page.get_by_text("The invitation waits for the citizen's approval").wait_for()
    assert "1212" not in page.url
    expect(page.get_by_text("Waiting for the citizen's approval")).to_be_visible()
    assert_accessible(page)
    guardian = User.objects.get(personnummer="191212121212")

    # The citizen approves it.
    log_in_as(page, world.citizen)
    page.goto(f"{server}{reverse('portal:consent')}")
    page.get_by_role("button", name="Approve Vera Vårdnadshavare").click()
    page.get_by_text("Approved.").wait_for()

    # Hantera now lists the guardian among those who follow the enrollment.
    log_in_as(page, world.practitioner)
    page.goto(hantera)
    row = page.get_by_role("row").filter(has_text="Vera Vårdnadshavare")
    expect(row.get_by_role("cell", name="Guardian")).to_be_visible()

    # The guardian sees the enrollment on their home, the thread and the granted module.
    log_in_as(page, guardian)
    page.goto(f"{server}{reverse('portal:home')}")
    name = f"{world.citizen.first_name}: {release.name}"
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
    expect(page.get_by_role("heading", name="Vardagen")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Read and write messages").click()
    expect(page.get_by_text("Hej! Välkomna till programmet.")).to_be_visible()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Om programmet").click()
    expect(page.get_by_text("Välkommen till programmet.")).to_be_visible()
    assert_accessible(page)
    following = page.url

    # The citizen sees who has access on their program page.
    log_in_as(page, world.citizen)
    page.goto(f"{server}{reverse('portal:program', args=[enrollment.pk])}")
    access = page.get_by_role("region", name="Who else has access")
    expect(access.get_by_text("Vera Vårdnadshavare")).to_be_visible()
    assert_accessible(page)

    # The practitioner removes the guardian.
    log_in_as(page, world.practitioner)
    page.goto(hantera)
    page.get_by_role("link", name="Change or remove Vera Vårdnadshavare").click()
    assert_accessible(page)
    page.get_by_role("button", name="Remove access").click()
    page.get_by_text("The relative's access has ended.").wait_for()
    expect(page.get_by_text("No relative or guardian follows this enrollment.")).to_be_visible()

    # The guardian's next page load is refused.
    log_in_as(page, guardian)
    response = page.goto(following)
    assert response.status == 404
    response = page.goto(f"{server}{reverse('portal:messages', args=[enrollment.pk])}")
    assert response.status == 404

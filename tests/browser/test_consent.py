"""The citizen's consents and blocks, by keyboard only: she sees a proposed handover with who
ticked her consent, approves a relative's invitation, then blocks a unit and lifts the block.
At phone and desktop size, axe on each state."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from stegvis.care.models import AccessBlock, Handover
from stegvis.relatives.models import RelativeGrant
from tests.browser.helpers import assert_accessible
from tests.factories import CitizenFactory, RelativeGrantFactory
from tests.portal.fixtures import make_enrollment, make_release

pytestmark = pytest.mark.browser


def tab_to(page, locator, limit: int = 120) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user would."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(el) => document.activeElement === el", handle):
            return
    raise AssertionError(f"never reached {locator} with Tab")


def test_the_citizen_sees_a_handover_approves_a_relative_and_blocks_a_unit(
    page, server, world, log_in_as
):
    release = make_release(world.provider, world.unit)
    enrollment = make_enrollment(
        world.citizen, world.unit, release, practitioner=world.practitioner
    )
    Handover.objects.create(
        enrollment=enrollment,
        from_unit=world.unit,
        to_unit=world.other_unit,
        consent_confirmed_at=timezone.now(),
        started_by=world.practitioner,
    )
    grant = RelativeGrantFactory(
        enrollment=enrollment,
        relative=CitizenFactory(first_name="Vera", last_name="Väntar"),
        approved_at=None,
        approval="",
    )

    # The program page tells of the proposed handover and the waiting invitation.
    log_in_as(page, world.citizen)
    page.goto(f"{server}{reverse('portal:program', args=[enrollment.pk])}")
    expect(
        page.get_by_text(f"A handover of this program to {world.other_unit.name}")
    ).to_be_visible()
    assert_accessible(page)
    link = page.get_by_role("link", name="Answer the invitations")
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Consent and blocks")).to_be_visible()
    handovers = page.get_by_role("region", name="Proposed handovers")
    expect(handovers.get_by_text(world.practitioner.get_full_name())).to_be_visible()
    assert_accessible(page)

    # She approves the invitation.
    tab_to(page, page.get_by_role("button", name="Approve Vera Väntar"))
    page.keyboard.press("Enter")
    page.get_by_text("Approved.").wait_for()
    grant.refresh_from_db()
    assert grant.gives_access and grant.approval == RelativeGrant.Approval.CITIZEN
    following = page.get_by_role("region", name="Relatives and guardians who follow your programs")
    expect(following.get_by_text("Vera Väntar")).to_be_visible()
    assert_accessible(page)

    # She blocks the other unit, choosing it with the arrow keys, and lifts the block.
    select = page.get_by_label("Unit or care provider to block")
    tab_to(page, select)
    option = f"{world.other_unit.name}, {world.provider.name}"
    for _ in range(10):
        if page.evaluate("(el) => el.selectedOptions[0].text", select.element_handle()) == option:
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("Blocked. The block is in place until you lift it.").wait_for()
    block = AccessBlock.objects.get(citizen=world.citizen, lifted_at__isnull=True)
    assert block.unit == world.other_unit
    assert_accessible(page)
    tab_to(page, page.get_by_role("button", name=f"Lift block {world.other_unit.name}"))
    page.keyboard.press("Enter")
    page.get_by_text("The block is lifted.").wait_for()
    expect(page.get_by_text("You have no blocks.")).to_be_visible()
    assert_accessible(page)

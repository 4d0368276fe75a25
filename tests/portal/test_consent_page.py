"""The citizen's consent page: proposed handovers (who ticked the consent, when), relatives'
invitations to approve or decline, and blocks (Spärra, Häv spärr)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.care.models import AccessBlock, Handover
from stegvis.relatives.models import RelativeGrant
from tests.factories import CitizenFactory, RelativeGrantFactory, UnitFactory
from tests.plugins.queries import assert_page_queries
from tests.portal.fixtures import make_enrollment, make_release

URL = reverse("portal:consent")


@pytest.fixture
def proposed(world, enrollment):
    return Handover.objects.create(
        enrollment=enrollment,
        from_unit=world.unit,
        to_unit=world.other_unit,
        consent_confirmed_at=timezone.now(),
        started_by=world.practitioner,
    )


@pytest.fixture
def waiting(enrollment):
    return RelativeGrantFactory(
        enrollment=enrollment,
        relative=CitizenFactory(first_name="Vera", last_name="Väntar"),
        approved_at=None,
        approval="",
    )


def test_only_a_signed_in_citizen_has_the_page(world, login):
    assert login(None).get(URL).status_code == 302
    for staff in (world.practitioner, world.citizen_admin, world.provider_admin):
        assert login(staff).get(URL).status_code == 403
    assert login(world.citizen).get(URL).status_code == 200


def test_it_shows_the_proposed_handover_and_who_ticked_the_consent(world, proposed, waiting, login):
    text = login(world.citizen).get(URL).content.decode()
    assert world.other_unit.name in text
    assert world.practitioner.get_full_name() in text
    assert "Vera Väntar" in text
    assert "Spärra" in text
    # The other citizen sees none of it.
    other = login(world.other_citizen).get(URL).content.decode()
    assert world.other_unit.name not in other and "Vera Väntar" not in other


def test_the_program_page_tells_of_the_proposed_handover(world, enrollment, proposed, login):
    text = login(world.citizen).get(reverse("portal:program", args=[enrollment.pk])).content
    assert world.other_unit.name.encode() in text
    assert world.practitioner.get_full_name().encode() in text


def test_approving_and_declining_from_the_page(world, enrollment, waiting, login):
    client = login(world.citizen)
    response = client.post(reverse("portal:consent_approve", args=[waiting.pk]))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.gives_access
    response = client.post(reverse("portal:consent_decline", args=[waiting.pk]))
    waiting.refresh_from_db()
    assert response.status_code == 302 and not waiting.is_active


def test_another_citizens_invitation_is_not_found(world, waiting, login):
    client = login(world.other_citizen)
    assert client.post(reverse("portal:consent_approve", args=[waiting.pk])).status_code == 404
    assert client.post(reverse("portal:consent_decline", args=[waiting.pk])).status_code == 404
    waiting.refresh_from_db()
    assert waiting.is_pending


def test_blocking_and_lifting_from_the_page(world, enrollment, login):
    client = login(world.citizen)
    response = client.post(
        reverse("portal:consent_block"), {"target": f"unit:{world.other_unit.pk}"}
    )
    assert response.status_code == 302
    block = AccessBlock.objects.get(citizen=world.citizen)
    assert block.unit == world.other_unit
    assert "Häv spärr" in client.get(URL).content.decode()
    response = client.post(reverse("portal:consent_lift", args=[block.pk]))
    assert response.status_code == 302
    block.refresh_from_db()
    assert not block.is_active
    assert [e.action for e in AccessEvent.objects.filter(citizen=world.citizen).order_by("pk")][
        -2:
    ] == ["care.block", "care.block_lift"]


@pytest.mark.parametrize("target", ["", "unit:abc", "unit:999999", "provider:999999", "x:1"])
def test_a_bad_choice_is_a_clear_400(world, enrollment, login, target):
    response = login(world.citizen).post(reverse("portal:consent_block"), {"target": target})
    assert response.status_code == 400
    assert "Välj en enhet eller en vårdgivare" in response.content.decode()
    assert not AccessBlock.objects.exists()


def test_another_citizens_block_cannot_be_lifted(world, enrollment, login):
    block = AccessBlock.objects.create(
        citizen=world.citizen, provider=world.provider, unit=world.other_unit
    )
    response = login(world.other_citizen).post(reverse("portal:consent_lift", args=[block.pk]))
    assert response.status_code == 404
    assert AccessBlock.objects.get(pk=block.pk).is_active


def test_the_page_does_not_grow_with_handovers_invitations_or_blocks(
    world, enrollment, proposed, waiting, login
):
    client = login(world.citizen)

    def grow():
        for i in range(3):
            release = make_release(world.provider, world.unit, key=f"more{i}")
            other = make_enrollment(
                world.citizen, world.unit, release, practitioner=world.practitioner
            )
            RelativeGrantFactory(enrollment=other, approved_at=None, approval="")
            RelativeGrantFactory(enrollment=other)
            Handover.objects.create(
                enrollment=other,
                from_unit=world.unit,
                to_unit=world.other_unit,
                consent_confirmed_at=timezone.now(),
                started_by=world.practitioner,
            )
            unit = UnitFactory(provider=world.provider)
            AccessBlock.objects.create(citizen=world.citizen, provider=world.provider, unit=unit)
        AccessBlock.objects.create(citizen=world.citizen, provider=world.provider)

    # session, user, MFA check, the session record (savepoint, session, user, update,
    # release), grants (with citizen, relative, inviter, release), blockable units (with
    # provider), proposed handovers (with units and who ticked), blocks (with unit, provider)
    assert_page_queries(client, URL, 7, grow=grow)
    assert RelativeGrant.objects.filter(approved_at__isnull=True).count() == 4

"""The citizen approves a relative's invitation before the relative sees anything; a young
child's guardian needs no approval (docs/relatives.md, "The citizen's approval")."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.relatives import services
from stegvis.relatives.access import active_grant, followed_grants, get_grant_for_relative
from stegvis.relatives.models import RelativeGrant
from tests.factories import CitizenFactory
from tests.portal.fixtures import make_enrollment
from tests.relatives.conftest import NEW_PERSON


def child_of(age: int):
    day = timezone.localdate().replace(year=timezone.localdate().year - age)
    return CitizenFactory(first_name="Barn", personnummer=f"{day:%Y%m%d}4321")


def invite(rw, enrollment=None, relation="relative", **extra):
    return services.invite_relative(
        actor=rw.world.practitioner,
        enrollment=enrollment or rw.enrollment,
        personnummer=NEW_PERSON,
        relation=relation,
        may_message=True,
        module_keys=["m1"],
        first_name="Vera",
        last_name="Väntar",
        **extra,
    )


@pytest.fixture
def waiting(relative_world):
    with mock.patch("stegvis.relatives.services.notify"):
        return invite(relative_world)


def test_an_adults_invitation_waits_and_gives_the_relative_nothing(relative_world, waiting):
    person = waiting.relative
    assert waiting.is_pending and not waiting.gives_access
    assert active_grant(person, relative_world.enrollment) is None
    assert followed_grants(person) == []
    with pytest.raises(Http404):
        get_grant_for_relative(person, relative_world.enrollment.pk)


def test_the_relatives_pages_are_not_found_while_the_invitation_waits(
    relative_world, waiting, login
):
    client = login(waiting.relative)
    pk = relative_world.enrollment.pk
    assert client.get(reverse("portal:following", args=[pk])).status_code == 404
    assert client.get(reverse("portal:messages", args=[pk])).status_code == 404


def test_the_citizen_is_told_and_approves_then_the_relative_is_told(relative_world):
    with mock.patch("stegvis.relatives.services.notify") as notify:
        grant = invite(relative_world)
    assert notify.call_args.args[0] == relative_world.world.citizen
    with mock.patch("stegvis.relatives.services.notify") as notify:
        services.approve_invitation(actor=relative_world.world.citizen, grant=grant)
    grant.refresh_from_db()
    assert grant.gives_access and grant.approval == RelativeGrant.Approval.CITIZEN
    assert notify.call_args.args[0] == grant.relative
    assert active_grant(grant.relative, relative_world.enrollment) == grant
    event = AccessEvent.objects.filter(action="relative.approve").get()
    assert event.actor_id == relative_world.world.citizen.pk
    assert event.citizen_id == relative_world.world.citizen.pk


def test_approving_twice_is_harmless_and_a_declined_one_cannot_be_approved(relative_world, waiting):
    citizen = relative_world.world.citizen
    with mock.patch("stegvis.relatives.services.notify"):
        services.approve_invitation(actor=citizen, grant=waiting)
        services.approve_invitation(actor=citizen, grant=waiting)
    assert AccessEvent.objects.filter(action="relative.approve").count() == 1
    with mock.patch("stegvis.relatives.services.notify"):
        other = services.invite_relative(
            actor=relative_world.world.practitioner,
            enrollment=relative_world.enrollment,
            personnummer=relative_world.other_relative.personnummer,
            relation="relative",
            may_message=False,
        )
    services.decline_invitation(actor=citizen, grant=other)
    other.refresh_from_db()
    assert other.approval == RelativeGrant.Approval.DECLINED and other.ended_by == citizen
    with pytest.raises(ValidationError):
        services.approve_invitation(actor=citizen, grant=other)


def test_the_citizen_may_end_an_access_they_approved(relative_world, waiting):
    citizen = relative_world.world.citizen
    with mock.patch("stegvis.relatives.services.notify"):
        services.approve_invitation(actor=citizen, grant=waiting)
    services.decline_invitation(actor=citizen, grant=waiting)
    waiting.refresh_from_db()
    assert not waiting.is_active and waiting.approval == RelativeGrant.Approval.CITIZEN
    assert AccessEvent.objects.filter(action="relative.withdraw_approval").count() == 1


def test_nobody_else_answers_the_citizens_invitation(relative_world, waiting):
    for actor in (
        relative_world.world.other_citizen,
        waiting.relative,
        relative_world.world.practitioner,
    ):
        with pytest.raises(PermissionDenied):
            services.approve_invitation(actor=actor, grant=waiting)
        with pytest.raises(PermissionDenied):
            services.decline_invitation(actor=actor, grant=waiting)


def test_a_young_childs_guardian_gets_access_at_once(relative_world):
    child = child_of(9)
    enrollment = make_enrollment(
        child, relative_world.world.unit, relative_world.enrollment.release
    )
    with mock.patch("stegvis.relatives.services.notify") as notify:
        grant = invite(relative_world, enrollment=enrollment, relation="guardian")
    assert grant.gives_access and grant.approval == RelativeGrant.Approval.NOT_NEEDED
    assert notify.call_args.args[0] == grant.relative
    # The child cannot end it: the care unit removes a guardian's access.
    with pytest.raises(PermissionDenied):
        services.decline_invitation(actor=child, grant=grant)


def test_a_young_childs_other_relative_waits_for_the_child(relative_world):
    enrollment = make_enrollment(
        child_of(9), relative_world.world.unit, relative_world.enrollment.release
    )
    with mock.patch("stegvis.relatives.services.notify"):
        grant = invite(relative_world, enrollment=enrollment, relation="relative")
    assert grant.is_pending


@pytest.mark.parametrize("setting, waits", [(13, True), (16, False)])
def test_a_teenagers_guardian_follows_the_regions_setting(relative_world, settings, setting, waits):
    settings.RELATIVES_GUARDIAN_APPROVAL_FROM_AGE = setting
    enrollment = make_enrollment(
        child_of(15), relative_world.world.unit, relative_world.enrollment.release
    )
    with mock.patch("stegvis.relatives.services.notify"):
        grant = invite(relative_world, enrollment=enrollment, relation="guardian")
    assert grant.is_pending is waits


def test_staff_see_the_invitation_waiting_in_hantera(relative_world, waiting, login):
    client = login(relative_world.world.practitioner)
    text = client.get(reverse("clinic:enrollment", args=[relative_world.enrollment.pk])).content
    assert "Väntar på invånarens godkännande".encode() in text or b"Waiting for the citizen" in text
    assert "Vera Väntar".encode() in text


def test_messages_reach_no_relative_whose_invitation_waits(relative_world, waiting):
    from stegvis.messaging.services import send_team_message

    with mock.patch("stegvis.messaging.services.notify") as notify:
        send_team_message(
            actor=relative_world.world.practitioner,
            enrollment=relative_world.enrollment,
            body="Hej",
        )
    recipients = {call.args[0] for call in notify.call_args_list}
    assert waiting.relative not in recipients and relative_world.relative in recipients

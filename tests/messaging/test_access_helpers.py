"""The conversation and attachment helpers deny one way: another unit's is "not found", a role
the user lacks at their own unit (a citizen admin: messages are clinical) is "forbidden", and
on the citizen side anyone outside the conversation gets "not found". Refusals log nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from stegvis.audit.models import AccessEvent
from stegvis.messaging import access, services
from tests.messaging.conftest import PDF, upload


@pytest.fixture
def attachment(world, enrollment):
    message = services.send_team_message(
        actor=world.practitioner, enrollment=enrollment, body="Hej!", files=[upload("a.pdf", PDF)]
    )
    return message.attachments.get()


def _reads_by(user) -> int:
    return AccessEvent.objects.filter(kind="read", actor=user).count()


def test_the_care_team_opens_the_conversation_and_the_attachment(world, attachment):
    enrollment = attachment.message.enrollment
    assert access.get_conversation_for_staff(world.practitioner, world.unit, enrollment.pk)
    assert access.get_attachment_for_staff(world.practitioner, world.unit, attachment.pk)
    assert _reads_by(world.practitioner) == 2


def test_another_units_conversation_and_attachment_are_not_found(world, attachment):
    enrollment_id = attachment.message.enrollment_id
    user, unit = world.other_unit_practitioner, world.other_unit
    with pytest.raises(Http404):
        access.get_conversation_for_staff(user, unit, enrollment_id)
    with pytest.raises(Http404):
        access.get_attachment_for_staff(user, unit, attachment.pk)
    assert _reads_by(user) == 0


def test_a_citizen_admin_at_the_unit_is_forbidden_the_conversation(world, attachment):
    enrollment_id = attachment.message.enrollment_id
    with pytest.raises(PermissionDenied):
        access.get_conversation_for_staff(world.citizen_admin, world.unit, enrollment_id)
    with pytest.raises(PermissionDenied):
        access.get_attachment_for_staff(world.citizen_admin, world.unit, attachment.pk)
    assert _reads_by(world.citizen_admin) == 0


def test_the_citizen_and_a_relative_who_may_message_take_part(world, attachment, relatives):
    enrollment_id = attachment.message.enrollment_id
    own = access.get_conversation_for_citizen(world.citizen, enrollment_id)
    assert own.is_own and own.audit_role == "citizen"
    relative = relatives["relative"]
    assert access.get_conversation_for_citizen(relative, enrollment_id).audit_role == "relative"
    assert access.get_attachment_for_citizen(relative, attachment.pk) == attachment


@pytest.mark.parametrize("who", ["other_citizen", "relative_without_messages", "ended_relative"])
def test_anyone_outside_the_conversation_finds_nothing(world, attachment, relatives, who):
    user = relatives.get(who) or getattr(world, who)
    with pytest.raises(Http404):
        access.get_conversation_for_citizen(user, attachment.message.enrollment_id)
    with pytest.raises(Http404):
        access.get_attachment_for_citizen(user, attachment.pk)
    assert _reads_by(user) == 0

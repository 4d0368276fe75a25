"""Every read of a conversation and every send is in the access log, with the reader's role."""

from django.urls import reverse

from stegvis.audit.models import AccessEvent
from tests.messaging.helpers import team_says


def _events(action):
    return list(AccessEvent.objects.filter(action=action).order_by("pk"))


def test_a_practitioner_reading_is_logged(world, login, enrollment):
    login(world.practitioner).get(reverse("clinic:messages", args=[enrollment.pk]))
    (event,) = _events("messages.view")
    assert event.kind == AccessEvent.Kind.READ
    assert event.actor == world.practitioner
    assert event.actor_role == "practitioner"
    assert event.citizen == world.citizen
    assert event.unit == world.unit
    assert event.enrollment_id == enrollment.pk


def test_the_citizen_and_a_relative_reading_are_logged_with_their_roles(
    world, login, enrollment, relatives
):
    login(world.citizen).get(reverse("portal:messages", args=[enrollment.pk]))
    login(relatives["relative"]).get(reverse("portal:messages", args=[enrollment.pk]))
    citizen, relative = _events("messages.view_own")
    assert (citizen.actor, citizen.actor_role) == (world.citizen, "citizen")
    assert (relative.actor, relative.actor_role) == (relatives["relative"], "relative")
    assert relative.citizen == world.citizen
    assert relative.enrollment_id == enrollment.pk


def test_sending_is_logged_as_a_change_with_the_message(world, login, enrollment, relatives):
    login(world.practitioner).post(
        reverse("clinic:messages_send", args=[enrollment.pk]), {"body": "Hej"}
    )
    login(relatives["relative"]).post(
        reverse("portal:messages_send", args=[enrollment.pk]), {"body": "Hej från anhörig"}
    )
    team, relative = (e for e in _events("messages.send") if e.kind == AccessEvent.Kind.CHANGE)
    staff_message = enrollment.messages.get(sender_side="team")
    assert (team.actor, team.actor_role, team.target_id) == (
        world.practitioner,
        "practitioner",
        str(staff_message.pk),
    )
    assert team.target_type == "messaging.message"
    assert (relative.actor, relative.actor_role) == (relatives["relative"], "relative")


def test_refused_readers_leave_no_read_event(world, login, enrollment, relatives):
    login(world.citizen_admin).get(reverse("clinic:messages", args=[enrollment.pk]))
    login(world.other_citizen).get(reverse("portal:messages", args=[enrollment.pk]))
    login(relatives["ended_relative"]).get(reverse("portal:messages", args=[enrollment.pk]))
    assert not AccessEvent.objects.filter(action__startswith="messages.").exists()


def test_the_message_text_is_never_in_the_log(world, enrollment):
    team_says(world.practitioner, enrollment, "Hemlig text om mående")
    for event in AccessEvent.objects.all():
        assert "Hemlig" not in " ".join(str(v) for v in vars(event).values())

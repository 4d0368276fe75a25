"""A team message notifies the citizen and each relative who may message (never with its
text); a citizen-side message notifies no one (staff get digests built from the messages)."""

from stegvis.care.models import Enrollment
from stegvis.notifications.services import Kind
from tests.messaging.helpers import citizen_says, team_says


def test_a_team_message_notifies_the_citizen_and_relatives_who_may_message(
    world, enrollment, relatives, notified
):
    message = team_says(world.practitioner, enrollment)
    recipients = {recipient for recipient, _, _ in notified}
    assert recipients == {world.citizen, relatives["relative"]}
    for recipient, kind, key in notified:
        assert kind == Kind.NEW_MESSAGE
        assert key == f"message:{message.pk}:{recipient.pk}"


def test_a_citizen_side_message_notifies_no_one_and_counts_as_activity(
    world, enrollment, relatives, notified
):
    citizen_says(relatives["relative"], enrollment)
    assert notified == []
    assert Enrollment.objects.get(pk=enrollment.pk).last_activity_at is not None

"""When a program does not let citizens start a conversation, the citizen side may only reply.

They may send while the latest message is the care team's; the page says why the form is
missing otherwise.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from stegvis.care.services.enrollment import start_enrollment
from stegvis.messaging.models import Draft
from stegvis.messaging.services import why_citizen_side_may_not_write
from tests.messaging.conftest import grant
from tests.messaging.helpers import citizen_says, has_compose_form, team_says


@pytest.fixture
def reply_only(world, reply_only_release):
    return start_enrollment(
        actor=world.practitioner,
        unit=world.unit,
        release=reply_only_release,
        citizen=world.citizen,
        practitioner=world.practitioner,
        start_date=timezone.localdate(),
    )


def test_by_default_the_citizen_may_write_first(world, enrollment):
    assert why_citizen_side_may_not_write(enrollment) == ""
    citizen_says(world.citizen, enrollment)


def test_the_citizen_may_not_write_first(world, login, reply_only):
    assert why_citizen_side_may_not_write(reply_only)
    with pytest.raises(ValidationError):
        citizen_says(world.citizen, reply_only)
    response = login(world.citizen).get(reverse("portal:messages", args=[reply_only.pk]))
    assert not has_compose_form(response)
    assert why_citizen_side_may_not_write(reply_only) in response.content.decode()


def test_a_refused_message_is_kept_as_a_draft(world, login, reply_only):
    client = login(world.citizen)
    url = reverse("portal:messages_send", args=[reply_only.pk])
    response = client.post(url, {"body": "Får jag skriva?"})
    assert response.status_code == 400
    assert "Får jag skriva?" in response.content.decode()
    assert Draft.objects.get(author=world.citizen, enrollment=reply_only).body == "Får jag skriva?"
    assert not reply_only.messages.exists()


def test_the_citizen_may_reply_once_the_team_has_written(world, login, reply_only):
    team_says(world.practitioner, reply_only)
    response = login(world.citizen).get(reverse("portal:messages", args=[reply_only.pk]))
    assert has_compose_form(response)
    citizen_says(world.citizen, reply_only, "Svar")
    # Answered: the next message waits for the team.
    assert why_citizen_side_may_not_write(reply_only)
    with pytest.raises(ValidationError):
        citizen_says(world.citizen, reply_only, "En till")
    team_says(world.practitioner, reply_only, "Tack för svaret")
    citizen_says(world.citizen, reply_only, "En till")


def test_a_relative_follows_the_same_rule(world, reply_only):
    relative = grant(reply_only)
    with pytest.raises(ValidationError):
        citizen_says(relative, reply_only)
    team_says(world.practitioner, reply_only)
    citizen_says(relative, reply_only, "Från anhörig")
    # The citizen's side has answered, so the citizen also waits now.
    with pytest.raises(ValidationError):
        citizen_says(world.citizen, reply_only)


def test_the_team_may_always_write(world, reply_only):
    team_says(world.practitioner, reply_only)
    team_says(world.practitioner, reply_only, "Och en till")
    assert reply_only.messages.count() == 2

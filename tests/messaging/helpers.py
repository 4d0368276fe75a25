"""Small helpers for messaging tests."""

from stegvis.care.models import Enrollment, Phase
from stegvis.messaging import services
from stegvis.messaging.access import get_conversation_for_citizen


def close(enrollment) -> None:
    Enrollment.objects.filter(pk=enrollment.pk).update(phase=Phase.CLOSED)
    enrollment.refresh_from_db()


def citizen_says(user, enrollment, body="Hej, jag har en fråga.", files=()):
    taking_part = get_conversation_for_citizen(user, enrollment.pk)
    return services.send_citizen_message(
        actor=user, taking_part=taking_part, body=body, files=files
    )


def team_says(practitioner, enrollment, body="Hej! Hur går det?", files=()):
    return services.send_team_message(
        actor=practitioner, enrollment=enrollment, body=body, files=files
    )


def has_compose_form(response) -> bool:
    return 'name="body"' in response.content.decode()

"""Demo messages and message templates, in Swedish.

Two templates per demo unit, and a short conversation on Tolvan's Depressionshjälpen at the
psychiatry unit (the last message from Tolvan is still unread, so Mina shows it). Idempotent:
templates are matched by title, and the conversation is only written when there is none.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from stegvis.care.models import Enrollment
from stegvis.demo import personas
from stegvis.messaging.models import AuthorRole, Message, MessageTemplate, SenderSide
from stegvis.organisation.models import CareUnit, User

TEMPLATES = (
    (
        "Välkommen till programmet",
        "Hej {förnamn}!\n\nVälkommen till programmet. Jag är din behandlare och följer dig under "
        "behandlingen. Börja gärna med den första modulen redan i dag. Du kan alltid skriva till "
        "mig här om du har frågor.\n\nVänliga hälsningar\n{behandlare}",
    ),
    (
        "Veckans återkoppling",
        "Hej {förnamn}!\n\nTack för ditt arbete den här veckan. Jag har läst dina svar och "
        "tycker att du har kommit en bra bit på vägen. Fortsätt med nästa modul i din egen takt."
        "\n\nVänliga hälsningar\n{behandlare}",
    ),
)

# Who writes the unit's templates in the demo.
TEMPLATE_AUTHORS = {
    "rehab": "trio",
    "psych": "behandlare",
    "bup": "behandlare2",
    "jkp": "jkp-behandlare",
}

# (days ago, side, text); read by the other side a day later, except the last one.
CONVERSATION = (
    (
        20,
        SenderSide.TEAM,
        "Hej Tolvan!\n\nVälkommen till Depressionshjälpen. Jag heter Sara och är din behandlare. "
        "Börja gärna med introduktionen redan den här veckan.\n\nVänliga hälsningar\nSara Holm",
    ),
    (
        12,
        SenderSide.CITIZEN,
        "Hej Sara! Jag har läst introduktionen. Är det meningen att jag ska fylla i "
        "formuläret varje vecka?",
    ),
    (
        11,
        SenderSide.TEAM,
        "Hej Tolvan! Ja, formuläret kommer en gång i veckan så att vi kan följa hur du mår. "
        "Det tar bara några minuter.\n\nHälsningar\nSara",
    ),
    (
        1,
        SenderSide.CITIZEN,
        "Nu har jag gjort aktivitetsplanen. Morgnarna är fortfarande svåra, men jag har tagit "
        "en promenad tre dagar i rad.",
    ),
)


def _email(key: str) -> str:
    return f"{key}@{personas.DOMAIN}"


def _templates() -> None:
    for unit_key, author_key in TEMPLATE_AUTHORS.items():
        unit = CareUnit.objects.filter(hsa_id=personas.UNITS[unit_key][1]).first()
        author = User.objects.filter(email=_email(author_key)).first()
        if unit is None or author is None:
            continue
        for title, body in TEMPLATES:
            MessageTemplate.objects.get_or_create(
                unit=unit,
                title=title,
                defaults={"body": body, "created_by": author, "updated_by": author},
            )


def _conversation() -> None:
    enrollment = (
        Enrollment.objects.filter(
            citizen__email=_email("invanare"),
            practitioner__email=_email("behandlare"),
            unit__hsa_id=personas.UNITS["psych"][1],
        )
        .order_by("pk")
        .first()
    )
    if enrollment is None or enrollment.messages.exists():
        return
    now = timezone.now()
    last = len(CONVERSATION) - 1
    for index, (days_ago, side, body) in enumerate(CONVERSATION):
        sent = now - dt.timedelta(days=days_ago)
        read = None if index == last else sent + dt.timedelta(days=1)
        is_team = side == SenderSide.TEAM
        Message.objects.create(
            enrollment=enrollment,
            author=enrollment.practitioner if is_team else enrollment.citizen,
            sender_side=side,
            author_role=AuthorRole.PRACTITIONER if is_team else AuthorRole.CITIZEN,
            body=body,
            created_at=sent,
            read_by_citizen_at=read if is_team else None,
            read_by_team_at=None if is_team else read,
            read_by_team_by=None if is_team or read is None else enrollment.practitioner,
        )


@transaction.atomic
def load_demo_messages() -> None:
    _templates()
    _conversation()

"""Messages between the care team and the citizen side, attachments and the unit's templates.

Ground truth: stegvis/messaging/permissions.py, access.py and tests/messaging. Only
practitioners at the enrollment's unit read and write its conversation (citizen admins are
refused: messages are clinical); other units get "not found". Citizen side: the citizen and a
relative whose active grant allows messages; another citizen and an ended grant get "not found".
Templates: practitioners and citizen admins of their own unit.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stegvis.messaging import services
from stegvis.messaging.models import MessageTemplate
from tests.messaging.conftest import blank_pdf
from tests.security.matrix import (
    CARE_AT_UNIT,
    CITIZEN_DATA,
    CITIZENS,
    NOT_ALLOWED,
    OTHER_UNITS,
    Entry,
    cells,
)

PDF = blank_pdf()  # a PDF that parses (attachments are opened with pypdf)
MESSAGE_MARKER = "Markörmeddelande-7743"
TEAM = {"practitioner"}
# Pass the unit guard of the staff conversation views: practitioners at any unit.
TEAM_ANYWHERE = {"practitioner", "other_unit_practitioner", "foreign_staff"}
CITIZEN_SIDE = {"citizen", "relative"}
NOT_THEIRS = CITIZENS - CITIZEN_SIDE


def build(sw):
    message = services.send_team_message(
        actor=sw.practitioner,
        enrollment=sw.enrollment,
        body=f"Hej! {MESSAGE_MARKER}",
        files=[SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")],
    )
    sw.attachment = message.attachments.get()
    sw.message_template = MessageTemplate.objects.create(
        unit=sw.unit,
        title="Välkommen",
        body="Hej {förnamn}",
        created_by=sw.practitioner,
        updated_by=sw.practitioner,
    )
    sw.extra_markers.append(MESSAGE_MARKER)


def _staff(name, *, post_only=False, data=None):
    url = lambda sw: reverse(f"clinic:{name}", args=[sw.enrollment.pk])  # noqa: E731
    allowed = cells(ok=TEAM, not_found=OTHER_UNITS)
    return Entry(
        f"clinic:{name}",
        url,
        get=cells(**{p: NOT_ALLOWED for p in TEAM_ANYWHERE}) if post_only else allowed,
        post=allowed if post_only else None,
        post_data=data,
        shows_citizen_data=CITIZEN_DATA,
    )


def _citizen(name, *, post_only=False, data=None):
    url = lambda sw: reverse(f"portal:{name}", args=[sw.enrollment.pk])  # noqa: E731
    allowed = cells(ok=CITIZEN_SIDE, not_found=NOT_THEIRS)
    return Entry(
        f"portal:{name}",
        url,
        get=cells(**{p: NOT_ALLOWED for p in CITIZENS}) if post_only else allowed,
        post=allowed if post_only else None,
        post_data=data,
        shows_citizen_data=CITIZEN_DATA,
    )


TEMPLATE_MANAGERS = CARE_AT_UNIT | OTHER_UNITS

ENTRIES = [
    _staff("messages"),
    _staff("messages_send", post_only=True, data=lambda sw: {"body": "Hur går det?"}),
    _staff("messages_draft", post_only=True, data=lambda sw: {"body": "Utkast"}),
    _staff("messages_read", post_only=True),
    Entry(
        "clinic:message_attachment",
        lambda sw: reverse("clinic:message_attachment", args=[sw.attachment.pk]),
        get=cells(ok=TEAM, not_found=OTHER_UNITS),
        shows_citizen_data=CITIZEN_DATA,
    ),
    Entry(
        "clinic:message_templates",
        lambda sw: reverse("clinic:message_templates"),
        # Everyone who manages templates sees their own unit's list.
        get=cells(ok=TEMPLATE_MANAGERS),
        post=cells(ok=TEMPLATE_MANAGERS),
        post_data=lambda sw: {"title": "Påminnelse", "body": "Hej {förnamn}"},
    ),
    Entry(
        "clinic:message_template",
        lambda sw: reverse("clinic:message_template", args=[sw.message_template.pk]),
        get=cells(ok=CARE_AT_UNIT, not_found=OTHER_UNITS),
        post=cells(ok=CARE_AT_UNIT, not_found=OTHER_UNITS),
        post_data=lambda sw: {"title": "Välkommen", "body": "Hej igen {förnamn}"},
    ),
    Entry(
        "clinic:message_template_delete",
        lambda sw: reverse("clinic:message_template_delete", args=[sw.message_template.pk]),
        get=cells(**{p: NOT_ALLOWED for p in TEMPLATE_MANAGERS}),
        post=cells(ok=CARE_AT_UNIT, not_found=OTHER_UNITS),
    ),
    _citizen("messages"),
    _citizen("messages_send", post_only=True, data=lambda sw: {"body": "Tack!"}),
    _citizen("messages_draft", post_only=True, data=lambda sw: {"body": "Utkast"}),
    _citizen("messages_read", post_only=True),
    Entry(
        "portal:message_attachment",
        lambda sw: reverse("portal:message_attachment", args=[sw.attachment.pk]),
        get=cells(ok=CITIZEN_SIDE, not_found=NOT_THEIRS),
        shows_citizen_data=CITIZEN_DATA,
    ),
]

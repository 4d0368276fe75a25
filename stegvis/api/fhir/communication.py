"""`Communication`: a message in an enrollment's conversation (for the record export's Bundle).

Not served as its own endpoint (yet). The sender is the citizen (`Patient`), a practitioner
(`Practitioner`) or a relative or guardian (a `RelatedPerson` named by display only: Stegvis
has no RelatedPerson resource); the recipient is the other side: the unit's care team
(`Organization/unit-<n>`) or the citizen. Attachments are named (title, type, size), never
included.
"""

from stegvis.api.fhir.questionnaire_response import EPISODE_EXTENSION
from stegvis.messaging.models import AuthorRole, Message, SenderSide


def _sender(message: Message) -> dict:
    enrollment = message.enrollment
    if message.author_role == AuthorRole.PRACTITIONER:
        return {"reference": f"Practitioner/{message.author_id}"}
    if message.author_id == enrollment.citizen_id:
        return {"reference": f"Patient/{enrollment.citizen_id}"}
    return {"type": "RelatedPerson", "display": message.author.get_full_name()}


def _recipient(message: Message) -> dict:
    enrollment = message.enrollment
    if message.sender_side == SenderSide.TEAM:
        return {"reference": f"Patient/{enrollment.citizen_id}"}
    return {"reference": f"Organization/unit-{enrollment.unit_id}"}


def communication_resource(message: Message) -> dict:
    """The message as FHIR; `message.enrollment`, `.author` and `.attachments` are read."""
    # fhir.resources is slow to import: load it when a resource is built
    from fhir.resources.R4B.communication import Communication

    enrollment = message.enrollment
    payload = [{"contentString": message.body}] if message.body else []
    payload += [
        {
            "contentAttachment": {
                "title": attachment.original_name,
                "contentType": attachment.content_type,
                "size": attachment.size,
            }
        }
        for attachment in message.attachments.all()
    ]
    data = {
        "resourceType": "Communication",
        "id": f"message-{message.pk}",
        "extension": [
            {
                "url": EPISODE_EXTENSION,
                "valueReference": {"reference": f"EpisodeOfCare/{enrollment.pk}"},
            }
        ],
        "status": "completed",
        "subject": {"reference": f"Patient/{enrollment.citizen_id}"},
        "sent": message.created_at.isoformat(),
        "sender": _sender(message),
        "recipient": [_recipient(message)],
    }
    if payload:
        data["payload"] = payload
    return Communication.model_validate(data).model_dump(mode="json", exclude_none=True)

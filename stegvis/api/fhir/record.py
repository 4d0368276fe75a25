"""A citizen's record as one FHIR R4 `collection` Bundle (the record export's FHIR form).

Built with the API's own mappers, for the enrollments the record export holds
(`records.export.enrollments_of`: all the citizen's, or those at one provider's units):
the Patient; per enrollment its EpisodeOfCare, unit and provider (Organization) and
responsible practitioner; every QuestionnaireResponse and, when scored, its total as an
Observation; every message as a Communication (its staff authors as Practitioners). The
caller (records.services.export_record) records the access; nothing here logs. A fixed number
of queries, however much there is. See docs/record-export.md.
"""

from django.conf import settings
from django.utils import timezone

from stegvis.api.fhir.communication import communication_resource
from stegvis.api.fhir.episode import episode_resource
from stegvis.api.fhir.observation import observation_resource
from stegvis.api.fhir.organization import provider_resource, unit_resource
from stegvis.api.fhir.people import patient_resource, practitioner_resource
from stegvis.api.fhir.questionnaire_response import response_resource
from stegvis.care.models import Enrollment, QuestionnaireResponse
from stegvis.messaging.models import AuthorRole, Message
from stegvis.organisation.models import CareProvider, User
from stegvis.records.export import enrollments_of


def _responses(enrollments: dict[int, Enrollment]) -> list[dict]:
    resources = []
    rows = QuestionnaireResponse.objects.filter(enrollment_id__in=enrollments)
    for response in rows.order_by("due_at", "pk"):
        response.enrollment = enrollments[response.enrollment_id]
        resources.append(response_resource(response))
        score = response.score or {}
        if response.completed_at is not None and score.get("total") is not None:
            resources.append(observation_resource(response))
    return resources


def _messages(enrollments: dict[int, Enrollment]) -> tuple[list[Message], list[User]]:
    messages = list(
        Message.objects.filter(enrollment_id__in=enrollments)
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )
    authors = []
    for message in messages:
        message.enrollment = enrollments[message.enrollment_id]
        if message.author_role == AuthorRole.PRACTITIONER:
            authors.append(message.author)
    return messages, authors


def _organisations(enrollments: list[Enrollment], staff: list[User]) -> list[dict]:
    providers = {e.unit.provider_id: e.unit.provider for e in enrollments}
    units = {e.unit_id: e.unit for e in enrollments}
    people = {person.pk: person for person in staff}
    return (
        [provider_resource(p) for _pk, p in sorted(providers.items())]
        + [unit_resource(u) for _pk, u in sorted(units.items())]
        + [practitioner_resource(p) for _pk, p in sorted(people.items())]
    )


def _entry(resource: dict) -> dict:
    base = settings.FHIR_BASE_URL
    return {"fullUrl": f"{base}/{resource['resourceType']}/{resource['id']}", "resource": resource}


def record_bundle(citizen: User, provider: CareProvider | None = None) -> dict:
    """The citizen's record (at `provider` only, when given) as a validated collection Bundle."""
    # fhir.resources is slow to import: load it when a resource is built
    from fhir.resources.R4B.bundle import Bundle

    enrollments = list(enrollments_of(citizen, provider))
    by_pk = {enrollment.pk: enrollment for enrollment in enrollments}
    messages, authors = _messages(by_pk)
    practitioners = [e.practitioner for e in enrollments if e.practitioner is not None]
    resources = [patient_resource(citizen)]
    resources += _organisations(enrollments, practitioners + authors)
    resources += [episode_resource(enrollment) for enrollment in enrollments]
    resources += _responses(by_pk)
    resources += [communication_resource(message) for message in messages]
    data = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": timezone.now().isoformat(),
        "entry": [_entry(resource) for resource in resources],
    }
    return Bundle.model_validate(data).model_dump(mode="json", exclude_none=True)

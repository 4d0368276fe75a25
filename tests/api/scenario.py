"""The data the API tests read: enrollments with PHQ-9 answers, scored by the real engine."""

from dataclasses import dataclass

from django.utils import timezone

from stegvis.care.models import QuestionnaireResponse
from stegvis.care.services.questionnaires import save_questionnaire
from tests.portal.fixtures import make_enrollment, make_release

PHQ9_CANONICAL = "https://stegvis.se/fhir/Questionnaire/phq9"


def phq9_answers(value: str = "1") -> dict:
    return {str(n): value for n in range(1, 10)}


def open_phq9(enrollment, n: int = 1) -> QuestionnaireResponse:
    return QuestionnaireResponse.objects.create(
        enrollment=enrollment,
        questionnaire_key="phq9",
        definition_version="",
        occasion=f"schedule:api:{n}:phq9",
        due_at=timezone.now(),
    )


def answer(enrollment, n: int, value: str = "1") -> QuestionnaireResponse:
    """A completed, scored PHQ-9 through care's own service (as the portal saves it)."""
    due = open_phq9(enrollment, n)
    save_questionnaire(
        actor=enrollment.citizen,
        enrollment=enrollment,
        occasion=due.occasion,
        answers=phq9_answers(value),
        complete=True,
    )
    due.refresh_from_db()
    return due


@dataclass
class Scenario:
    release: object
    enrollment: object  # the citizen's, at the unit
    other_unit_enrollment: object  # the other citizen's, at the provider's other unit
    foreign_enrollment: object  # a citizen at another provider
    completed: list  # the citizen's completed PHQ-9 responses
    due: QuestionnaireResponse  # the citizen's open PHQ-9


def build(world) -> Scenario:
    release = make_release(world.provider, world.unit)
    release.available_to.add(world.provider)
    enrollment = make_enrollment(
        world.citizen, world.unit, release, practitioner=world.practitioner
    )
    other = make_enrollment(world.other_citizen, world.other_unit, release)
    foreign_release = make_release(world.other_provider, world.foreign_unit)
    foreign = make_enrollment(world.other_citizen, world.foreign_unit, foreign_release)
    QuestionnaireResponse.objects.filter(due_at__isnull=False, completed_at__isnull=True).delete()
    completed = [answer(enrollment, n, value) for n, value in ((1, "1"), (2, "2"), (3, "3"))]
    answer(other, 1, "2")
    answer(foreign, 1, "2")
    return Scenario(release, enrollment, other, foreign, completed, open_phq9(enrollment, 9))

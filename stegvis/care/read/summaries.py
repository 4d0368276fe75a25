"""The citizen's enrollments at a glance: progress, the next step, due questionnaires."""

from __future__ import annotations

from dataclasses import dataclass

from stegvis.care.models import Enrollment, Phase, QuestionnaireResponse
from stegvis.care.read.modules import Progress, load_states
from stegvis.care.read.upcoming import due_responses
from stegvis.care.services.program import document_of
from stegvis.catalog.document import ReleaseDocument


@dataclass
class EnrollmentSummary:
    enrollment: Enrollment
    doc: ReleaseDocument
    progress: Progress

    @property
    def is_closed(self) -> bool:
        return self.enrollment.phase == Phase.CLOSED


@dataclass
class DueQuestionnaire:
    response: QuestionnaireResponse
    enrollment: Enrollment
    title: str


@dataclass
class CitizenHome:
    running: list[EnrollmentSummary]
    closed: list[EnrollmentSummary]
    due: list[DueQuestionnaire]


def citizen_home(enrollments: list[Enrollment]) -> CitizenHome:
    """Summaries of `enrollments` (fetched with their release) and their due questionnaires.

    3 queries whatever their number: module states, completed steps, due questionnaires.
    """
    ids = [e.pk for e in enrollments]
    states = load_states(ids)
    running, closed = [], []
    for enrollment in enrollments:
        doc = document_of(enrollment.release)
        summary = EnrollmentSummary(enrollment, doc, states[enrollment.pk].progress(doc))
        (closed if summary.is_closed else running).append(summary)
    by_id = {e.pk: e for e in enrollments}
    due = [
        DueQuestionnaire(
            response=response,
            enrollment=by_id[response.enrollment_id],
            title=document_of(by_id[response.enrollment_id].release).questionnaire_title(
                response.questionnaire_key
            ),
        )
        for response in (due_responses(ids, running_only=True) if ids else [])
    ]
    return CitizenHome(running, closed, due)

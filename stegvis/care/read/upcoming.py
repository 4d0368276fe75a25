"""The work ahead of an enrollment: scheduled module openings and questionnaires, and the
questionnaires due now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from stegvis.care.activities import OpenModule, ScheduledQuestionnaire, read_payload_or_none
from stegvis.care.models import Activity, Enrollment, Phase, QuestionnaireResponse
from stegvis.catalog.document import ReleaseDocument

# Phases in which a due questionnaire is waiting for the citizen.
RUNNING = (Phase.TREATMENT, Phase.MAINTENANCE, Phase.QUEUED)


@dataclass
class UpcomingWork:
    """A scheduled module opening (module_key) or questionnaire (questionnaire_key, None when
    the release has no such schedule)."""

    due_at: dt.datetime
    kind: str
    module_key: str = ""
    questionnaire_key: str | None = None

    @property
    def opens_module(self) -> bool:
        return self.kind == Activity.Kind.OPEN_MODULE


def upcoming_work(
    enrollment: Enrollment, doc: ReleaseDocument, limit: int | None = None
) -> list[UpcomingWork]:
    """The pending module openings and questionnaires in due order (1 query).

    A row whose payload does not fit its kind is left out.
    """
    pending = enrollment.activities.filter(
        done_at__isnull=True,
        kind__in=(Activity.Kind.OPEN_MODULE, Activity.Kind.QUESTIONNAIRE),
    ).order_by("due_at", "pk")
    if limit is not None:
        pending = pending[:limit]
    rows = []
    for activity in pending:
        work = read_payload_or_none(activity.kind, activity.payload)
        if isinstance(work, OpenModule):
            rows.append(UpcomingWork(activity.due_at, activity.kind, module_key=work.module))
        elif isinstance(work, ScheduledQuestionnaire):
            key = doc.scheduled_questionnaire(work.schedule)
            rows.append(UpcomingWork(activity.due_at, activity.kind, questionnaire_key=key))
    return rows


def due_responses(
    enrollment_ids: Iterable[int], *, running_only: bool = False
) -> list[QuestionnaireResponse]:
    """Scheduled questionnaires not yet completed, in due order (1 query).

    With `running_only`, only those of enrollments in a running phase (not closed).
    """
    rows = QuestionnaireResponse.objects.filter(
        enrollment_id__in=list(enrollment_ids), due_at__isnull=False, completed_at__isnull=True
    )
    if running_only:
        rows = rows.filter(enrollment__phase__in=RUNNING)
    return list(rows.order_by("due_at", "pk"))

"""Keep the summaries current: the enrollments touched since the last run, or all of them.

An enrollment is touched when any timestamp a figure counts by (or one that moves it: a
history event for a reassignment, a handover, a phase change) is at or after the last run's
start, less a margin for transactions that committed late. Rebuilding an enrollment twice is
harmless, so the margin costs little. Each batch is one transaction that first locks the
`SummaryState` row, so two runs (two workers, or the task beside the command) never interleave
their deletes and inserts.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from stegvis.care.models import Enrollment, Handover, HistoryEvent, ModuleState
from stegvis.care.models import QuestionnaireResponse as Response
from stegvis.messaging.models import Message
from stegvis.statistics.models_summaries import SummaryState
from stegvis.statistics.summaries.build import SUMMARIES, rebuild

# A write committed this long after its timestamp is still found by the next run.
MARGIN = dt.timedelta(minutes=10)
# The scheduler enqueues the task every minute; it refreshes when the last run is this old.
EVERY = dt.timedelta(minutes=5)
BATCH = 500


@dataclass(frozen=True)
class Refreshed:
    enrollments: int
    rows: int
    full: bool


def _state() -> SummaryState:
    state, _created = SummaryState.objects.select_for_update().get_or_create(pk=1)
    return state


def touched_since(since: dt.datetime) -> set[int]:
    """Ids of enrollments with anything counted, or moved, at or after `since`."""
    found: set[int] = set()
    for model, fields in (
        (Message, ["created_at"]),
        (Response, ["completed_at"]),
        (ModuleState, ["completed_at"]),
        (Handover, ["decided_at"]),
        (HistoryEvent, ["at"]),
    ):
        for field in fields:
            found.update(
                model.objects.filter(**{f"{field}__gte": since})
                .values_list("enrollment_id", flat=True)
                .distinct()
                .order_by()
            )
    # One pass over the enrollments for all their own dates.
    moved = Q(start_date__gte=since.date())
    for field in ("created_at", "closed_at", "phase_changed_at", "last_activity_at"):
        moved |= Q(**{f"{field}__gte": since})
    found.update(Enrollment.objects.filter(moved).values_list("pk", flat=True))
    return found


def _remove_orphans() -> None:
    """Rows of enrollments that no longer exist (deleted training data, retention)."""
    for model in SUMMARIES:
        model.objects.exclude(enrollment_id__in=Enrollment.objects.values("pk")).delete()


def refresh(*, full: bool = False) -> Refreshed:
    """Bring the summaries up to now: the touched enrollments, or with `full` every one."""
    started = timezone.now()
    with transaction.atomic():
        state = _state()
        as_of = state.as_of
    full = full or as_of is None
    if full:
        ids = list(Enrollment.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(touched_since(as_of - MARGIN))
    rows = 0
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            _state()
            rows += rebuild(ids[start : start + BATCH])
    with transaction.atomic():
        if full:  # an anti-join over every row: not every few minutes (ORM deletes cascade)
            _remove_orphans()
        state = _state()
        state.as_of = max(started, state.as_of) if state.as_of else started
        state.finished_at = timezone.now()
        state.enrollments = len(ids)
        if full:
            state.full_rebuild_at = state.finished_at
        state.save()
    return Refreshed(enrollments=len(ids), rows=rows, full=full)


def refresh_if_due() -> Refreshed | None:
    """Refresh when the last run finished `EVERY` ago or more (the scheduler's task)."""
    state = SummaryState.objects.filter(pk=1).first()
    if state and state.finished_at and timezone.now() - state.finished_at < EVERY:
        return None
    return refresh()


def refreshed_as_of() -> dt.datetime | None:
    """The moment up to which the summaries hold everything, or None before the first run."""
    return SummaryState.objects.filter(pk=1).values_list("as_of", flat=True).first()

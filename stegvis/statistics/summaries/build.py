"""Rebuild the summary rows of a batch of enrollments from what care and messaging record.

Each figure is taken from the same rows and timestamps as the live queries
(stegvis/statistics/usage.py, usage_messages.py, outcomes.py) and placed on the local day it
happened, so any period, grouping and breakdown sums to the live figure exactly.
"""

from collections import Counter, defaultdict

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from stegvis.care.models import Enrollment, Handover, HistoryEvent, ModuleState, Phase
from stegvis.care.models import QuestionnaireResponse as Response
from stegvis.db import copy_into
from stegvis.messaging.models import Message, SenderSide
from stegvis.statistics.models_summaries import (
    DAY_COUNTS,
    PLACEMENT,
    OutcomeScore,
    UsageDay,
    UsageMonth,
    UsageReply,
    UsageWeek,
)
from stegvis.statistics.outcomes import reduce_scores, score_rows
from stegvis.statistics.summaries.spans import ROLLUPS, Span
from stegvis.statistics.usage_scope import without_training

_MALE, _FEMALE = "13579", "02468"
# Every summary table, each with rows per enrollment.
SUMMARIES = (UsageDay, UsageWeek, UsageMonth, UsageReply, OutcomeScore)


def _sex(personnummer: str) -> str:
    digit = personnummer[10:11]
    return "m" if digit and digit in _MALE else "f" if digit and digit in _FEMALE else ""


def _placements(ids: list[int]) -> dict[int, dict]:
    """{enrollment: its filter columns and what closing needs}, training left out."""
    rows = Enrollment.objects.filter(without_training(), pk__in=ids).values_list(
        "pk",
        "unit_id",
        "practitioner_id",
        "release_id",
        "release__program_key",
        "citizen__personnummer",
        "start_date",
        "phase",
        "closed_at",
    )
    found = {}
    for pk, unit, practitioner, release, program, pnr, start, phase, closed_at in rows:
        found[pk] = {
            "place": {
                "unit_id": unit,
                "practitioner_id": practitioner,
                "release_id": release,
                "program_key": program,
                "birth": (pnr or "")[:8],
                "sex": _sex(pnr or ""),
            },
            "start": start,
            "closed_at": closed_at if phase == Phase.CLOSED else None,
        }
    return found


def _local_day(field: str):
    return TruncDate(field, tzinfo=timezone.get_current_timezone())


def _days(found: dict[int, dict]) -> dict:
    """{(enrollment, day): Counter} of everything placed at the enrollment itself."""
    ids = list(found)
    days: dict = defaultdict(Counter)
    maintenance = set(
        HistoryEvent.objects.filter(
            enrollment_id__in=ids, action="phase.changed", detail__new=Phase.MAINTENANCE
        ).values_list("enrollment_id", flat=True)
    )
    for pk, facts in found.items():
        days[(pk, facts["start"])]["started"] += 1
        if facts["closed_at"] is not None:
            day = timezone.localdate(facts["closed_at"])
            days[(pk, day)]["completed" if pk in maintenance else "closed_early"] += 1
            days[(pk, day)]["days_in_treatment"] = (day - facts["start"]).days
    modules = ModuleState.objects.filter(enrollment_id__in=ids, completed_at__isnull=False)
    for pk, day, n in _per_day(modules, "completed_at"):
        days[(pk, day)]["modules_completed"] += n
    on_time = ExpressionWrapper(Q(completed_at__lte=F("due_at")), output_field=BooleanField())
    answered = Response.objects.filter(
        enrollment_id__in=ids, completed_at__isnull=False, due_at__isnull=False
    ).annotate(on_time=on_time)
    for pk, day, timely, n in _per_day(answered, "completed_at", "on_time"):
        days[(pk, day)]["on_time" if timely else "late"] += n
    for pk, day, n in _per_day(Message.objects.filter(enrollment_id__in=ids), "created_at"):
        days[(pk, day)]["messages"] += n
    return days


def _per_day(queryset, field: str, *more: str):
    """(enrollment, local day, *more, count) rows, grouped in the database."""
    return (
        queryset.annotate(day=_local_day(field))
        .values_list("enrollment_id", "day", *more)
        .annotate(n=Count("pk"))
        .order_by()
    )


def _handover_rows(found: dict[int, dict]) -> list[UsageDay]:
    """Approved handovers: one row at the receiving side, one at the sending side."""
    rows = []
    approved = Handover.objects.filter(
        enrollment_id__in=list(found), status=Handover.Status.APPROVED, decided_at__isnull=False
    ).values_list(
        "enrollment_id",
        "decided_at",
        "to_unit_id",
        "new_practitioner_id",
        "from_unit_id",
        "previous_practitioner_id",
    )
    for pk, decided_at, to_unit, new, from_unit, previous in approved:
        place = found[pk]["place"]
        day = timezone.localdate(decided_at)
        for column, unit, practitioner in (
            ("handed_in", to_unit, new),
            ("handed_out", from_unit, previous),
        ):
            fields = place | {"unit_id": unit, "practitioner_id": practitioner}
            rows.append(UsageDay(enrollment_id=pk, day=day, **fields, **{column: 1}))
    return rows


def _reply_rows(found: dict[int, dict]) -> list[UsageReply]:
    """Each citizen message with the team's first message at or after it (as usage_messages)."""
    messages = (
        Message.objects.filter(enrollment_id__in=list(found))
        .order_by("enrollment_id", "created_at")
        .values_list("enrollment_id", "sender_side", "created_at")
    )
    ordered = sorted(messages, key=lambda m: (m[0], m[2], m[1] != SenderSide.CITIZEN))
    rows, waiting, current = [], [], None
    for pk, side, created_at in ordered:
        if pk != current:
            current, waiting = pk, []
        if side == SenderSide.CITIZEN:
            waiting.append(created_at)
            continue
        for asked_at in waiting:
            rows.append(
                UsageReply(
                    enrollment_id=pk,
                    day=timezone.localdate(asked_at),
                    hours=(created_at - asked_at).total_seconds() / 3600,
                    **found[pk]["place"],
                )
            )
        waiting = []
    return rows


def _outcome_rows(found: dict[int, dict]) -> list[OutcomeScore]:
    """First, latest and count per (enrollment, questionnaire, measure); "" for any answer."""
    responses = Response.objects.filter(enrollment_id__in=list(found), completed_at__isnull=False)
    rows = list(score_rows(responses))
    answered = Counter((row[0], row[3]) for row in rows)
    by_measure, _releases = reduce_scores(rows)
    scores = []

    def add(pk, key, measure, first, latest, n):
        facts = found[pk]
        scores.append(
            OutcomeScore(
                enrollment_id=pk,
                unit_id=facts["place"]["unit_id"],
                release_id=facts["place"]["release_id"],
                program_key=facts["place"]["program_key"],
                start_date=facts["start"],
                questionnaire_key=key,
                measure=measure,
                first=first,
                latest=latest,
                count=n,
            )
        )

    for (pk, key), n in answered.items():
        add(pk, key, "", None, None, n)
    for (key, measure), kept in by_measure.items():
        for pk, (first, latest, n, _unit) in kept.items():
            add(pk, key, measure, first, latest, n)
    return scores


def rebuild(ids: list[int]) -> int:
    """Replace the summary rows of `ids` (call inside a transaction); the rows written."""
    for model in SUMMARIES:
        model.objects.filter(enrollment_id__in=ids).delete()
    found = _placements(ids)
    if not found:
        return 0
    days = [
        UsageDay(enrollment_id=pk, day=day, **found[pk]["place"], **counts)
        for (pk, day), counts in _days(found).items()
    ]
    days += _handover_rows(found)
    replies = _reply_rows(found)
    scores = _outcome_rows(found)
    written = (
        (UsageDay, days),
        *((span.model, rolled_up(days, span)) for span in ROLLUPS),
        (UsageReply, replies),
        (OutcomeScore, scores),
    )
    for model, objects in written:
        _insert(model, objects)
    return sum(len(objects) for _model, objects in written)


def rolled_up(days: list[UsageDay], span: Span) -> list:
    """The day rows summed per (enrollment, week or month, placement): what `span` holds."""
    start_of = span.start_of
    sums: dict[tuple, Counter] = defaultdict(Counter)
    for day in days:
        placed = (getattr(day, name) for name in PLACEMENT)
        key = (day.enrollment_id, start_of(day.day), day.unit_id, *placed)
        sums[key].update({name: getattr(day, name) for name in DAY_COUNTS})
    return [
        span.model(
            enrollment_id=enrollment_id,
            unit_id=unit_id,
            **{span.column: start},
            **dict(zip(PLACEMENT, placement, strict=True)),
            **counts,
        )
        for (enrollment_id, start, unit_id, *placement), counts in sums.items()
    ]


def _insert(model, objects: list) -> None:
    """Insert `objects`: with `COPY` on PostgreSQL, else `bulk_create`.

    Django preparing each value for `bulk_create` was two thirds of a full refresh's time
    (profiled on 5,000 generated enrollments); `COPY` takes the values as they are.
    """
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=1000)
        return
    names = [field.attname for field in model._meta.concrete_fields if not field.primary_key]
    with copy_into(model, names) as copy:
        for obj in objects:
            copy.write_row([getattr(obj, name) for name in names])

"""Usage statistics: how programs are used, now and over a period (issue 15).

Every figure is one GROUP BY query over the scope (usage_scope.py) grouped by period and the
breakdown (unit, program version, practitioner or the whole provider); medians come from
histograms the database groups, so the rows read do not grow with the enrollments. Training
data never counts; small counts are suppressed when published (usage_tables.py).
"""

from collections import defaultdict

from django.db.models import (
    BooleanField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
)
from django.db.models.functions import Trunc, TruncDate
from django.utils.translation import gettext_lazy as _

from stegvis.care.models import Enrollment, Flag, Handover, HistoryEvent, ModuleState, Phase
from stegvis.care.models import QuestionnaireResponse as Response
from stegvis.db_replica import from_replica
from stegvis.messaging.models import Message, SenderSide
from stegvis.statistics.summaries.reads import summary_tallies
from stegvis.statistics.usage_messages import response_hours
from stegvis.statistics.usage_scope import UsageScope, enrollment_filter
from stegvis.statistics.usage_tables import (
    Column,
    Table,
    Tally,
    breakdown_labels,
    cell,
    period_label,
)

CURRENT_COLUMNS = [
    Column("queued", _("Waiting for a practitioner to be assigned")),
    Column("treatment", _("Treatment phase")),
    Column("maintenance", _("Maintenance phase")),
    Column("flagged_citizens", _("Citizens with an open flag")),
    Column("unanswered_messages", _("Unread messages from citizens")),
    Column("handovers_waiting", _("Handovers waiting for a decision")),
]
HISTORIC_COLUMNS = [
    Column("started", _("Started")),
    Column("completed", _("Completed")),
    Column("closed_early", _("Closed early")),
    Column("handed_in", _("Handed over in")),
    Column("handed_out", _("Handed over out")),
    Column("median_days", _("Median days in treatment (closed)"), "median_days"),
    Column("modules_completed", _("Modules completed")),
    Column("on_time", _("Questionnaires answered on time")),
    Column("late", _("Questionnaires answered late")),
    Column("messages", _("Messages")),
    Column("per_enrollment", _("Messages per enrollment with messages"), "per_enrollment"),
    Column("median_hours", _("Median hours to the team's reply"), "median_hours"),
]
# The breakdown's id on the enrollment ("practitioner" is the responsible one).
_KEY = {"unit": "unit_id", "program": "release_id", "practitioner": "practitioner_id"}


def key_path(scope: UsageScope, prefix: str = "") -> str | None:
    return None if scope.breakdown == "provider" else f"{prefix}{_KEY[scope.breakdown]}"


def _grouped(queryset, key: str | None, *fields: str, period: str | None = None, **named):
    """Rows of `fields` (+ "key", "period") with their count `n`, grouped in the database."""
    annotations = dict(named)
    if key:
        annotations["key"] = F(key)
    if period:
        annotations["period"] = period
    # COUNT(*), not COUNT(id): an index that lacks the id can answer it alone (the unread
    # messages' partial index: 0.3 → 0.16 s for a provider of 369,912 enrollments).
    return _counted(queryset.annotate(**annotations), [*fields, *annotations], n=Count("*"))


def _counted(queryset, columns: list[str], **counts) -> list[dict]:
    """`counts` per distinct `columns`; with no columns, one row for the whole queryset.

    `.values()` with no names would group by every column of the model: one row per flag or
    message, each counted alone (a citizen with two open flags counted twice).
    """
    if not columns:
        return [queryset.aggregate(**counts)]
    return list(queryset.values(*dict.fromkeys(columns)).annotate(**counts).order_by())


@from_replica
def current_usage(scope: UsageScope) -> Table:
    """Now: enrollments by phase, open flags, unread messages and handovers waiting."""
    tallies: dict = defaultdict(Tally)
    running = Enrollment.objects.filter(enrollment_filter(scope)).exclude(phase=Phase.CLOSED)
    for row in _grouped(running, key_path(scope), "phase"):
        tallies[row.get("key")].counts[row["phase"]] += row["n"]
    flagged = (
        Flag.objects.filter(enrollment_filter(scope, "enrollment__"), acknowledged_at__isnull=True)
        .exclude(enrollment__phase=Phase.CLOSED)
        .annotate(**({"key": F(key_path(scope, "enrollment__"))} if key_path(scope) else {}))
    )
    flagged = _counted(
        flagged,
        ["key"] if key_path(scope) else [],
        n=Count("enrollment__citizen", distinct=True),
    )
    for row in flagged:
        tallies[row.get("key")].counts["flagged_citizens"] += row["n"]
    unread = Message.objects.filter(
        enrollment_filter(scope, "enrollment__"),
        sender_side=SenderSide.CITIZEN,
        read_by_team_at__isnull=True,
    )
    for row in _grouped(unread, key_path(scope, "enrollment__")):
        tallies[row.get("key")].counts["unanswered_messages"] += row["n"]
    waiting = Handover.objects.filter(
        enrollment_filter(scope, "enrollment__", unit_field="to_unit"),
        status=Handover.Status.PENDING,
    )
    for row in _grouped(waiting, _handover_key(scope, "to_unit_id", "new_practitioner_id")):
        tallies[row.get("key")].counts["handovers_waiting"] += row["n"]
    labels = breakdown_labels(scope, tallies)
    rows = sorted(
        ([labels.get(key, "?")] + [cell(c, tallies[key]) for c in CURRENT_COLUMNS])
        for key in tallies
    )
    return Table([str(_("Row"))] + [str(c.label) for c in CURRENT_COLUMNS], rows)


def _handover_key(scope: UsageScope, unit_key: str, practitioner_key: str) -> str | None:
    return {
        "provider": None,
        "unit": unit_key,
        "program": "enrollment__release_id",
        "practitioner": practitioner_key,
    }[scope.breakdown]


def _period(scope: UsageScope, field: str):
    return Trunc(field, scope.group, output_field=DateField())


def historic_tallies(scope: UsageScope) -> dict:
    """{(period start, breakdown id): Tally} for the scope's period, from the raw rows.

    The live count the summaries are held to (summaries/reads.py gives the pages the same
    tallies from far fewer rows; tests/statistics/test_summaries.py).
    """
    tallies: dict = defaultdict(Tally)
    _add_enrollments(scope, tallies)
    _add_handovers(scope, tallies)
    _add_activity(scope, tallies)
    for (period, key), hours in response_hours(scope, key_path(scope, "enrollment__")).items():
        tallies[(period, key)].hours.extend(hours)
    return tallies


def _add_enrollments(scope: UsageScope, tallies: dict) -> None:
    enrollments = Enrollment.objects.filter(enrollment_filter(scope))
    started = enrollments.filter(start_date__range=(scope.date_from, scope.date_to))
    for row in _grouped(started, key_path(scope), period=_period(scope, "start_date")):
        tallies[(row["period"], row.get("key"))].counts["started"] += row["n"]
    # Completed: the enrollment reached maintenance before it closed; otherwise closed early.
    reached_maintenance = HistoryEvent.objects.filter(
        enrollment=OuterRef("pk"), action="phase.changed", detail__new=Phase.MAINTENANCE
    )
    closed = enrollments.filter(scope.between("closed_at"), phase=Phase.CLOSED)
    rows = _grouped(
        closed,
        key_path(scope),
        "completed",
        "days",
        period=_period(scope, "closed_at"),
        completed=Exists(reached_maintenance),
        days=TruncDate("closed_at") - F("start_date"),
    )
    for row in rows:
        tally = tallies[(row["period"], row.get("key"))]
        tally.counts["completed" if row["completed"] else "closed_early"] += row["n"]
        tally.days[row["days"].days] += row["n"]


def _add_handovers(scope: UsageScope, tallies: dict) -> None:
    approved = Handover.objects.filter(scope.between("decided_at"), status=Handover.Status.APPROVED)
    for column, unit_key, practitioner_key in (
        ("handed_in", "to_unit", "new_practitioner_id"),
        ("handed_out", "from_unit", "previous_practitioner_id"),
    ):
        moved = approved.filter(enrollment_filter(scope, "enrollment__", unit_field=unit_key))
        key = _handover_key(scope, f"{unit_key}_id", practitioner_key)
        for row in _grouped(moved, key, period=_period(scope, "decided_at")):
            tallies[(row["period"], row.get("key"))].counts[column] += row["n"]


def _add_activity(scope: UsageScope, tallies: dict) -> None:
    key = key_path(scope, "enrollment__")
    in_scope = enrollment_filter(scope, "enrollment__")
    modules = ModuleState.objects.filter(in_scope, scope.between("completed_at"))
    for row in _grouped(modules, key, period=_period(scope, "completed_at")):
        tallies[(row["period"], row.get("key"))].counts["modules_completed"] += row["n"]
    # Responses with a due date (scheduled or asked for): on time when done by then.
    answered = Response.objects.filter(
        in_scope, scope.between("completed_at"), due_at__isnull=False
    )
    on_time = ExpressionWrapper(Q(completed_at__lte=F("due_at")), output_field=BooleanField())
    rows = _grouped(
        answered, key, "on_time", period=_period(scope, "completed_at"), on_time=on_time
    )
    for row in rows:
        column = "on_time" if row["on_time"] else "late"
        tallies[(row["period"], row.get("key"))].counts[column] += row["n"]
    messages = (
        Message.objects.filter(in_scope, scope.between("created_at"))
        .annotate(period=_period(scope, "created_at"), **({"key": F(key)} if key else {}))
        .values("period", *(["key"] if key else []))
        .annotate(n=Count("pk"), enrollments=Count("enrollment", distinct=True))
        .order_by()
    )
    for row in messages:
        tally = tallies[(row["period"], row.get("key"))]
        tally.counts["messages"] += row["n"]
        tally.enrollments_with_messages += row["enrollments"]


@from_replica
def historic_usage(scope: UsageScope, tallies: dict | None = None) -> Table:
    """The period's figures, one row per period and breakdown row, oldest first.

    From the summaries unless `tallies` are given.
    """
    tallies = summary_tallies(scope) if tallies is None else tallies
    labels = breakdown_labels(scope, {key for _period, key in tallies})
    rows = []
    for period, key in sorted(tallies, key=lambda pk: (pk[0], str(labels.get(pk[1], "")))):
        tally = tallies[(period, key)]
        rows.append(
            [period_label(period, scope.group), labels.get(key, "?")]
            + [cell(c, tally) for c in HISTORIC_COLUMNS]
        )
    header = [str(_("Period")), str(_("Row"))] + [str(c.label) for c in HISTORIC_COLUMNS]
    return Table(header, rows)

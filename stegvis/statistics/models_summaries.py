"""Materialised summaries of what care and messaging record, for the statistics pages.

Derived data, rebuilt per enrollment by stegvis/statistics/summaries/ (docs/statistics.md,
"Summaries"): rows hold ids, not foreign keys with constraints, so deleting a unit or user never
waits for them. Deleting an enrollment through the ORM (retention, training data) deletes its
rows with it (CASCADE, found by the enrollment index); a full refresh sweeps any left by a
delete that went past the ORM.
Training enrollments (and those of test citizens or test practitioners) get no rows at all.
"""

from django.db import models

# The columns a statistics read filters or groups by, and the day's counts it sums.
PLACEMENT = ["practitioner_id", "release_id", "program_key", "birth", "sex"]
DAY_COUNTS = [
    "started",
    "completed",
    "closed_early",
    "handed_in",
    "handed_out",
    "modules_completed",
    "on_time",
    "late",
    "messages",
]


class Placed(models.Model):
    """Where a row counts (unit, practitioner) and the enrollment's filter columns.

    `birth` is the personnummer's first eight digits (a samordningsnummer's day plus 60, as the
    live figures compare it) and `sex` "f", "m" or "" from its eleventh digit: neither the
    personnummer nor anything else that names the citizen is copied here.
    """

    enrollment = models.ForeignKey(
        "care.Enrollment", on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )
    unit_id = models.IntegerField()
    practitioner_id = models.IntegerField(null=True)
    release_id = models.IntegerField()
    program_key = models.CharField(max_length=64)
    birth = models.CharField(max_length=8)
    sex = models.CharField(max_length=1, blank=True)

    class Meta:
        abstract = True


class UsageDay(Placed):
    """One enrollment's counts on one local day, placed at its unit and practitioner.

    A handover adds rows of its own, placed at the receiving unit and new practitioner
    (handed in) and at the sending unit and previous practitioner (handed out).
    """

    day = models.DateField()
    started = models.PositiveSmallIntegerField(default=0)
    completed = models.PositiveSmallIntegerField(default=0)
    closed_early = models.PositiveSmallIntegerField(default=0)
    # On the closing day's row: closing day minus start date.
    days_in_treatment = models.IntegerField(null=True)
    handed_in = models.PositiveSmallIntegerField(default=0)
    handed_out = models.PositiveSmallIntegerField(default=0)
    modules_completed = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    messages = models.PositiveIntegerField(default=0)

    class Meta:
        # Covering (PostgreSQL): a large provider's year is half the table, and fetching those
        # rows from the heap through a plain (unit, day) index took 7 of 9 s at 600,000
        # enrollments; an index-only scan of the range reads them in about 1 s. Closing rows
        # (days in treatment) are few and have an index of their own.
        indexes = [
            models.Index(
                fields=["unit_id", "day"],
                include=[*PLACEMENT, *DAY_COUNTS, "enrollment"],
                name="usageday_unit_day_cover",
            ),
            models.Index(
                fields=["unit_id", "day"],
                include=[*PLACEMENT, "days_in_treatment"],
                condition=models.Q(days_in_treatment__isnull=False),
                name="usageday_closing",
            ),
            models.Index(fields=["enrollment"], name="usageday_enrollment"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}@{self.day}"


class RolledUp(Placed):
    """The day rows of one enrollment in a longer span (a week, a month), summed per placement.

    Built beside the days (summaries/build.py) so a period's whole spans read a few rows per
    enrollment instead of one per active day; what is left at the period's edges still reads
    the days (summaries/reads.py). Closing rows stay in the days only: their partial index is
    small.
    """

    started = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    closed_early = models.PositiveIntegerField(default=0)
    handed_in = models.PositiveIntegerField(default=0)
    handed_out = models.PositiveIntegerField(default=0)
    modules_completed = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    messages = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


def _covering(span: str, name: str) -> models.Index:
    """(unit, span) with everything a read takes, so a range is an index-only scan."""
    return models.Index(
        fields=["unit_id", span], include=[*PLACEMENT, *DAY_COUNTS, "enrollment"], name=name
    )


class UsageMonth(RolledUp):
    """One enrollment's day rows in one calendar month, summed per placement."""

    month = models.DateField()  # the month's first day

    class Meta:
        indexes = [
            _covering("month", "usagemonth_unit_month_cover"),
            models.Index(fields=["enrollment"], name="usagemonth_enrollment"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}@{self.month:%Y-%m}"


class UsageWeek(RolledUp):
    """One enrollment's day rows in one week (Monday to Sunday), summed per placement.

    Weeks do not fall on months: a period by week reads its whole weeks here, and a period by
    month or quarter reads here the whole weeks of what its whole months leave.
    """

    week = models.DateField()  # the week's Monday

    class Meta:
        indexes = [
            _covering("week", "usageweek_unit_week_cover"),
            models.Index(fields=["enrollment"], name="usageweek_enrollment"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}@{self.week:%G-W%V}"


class UsageReply(Placed):
    """One citizen message the team answered: its local day and the hours to the reply."""

    day = models.DateField()
    hours = models.FloatField()

    class Meta:
        indexes = [
            models.Index(
                fields=["unit_id", "day"],
                include=[*PLACEMENT, "hours"],
                name="usagereply_unit_day_cover",
            ),
            models.Index(fields=["enrollment"], name="usagereply_enrollment"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}@{self.day}: {self.hours:.1f} h"


class OutcomeScore(models.Model):
    """An enrollment's first and latest value of one measure of one questionnaire, and how many.

    `measure` "" is a row per questionnaire answered at all (its count of completed responses),
    which tells the outcomes which release's definition to use even without a value.
    """

    enrollment = models.ForeignKey(
        "care.Enrollment", on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )
    unit_id = models.IntegerField()
    release_id = models.IntegerField()
    program_key = models.CharField(max_length=64)
    start_date = models.DateField()
    questionnaire_key = models.CharField(max_length=64)
    measure = models.CharField(max_length=8, blank=True)
    first = models.FloatField(null=True)
    latest = models.FloatField(null=True)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["program_key", "unit_id"], name="outcomescore_program_unit"),
            models.Index(fields=["enrollment"], name="outcomescore_enrollment"),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}:{self.questionnaire_key}:{self.measure}"


class SummaryState(models.Model):
    """The one row saying how far the summaries reach (pk 1); its lock orders the writers."""

    # Everything recorded before this moment is in the summaries.
    as_of = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    full_rebuild_at = models.DateTimeField(null=True)
    enrollments = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"summaries as of {self.as_of}"

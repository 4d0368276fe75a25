"""What a usage statistic covers: units, program, period, grouping, age band, sex, breakdown.

One `UsageScope` is built from the page's form or the command's arguments and turned into
query filters here, so the page, the exports and the command count exactly alike. Training
data never counts: training enrollments, test citizens and test practitioners are excluded
in every filter this module builds.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.organisation.models import User

GROUPS = {"week": _("Week"), "month": _("Month"), "quarter": _("Quarter")}
BREAKDOWNS = {
    "provider": _("Whole provider"),
    "unit": _("Unit"),
    "program": _("Program and version"),
    "practitioner": _("Practitioner"),
}
# Age in whole years at the end of the period, inclusive bounds; derived from the personnummer.
AGE_BANDS = {
    "0-17": (0, 17),
    "18-29": (18, 29),
    "30-44": (30, 44),
    "45-64": (45, 64),
    "65-": (65, 150),
}
SEXES = {"female": _("Women"), "male": _("Men")}
# The personnummer's eleventh digit (the serial's last) is odd for men, even for women.
_MALE_DIGITS = ("1", "3", "5", "7", "9")
_FEMALE_DIGITS = ("0", "2", "4", "6", "8")
# Counts of 1-4 are shown as this, and so are figures computed from fewer than 5 cases.
SUPPRESSED = "< 5"
SMALLEST_SHOWN = 5


@dataclass(frozen=True)
class UsageScope:
    unit_ids: tuple[int, ...]
    date_from: dt.date
    date_to: dt.date
    group: str = "month"
    breakdown: str = "provider"
    program_key: str = ""
    age_band: str = ""
    sex: str = ""

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        """The period as [start of the first day, start of the day after the last)."""
        start = dt.datetime.combine(self.date_from, dt.time.min)
        end = dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time.min)
        zone = timezone.get_current_timezone()
        return timezone.make_aware(start, zone), timezone.make_aware(end, zone)

    def between(self, field: str) -> Q:
        """`field` (a date-time) falls in the period."""
        start, end = self.moments()
        return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def enrollment_filter(scope: UsageScope, prefix: str = "", *, unit_field: str = "unit") -> Q:
    """Enrollments in the scope's units, program, age band and sex; never training data.

    `prefix` reaches the enrollment from another model ("enrollment__"); `unit_field` is the
    unit that places the row (a handover's `to_unit` or `from_unit` rather than the
    enrollment's current unit).
    """
    unit_path = unit_field if unit_field != "unit" else f"{prefix}unit"
    q = Q(**{f"{unit_path}_id__in": scope.unit_ids}) & without_training(prefix)
    if scope.program_key:
        q &= Q(**{f"{prefix}release__program_key": scope.program_key})
    if scope.age_band:
        q &= _born_in_band(scope, f"{prefix}citizen__personnummer")
    if scope.sex:
        digits = _MALE_DIGITS if scope.sex == "male" else _FEMALE_DIGITS
        q &= Q(**{f"{prefix}citizen__personnummer__regex": f"^.{{10}}[{''.join(digits)}]"})
    return q


def without_training(prefix: str = "") -> Q:
    """Not a training enrollment, nor one of a test citizen or a test practitioner.

    Test accounts are few: leaving out their ids (a partial index finds them) spares joining
    every enrollment to its citizen and practitioner (the joins were most of the *now*
    figures' time for a large provider). An enrollment without a practitioner is kept.
    """
    training = User.objects.filter(is_training=True).values("pk")
    return (
        Q(**{f"{prefix}is_training": False})
        & ~Q(**{f"{prefix}citizen__in": training})
        & ~Q(**{f"{prefix}practitioner__in": training})
    )


def _born_in_band(scope: UsageScope, field: str) -> Q:
    """Born so that the age at the period's end is in the band (YYYYMMDD compares as text).

    A samordningsnummer's day is the birth day plus 60: it still sorts within the right
    month, so an age can be off by at most the days of one month.
    """
    earliest, latest = band_births(scope)
    return Q(**{f"{field}__gte": earliest}) & Q(**{f"{field}__lte": f"{latest}9999"})


def band_births(scope: UsageScope) -> tuple[str, str]:
    """The earliest and latest birth dates (YYYYMMDD) in the scope's age band at its end."""
    lo, hi = AGE_BANDS[scope.age_band]
    end = scope.date_to
    latest = _years_before(end, lo).strftime("%Y%m%d")
    earliest = (_years_before(end, hi + 1) + dt.timedelta(days=1)).strftime("%Y%m%d")
    return earliest, latest


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def shown(count: int) -> int | str:
    """A count as published: 1-4 suppressed (a count of 0 reveals nobody)."""
    return SUPPRESSED if 0 < count < SMALLEST_SHOWN else count


def shown_figure(value, cases: int):
    """A figure computed from `cases`: suppressed when they are 1-4, empty when none."""
    if cases == 0 or value is None:
        return ""
    return SUPPRESSED if cases < SMALLEST_SHOWN else value

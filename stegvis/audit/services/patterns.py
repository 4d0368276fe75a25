"""Patterns in the access log worth a reviewer's look (PDL: logs must be followed up).

Each pattern is one aggregate query in the database, so the page's query count does not grow
with the log. Only staff reads are considered; the review's own events and list pages (which show
only the unit's own enrollments) are left out, so the figures count records opened.

Whether a read had a care relationship behind it is asked through organisation's relationships
registry, which care fills: the audit app sits below care in the dependency order and must not
import it, not even through `apps.get_model`.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractHour, TruncDate
from django.utils import timezone

from stegvis.audit.conf import setting
from stegvis.audit.models import AccessEvent
from stegvis.audit.services.review import EventFilter, start_of_day
from stegvis.organisation.models import CareProvider
from stegvis.organisation.relationships import care_relationships

ROW_LIMIT = 50
# Events that are not someone opening a citizen's record.
_NOT_OPENING = Q(action__startswith="audit.") | Q(action__startswith="care.list_")
_ACTOR = ("actor_id", "actor__first_name", "actor__last_name", "actor_hsa_id")


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def default(cls) -> "Period":
        today = timezone.localdate()
        return cls(today - timedelta(days=setting("AUDIT_PATTERN_DAYS") - 1), today)


def _staff_reads(provider: CareProvider, period: Period) -> QuerySet:
    return (
        AccessEvent.objects.filter(
            provider=provider,
            kind=AccessEvent.Kind.READ,
            occurred_at__gte=start_of_day(period.start),
            occurred_at__lt=start_of_day(period.end + timedelta(days=1)),
            citizen__isnull=False,
            actor__isnull=False,
        )
        .exclude(actor_hsa_id="")
        .exclude(_NOT_OPENING)
    )


def outside_enrollments(provider: CareProvider, period: Period) -> list[dict]:
    """Staff reads of a citizen with no enrollment at the reader's unit nor in their care."""
    related = care_relationships(OuterRef("citizen_id"), OuterRef("unit_id"), OuterRef("actor_id"))
    rows = (
        _staff_reads(provider, period)
        .filter(~Exists(related))
        .values(*_ACTOR, "citizen_id", "citizen__first_name", "citizen__last_name")
        .annotate(reads=Count("id"), first=Min("occurred_at"), last=Max("occurred_at"))
        .order_by("-reads", "actor_id", "citizen_id")[:ROW_LIMIT]
    )
    return [
        {
            **row,
            "search": EventFilter(
                citizen_id=row["citizen_id"],
                actor_id=row["actor_id"],
                date_from=period.start,
                date_to=period.end,
            ),
        }
        for row in rows
    ]


def many_citizens_a_day(provider: CareProvider, period: Period) -> list[dict]:
    """Days on which one staff member opened more distinct citizens than the threshold."""
    tz = timezone.get_current_timezone()
    rows = (
        _staff_reads(provider, period)
        .annotate(day=TruncDate("occurred_at", tzinfo=tz))
        .values(*_ACTOR, "day")
        .annotate(citizens=Count("citizen_id", distinct=True))
        .filter(citizens__gt=setting("AUDIT_MANY_CITIZENS_PER_DAY"))
        .order_by("-day", "-citizens", "actor_id")[:ROW_LIMIT]
    )
    return [
        {
            **row,
            "search": EventFilter(
                actor_id=row["actor_id"], date_from=row["day"], date_to=row["day"]
            ),
        }
        for row in rows
    ]


def at_night(provider: CareProvider, period: Period) -> list[dict]:
    """Days on which a staff member opened citizens' records at night (local time)."""
    tz = timezone.get_current_timezone()
    start, end = setting("AUDIT_NIGHT_START"), setting("AUDIT_NIGHT_END")
    night = (
        Q(hour__gte=start) | Q(hour__lt=end) if start > end else Q(hour__gte=start, hour__lt=end)
    )
    rows = (
        _staff_reads(provider, period)
        .annotate(hour=ExtractHour("occurred_at", tzinfo=tz))
        .filter(night)
        .annotate(day=TruncDate("occurred_at", tzinfo=tz))
        .values(*_ACTOR, "day")
        .annotate(reads=Count("id"), citizens=Count("citizen_id", distinct=True))
        .order_by("-day", "-reads", "actor_id")[:ROW_LIMIT]
    )
    return [
        {
            **row,
            "search": EventFilter(
                actor_id=row["actor_id"], date_from=row["day"], date_to=row["day"]
            ),
        }
        for row in rows
    ]

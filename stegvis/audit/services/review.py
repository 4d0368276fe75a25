"""Searching a provider's access log, and recording that it was searched or exported."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.audit.recording import record_read
from stegvis.organisation.models import CareProvider, CareUnit, Role, User
from stegvis.organisation.roles import roles_of

REVIEW = "audit.review_log"
# The role recorded for a reviewer who is not a provider admin (not one of the unit roles).
LOG_REVIEWER = "log_reviewer"


@dataclass(frozen=True)
class EventFilter:
    """What to search for; ids only, so it can travel in a URL."""

    citizen_id: int | None = None
    actor_id: int | None = None
    unit_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    kind: str = ""
    action: str = ""

    def as_query(self) -> dict[str, str]:
        values = {
            "citizen": self.citizen_id,
            "actor": self.actor_id,
            "unit": self.unit_id,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "kind": self.kind,
            "action": self.action,
        }
        return {key: str(value) for key, value in values.items() if value}


def start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def search_events(provider: CareProvider, event_filter: EventFilter) -> QuerySet:
    """The provider's events matching `event_filter`, newest first, with who and where joined.

    Only the provider's own chain is searched: another provider's events never appear.
    """
    qs = AccessEvent.objects.filter(provider=provider)
    f = event_filter
    if f.citizen_id:
        qs = qs.filter(citizen_id=f.citizen_id)
    if f.actor_id:
        qs = qs.filter(actor_id=f.actor_id)
    if f.unit_id:
        qs = qs.filter(unit_id=f.unit_id)
    if f.date_from:
        qs = qs.filter(occurred_at__gte=start_of_day(f.date_from))
    if f.date_to:
        qs = qs.filter(occurred_at__lt=start_of_day(f.date_to + timedelta(days=1)))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.action:
        qs = qs.filter(action__startswith=f.action)
    return qs.select_related("actor", "unit", "citizen").order_by("-occurred_at", "-id")


def reviewer_role(user: User, provider: CareProvider) -> str:
    if Role.PROVIDER_ADMIN in roles_of(user).at_provider(provider.pk):
        return Role.PROVIDER_ADMIN
    return LOG_REVIEWER


def record_review(
    *,
    actor: User,
    provider: CareProvider,
    unit: CareUnit | None,
    action: str,
    citizen: User | None = None,
) -> AccessEvent:
    """Record that `actor` searched, exported or scanned the log (itself a read, PDL).

    `citizen` is the citizen searched for, if the search was for one.
    """
    if not actor.has_perm(REVIEW, provider):
        raise PermissionDenied
    return record_read(
        actor=actor,
        action=action,
        citizen=citizen,
        unit=unit if unit is not None and unit.provider_id == provider.pk else None,
        provider=provider,
        role=reviewer_role(actor, provider),
    )

"""Searching a provider's access log, and recording that it was searched or exported.

A provider's review resolves only the citizens and staff its own log names (PDL keeps providers
apart): a lookup of anyone else is refused as if nobody matched, and recorded where the
citizen's providers see it.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.audit.recording import record_read
from stegvis.audit.services.lines import Lines, events_naming
from stegvis.organisation.models import CareProvider, CareUnit, Citizen, Role, Staff, User
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


def search_events(provider: CareProvider, event_filter: EventFilter) -> Lines:
    """The provider's events matching `event_filter` as lines, newest first (services/lines.py).

    One line per citizen an event names: a compact list read shows as one line per citizen
    shown, as it did when each was its own event, and a search by citizen finds it. Only the
    provider's own chain is searched: another provider's events never appear.
    """
    f = event_filter
    q = Q(provider=provider)
    if f.actor_id:
        q &= Q(actor_id=f.actor_id)
    if f.unit_id:
        q &= Q(unit_id=f.unit_id)
    if f.date_from:
        q &= Q(occurred_at__gte=start_of_day(f.date_from))
    if f.date_to:
        q &= Q(occurred_at__lt=start_of_day(f.date_to + timedelta(days=1)))
    if f.kind:
        q &= Q(kind=f.kind)
    if f.action:
        q &= Q(action__startswith=f.action)
    return Lines(q, citizen_id=f.citizen_id or None)


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


def _citizen_named(provider: CareProvider, citizen_id: int) -> bool:
    """Whether the provider's log names the citizen, in an event of its own or a list read."""
    return AccessEvent.objects.filter(provider=provider, pk__in=events_naming(citizen_id)).exists()


def staff_named_in_log(provider: CareProvider) -> QuerySet:
    """Staff who acted in `provider`'s log: the only staff its review may resolve."""
    return Staff.objects.filter(
        Exists(AccessEvent.objects.filter(provider=provider, actor_id=OuterRef("pk")))
    )


def staff_in_log(provider: CareProvider, staff_id: int) -> Staff | None:
    return staff_named_in_log(provider).filter(pk=staff_id).first()


def citizen_in_log(
    *, actor: User, provider: CareProvider, unit: CareUnit | None, citizen_id: int
) -> Citizen | None:
    """The citizen if `provider`'s log names them; otherwise None, and the refusal recorded.

    The refused lookup is recorded in the chain of every other provider whose log names the
    citizen, where their reviewers see it. Never in the searcher's own chain naming the
    citizen: that would make the next lookup pass. A citizen no log names is recorded in the
    searcher's chain without the citizen; an id that is no citizen records nothing.
    """
    if not actor.has_perm(REVIEW, provider):
        raise PermissionDenied
    citizen = Citizen.objects.filter(pk=citizen_id).first()
    if citizen is None:
        return None
    if _citizen_named(provider, citizen.pk):
        return citizen
    _record_refused_lookup(actor=actor, provider=provider, unit=unit, citizen=citizen)
    return None


def _record_refused_lookup(
    *, actor: User, provider: CareProvider, unit: CareUnit | None, citizen: Citizen
) -> None:
    holders = list(
        AccessEvent.objects.filter(pk__in=events_naming(citizen.pk), provider__isnull=False)
        .exclude(provider=provider)
        .values_list("provider_id", flat=True)
        .distinct()
        .order_by("provider_id")
    )
    role = reviewer_role(actor, provider)
    own_unit = unit if unit is not None and unit.provider_id == provider.pk else None
    # The searcher's provider is the target, so the holder's reviewers see who asked from where.
    for holder in CareProvider.objects.filter(pk__in=holders).order_by("pk"):
        record_read(
            actor=actor,
            action="audit.lookup_refused",
            citizen=citizen,
            unit=own_unit,
            provider=holder,
            role=role,
            target=provider,
        )
    if not holders:
        record_read(
            actor=actor,
            action="audit.lookup_refused",
            unit=own_unit,
            provider=provider,
            role=role,
        )

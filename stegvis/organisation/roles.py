"""The roles a user holds right now, loaded once per request.

A unit role counts only while the grant is active, the unit is active and the staff member has
a care assignment at that unit that is valid today. Everything that asks "may this person do
this here?" goes through `roles_of(user)`.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone

from stegvis.organisation.models import CareAssignment, Role, RoleGrant

_CACHE_ATTR = "_stegvis_roles"
# The workplaces the roles allow, kept on the user object for the request by
# stegvis/organisation/workplace.py; `forget_roles` drops them with the roles.
WORKPLACE_CHOICES_ATTR = "_stegvis_workplace_choices"


@dataclass(frozen=True)
class RoleSet:
    by_unit: dict[int, frozenset[str]] = field(default_factory=dict)
    by_provider: dict[int, frozenset[str]] = field(default_factory=dict)
    unit_providers: dict[int, int] = field(default_factory=dict)

    def at_unit(self, unit_id: int | None) -> frozenset[str]:
        if unit_id is None:
            return frozenset()
        return self.by_unit.get(unit_id, frozenset())

    def at_provider(self, provider_id: int | None) -> frozenset[str]:
        if provider_id is None:
            return frozenset()
        return self.by_provider.get(provider_id, frozenset())

    def unit_ids_with(self, role: str) -> set[int]:
        return {unit_id for unit_id, roles in self.by_unit.items() if role in roles}

    def provider_ids_with_unit_role(self, role: str) -> set[int]:
        return {self.unit_providers[u] for u in self.unit_ids_with(role)}

    @property
    def unit_ids(self) -> set[int]:
        return set(self.by_unit)

    @property
    def admin_provider_ids(self) -> set[int]:
        return {p for p, roles in self.by_provider.items() if Role.PROVIDER_ADMIN in roles}

    def __bool__(self) -> bool:
        return bool(self.by_unit or self.by_provider)


EMPTY = RoleSet()


def load_roles(user) -> RoleSet:
    if not user.is_authenticated or not user.is_active or not user.is_care_staff:
        return EMPTY
    today = timezone.localdate()
    valid_assignment = CareAssignment.objects.valid_on(today).filter(
        staff_id=OuterRef("staff_id"), unit_id=OuterRef("unit_id")
    )
    grants = RoleGrant.objects.active().filter(staff_id=user.pk, provider__is_active=True)
    by_unit: dict[int, set[str]] = {}
    by_provider: dict[int, set[str]] = {}
    unit_providers: dict[int, int] = {}
    rows = grants.annotate(has_assignment=Exists(valid_assignment)).values_list(
        "role", "unit_id", "provider_id", "unit__is_active", "has_assignment"
    )
    for role, unit_id, provider_id, unit_active, has_assignment in rows:
        if unit_id is None:
            by_provider.setdefault(provider_id, set()).add(role)
        elif unit_active and has_assignment:
            by_unit.setdefault(unit_id, set()).add(role)
            unit_providers[unit_id] = provider_id
    return RoleSet(
        by_unit={k: frozenset(v) for k, v in by_unit.items()},
        by_provider={k: frozenset(v) for k, v in by_provider.items()},
        unit_providers=unit_providers,
    )


def roles_of(user) -> RoleSet:
    """Return the user's current roles, cached on the user object for this request."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = load_roles(user)
        if user.is_authenticated:
            setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user) -> None:
    """Drop the roles (and what follows from them) cached on this user object."""
    for attr in (_CACHE_ATTR, WORKPLACE_CHOICES_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)

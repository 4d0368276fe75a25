"""Where a citizen is in care: the care app answers, the organisation app asks (a registry).

Organisation sits below care and must not import it, nor may audit (which sits above
organisation and below care); care registers the functions that say where a citizen has
enrollments in `CareConfig.ready`. A missing registration is an error, never "no relationship
anywhere".
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

# citizen id -> {unit id: provider id} for every unit where the citizen has an enrollment.
CareUnitsOf = Callable[[int], dict[int, int]]
# (citizen, unit, practitioner) -> the enrollments of that citizen at that unit or in that
# practitioner's care; each argument may be a value or an expression such as OuterRef(...).
CareRelationships = Callable[[Any, Any, Any], QuerySet]

# (citizen id, unit) -> whether the citizen has blocked the unit (spärr, care/blocking.py).
BlockedAt = Callable[[int, Any], bool]

_care_units_of: CareUnitsOf | None = None
_care_relationships: CareRelationships | None = None
_blocked_at: BlockedAt | None = None


def register(
    care_units_of: CareUnitsOf,
    care_relationships: CareRelationships,
    blocked_at: BlockedAt | None = None,
) -> None:
    global _care_units_of, _care_relationships, _blocked_at
    _care_units_of = care_units_of
    _care_relationships = care_relationships
    _blocked_at = blocked_at


def blocked_at(citizen_id: int, unit) -> bool:
    """Whether the citizen has blocked `unit` or its provider (docs/consent-and-blocking.md)."""
    if _blocked_at is None:
        raise ImproperlyConfigured("No app registered where citizens block units (care app).")
    return _blocked_at(citizen_id, unit)


def care_units_of(citizen_id: int) -> dict[int, int]:
    """The units where the citizen has an enrollment (any phase), with each unit's provider."""
    if _care_units_of is None:
        raise ImproperlyConfigured("No app registered where citizens are in care (care app).")
    return _care_units_of(citizen_id)


def care_relationships(citizen, unit, practitioner) -> QuerySet:
    """The citizen's enrollments (any phase) at `unit` or with `practitioner` responsible.

    Made for `Exists(...)` with OuterRef arguments: the access-log review asks whether a read
    had a care relationship behind it.
    """
    if _care_relationships is None:
        raise ImproperlyConfigured("No app registered where citizens are in care (care app).")
    return _care_relationships(citizen, unit, practitioner)

"""Where a citizen is in care: the care app answers, the organisation app asks (a registry).

Organisation sits below care and must not import it; care registers the one function that says
at which units (of which providers) a citizen has enrollments. A missing registration is an
error, never "no relationship anywhere".
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

# citizen id -> {unit id: provider id} for every unit where the citizen has an enrollment.
CareUnitsOf = Callable[[int], dict[int, int]]

_care_units_of: CareUnitsOf | None = None


def register(care_units_of: CareUnitsOf) -> None:
    global _care_units_of
    _care_units_of = care_units_of


def care_units_of(citizen_id: int) -> dict[int, int]:
    """The units where the citizen has an enrollment (any phase), with each unit's provider."""
    if _care_units_of is None:
        raise ImproperlyConfigured("No app registered where citizens are in care (care app).")
    return _care_units_of(citizen_id)

"""Tell the organisation app where a citizen is in care (registered in CareConfig.ready)."""

from django.db.models import Q, QuerySet

from stegvis.care.models import Enrollment


def care_units_of(citizen_id: int) -> dict[int, int]:
    """{unit id: provider id} of every unit with an enrollment of the citizen, closed or not.

    A closed enrollment still counts: the unit keeps the record and may read it (ADR 0004).
    """
    return dict(
        Enrollment.objects.filter(citizen_id=citizen_id)
        .values_list("unit_id", "unit__provider_id")
        .distinct()
    )


def care_relationships(citizen, unit, practitioner) -> QuerySet:
    """The citizen's enrollments at `unit` or in `practitioner`'s care (values or OuterRefs)."""
    return Enrollment.objects.filter(citizen_id=citizen).filter(
        Q(unit_id=unit) | Q(practitioner_id=practitioner)
    )

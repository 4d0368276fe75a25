"""Tell the organisation app where a citizen is in care (registered in CareConfig.ready)."""

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

"""Lists of initiatives: the unit's own, and the provider admin's with a status filter."""

from django.db.models import Count, QuerySet

from stegvis.initiatives.models import ProgramInitiative, Status


def _listed() -> QuerySet[ProgramInitiative]:
    return ProgramInitiative.objects.select_related("unit", "submitted_by").annotate(
        attachment_count=Count("attachments")
    )


def for_unit(unit) -> QuerySet[ProgramInitiative]:
    return _listed().filter(unit=unit).order_by("-updated_at", "-pk")


def for_provider(provider, status: str = "") -> QuerySet[ProgramInitiative]:
    rows = _listed().filter(provider=provider)
    if status in Status.values:
        rows = rows.filter(status=status)
    return rows.order_by("-updated_at", "-pk")


def counts_by_status(provider) -> dict[str, int]:
    rows = (
        ProgramInitiative.objects.filter(provider=provider)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)

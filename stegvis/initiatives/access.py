"""Fetch-check helpers: another unit's or provider's initiative is not found (404).

No citizen data lives here, so nothing is written to the access log on reading.
"""

from django.http import Http404

from stegvis.initiatives.models import ProgramInitiative


def _with_details():
    return ProgramInitiative.objects.select_related(
        "unit", "provider", "submitted_by", "decided_by", "release"
    ).prefetch_related("units_concerned", "attachments", "events__actor")


def get_initiative_for_unit(unit, pk: int) -> ProgramInitiative:
    """The initiative `pk` submitted from `unit` (the view has checked the unit permission)."""
    initiative = _with_details().filter(pk=pk, unit=unit).first()
    if initiative is None:
        raise Http404
    return initiative


def get_initiative_for_admin(user, provider, pk: int) -> ProgramInitiative:
    """The initiative `pk` of `provider` if `user` may decide it there."""
    initiative = _with_details().filter(pk=pk, provider=provider).first()
    if initiative is None or not user.has_perm("initiatives.decide", initiative):
        raise Http404
    return initiative

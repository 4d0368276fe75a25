"""The citizen's consents and blocks: proposed handovers, relatives' invitations, spärr.

All of it is the citizen's own data (nothing is logged for reading it, as on the program page);
each answer and each block or lift is a service with its access-log event.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stegvis.care.blocking import active_blocks, block_access, blockable_units, lift_block
from stegvis.care.models import AccessBlock
from stegvis.care.services.handover import proposed_handovers
from stegvis.organisation.access import citizen_required
from stegvis.relatives import services as relatives
from stegvis.relatives.access import get_grant_for_citizen, grants_to_answer
from stegvis.relatives.consent import needs_citizen_approval


def _block_choices(units) -> list[tuple[str, str]]:
    """("provider:<id>", "All units of X") per provider, then ("unit:<id>", "X, Y") per unit."""
    choices, providers = [], {}
    for unit in units:
        providers.setdefault(unit.provider_id, unit.provider)
    for provider in providers.values():
        label = _("All units of %(provider)s") % {"provider": provider.name}
        choices.append((f"provider:{provider.pk}", label))
    for unit in units:
        choices.append((f"unit:{unit.pk}", f"{unit.name}, {unit.provider.name}"))
    return choices


@citizen_required
def overview(request, error: str = "", status: int = 200):
    """Proposed handovers, invitations to answer, relatives with access, blocks."""
    grants = grants_to_answer(request.user)
    for grant in grants:
        grant.may_decline = needs_citizen_approval(grant.enrollment.citizen, grant.relation)
    units = list(blockable_units(request.user))
    return render(
        request,
        "portal/consent.html",
        {
            "handovers": list(proposed_handovers(request.user)),
            "waiting": [g for g in grants if g.is_pending],
            "approved": [g for g in grants if g.gives_access],
            "blocks": active_blocks(request.user),
            "block_choices": _block_choices(units),
            "error": error,
        },
        status=status,
    )


def _answer(request, grant_id: int, service, done: str):
    grant = get_grant_for_citizen(request.user, grant_id)
    try:
        service(actor=request.user, grant=grant)
    except ValidationError as problem:
        return overview(request, error=" ".join(problem.messages), status=400)
    messages.success(request, done)
    return redirect("portal:consent")


@require_POST
@citizen_required
def approve_invitation(request, grant_id: int):
    return _answer(
        request,
        grant_id,
        relatives.approve_invitation,
        _("Approved. They can now follow your program as the care unit set it up."),
    )


@require_POST
@citizen_required
def decline_invitation(request, grant_id: int):
    # A grant that needed no approval (a young child's guardian) is refused by the service (403).
    return _answer(request, grant_id, relatives.decline_invitation, _("Done. They have no access."))


@require_POST
@citizen_required
def block(request):
    kind, _sep, pk = request.POST.get("target", "").partition(":")
    units = blockable_units(request.user)
    unit = units.filter(pk=pk).first() if kind == "unit" and pk.isdigit() else None
    provider = None
    if kind == "provider" and pk.isdigit():
        first = units.filter(provider_id=pk).first()
        provider = first.provider if first is not None else None
    if unit is None and provider is None:
        return overview(request, error=_("Choose a unit or a care provider to block."), status=400)
    try:
        block_access(actor=request.user, unit=unit, provider=None if unit else provider)
    except ValidationError as problem:
        return overview(request, error=" ".join(problem.messages), status=400)
    messages.success(request, _("Blocked. The block is in place until you lift it."))
    return redirect("portal:consent")


@require_POST
@citizen_required
def lift(request, block_id: int):
    try:
        lift_block(actor=request.user, block_id=block_id)
    except AccessBlock.DoesNotExist:
        raise Http404 from None
    messages.success(request, _("The block is lifted."))
    return redirect("portal:consent")

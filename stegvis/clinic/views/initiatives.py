"""Initiering till program: a unit's staff submit initiatives and add what the provider asks for.

The same page shows an initiative to its unit's staff and to the provider admin; the admin's
actions (decide, link, PDF) are in initiatives_review.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stegvis.clinic.views.form_actions import on_the_named_fields
from stegvis.initiatives import queries, services
from stegvis.initiatives.access import get_initiative_for_admin, get_initiative_for_unit
from stegvis.initiatives.forms import ComplementForm, DecisionForm, InitiativeForm, LinkForm
from stegvis.initiatives.models import Status
from stegvis.messaging.downloads import attachment_response
from stegvis.organisation.access import staff_required, unit_permission_required
from stegvis.security.ratelimits import rate_limited

SUBMIT = "initiatives.submit"


@unit_permission_required(SUBMIT)
@require_GET
def initiative_list(request):
    return render(
        request,
        "initiatives/unit_list.html",
        {"initiatives": queries.for_unit(request.unit)},
    )


@unit_permission_required(SUBMIT)
@require_http_methods(["GET", "POST"])
@rate_limited("upload")
def initiative_create(request):
    post = request.method == "POST"
    form = InitiativeForm(
        request.POST if post else None,
        request.FILES if post else None,
        provider=request.unit.provider,
    )
    if post and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            initiative = services.submit_initiative(
                actor=request.user,
                unit=request.unit,
                units_concerned=list(data.pop("units_concerned")),
                files=data.pop("files"),
                **data,
            )
        except ValidationError as error:
            on_the_named_fields(form, error)
        else:
            messages.success(request, _("The initiative was submitted to the provider."))
            return redirect("clinic:initiative", initiative.pk)
    return render(request, "initiatives/form.html", {"form": form})


def initiative_for(request, initiative_id: int):
    """The initiative as the workplace sees it: the unit's own, or the provider admin's.

    Returns (initiative, as_admin). Sets `request.unit` at a unit.
    """
    current = request.workplace
    if current is None:
        raise PermissionDenied
    if current.unit is not None:
        if not request.user.has_perm(SUBMIT, current.unit):
            raise PermissionDenied
        request.unit = current.unit
        return get_initiative_for_unit(current.unit, initiative_id), False
    if not request.user.has_perm("initiatives.review", current.provider):
        raise PermissionDenied
    return get_initiative_for_admin(request.user, current.provider, initiative_id), True


@staff_required
@require_GET
def initiative_detail(request, initiative_id: int):
    initiative, as_admin = initiative_for(request, initiative_id)
    return render_detail(request, initiative, as_admin)


def render_detail(request, initiative, as_admin, **forms):
    context = {"initiative": initiative, "as_admin": as_admin, **forms}
    if as_admin:
        if not initiative.is_decided:
            context.setdefault("decision_form", DecisionForm(initiative=initiative))
        if initiative.status == Status.APPROVED:
            context.setdefault("link_form", LinkForm(provider=initiative.provider))
    elif initiative.status == Status.MORE_INFORMATION:
        context.setdefault("complement_form", ComplementForm())
    return render(request, "initiatives/detail.html", context)


@staff_required
@require_GET
def initiative_attachment(request, initiative_id: int, attachment_id: int):
    initiative, _as_admin = initiative_for(request, initiative_id)
    attachment = next((a for a in initiative.attachments.all() if a.pk == attachment_id), None)
    if attachment is None:
        raise Http404
    return attachment_response(attachment)


@unit_permission_required(SUBMIT)
@require_POST
@rate_limited("upload")
def initiative_complement(request, initiative_id: int):
    initiative = get_initiative_for_unit(request.unit, initiative_id)
    form = ComplementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.complement(
                actor=request.user,
                unit=request.unit,
                initiative=initiative,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            on_the_named_fields(form, error)
        else:
            messages.success(request, _("Your information was added and sent to the provider."))
            return redirect("clinic:initiative", initiative.pk)
    return render_detail(request, initiative, False, complement_form=form)

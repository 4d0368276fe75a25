"""Provider administration: units, care assignments and each unit's access admins."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stegvis.clinic.forms import AssignmentForm, StaffSearchForm, UnitForm
from stegvis.clinic.views.form_actions import on_the_named_fields, submit
from stegvis.organisation import services
from stegvis.organisation.access import provider_permission_required
from stegvis.organisation.models import CareUnit, Role, RoleGrant, Staff

MANAGE = "organisation.manage_units"


def _access_admins():
    return Prefetch(
        "role_grants",
        queryset=RoleGrant.objects.active()
        .filter(role=Role.ACCESS_ADMIN)
        .select_related("staff")
        .order_by("staff__last_name"),
        to_attr="access_admin_grants",
    )


@provider_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def unit_list(request):
    form = UnitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        create = partial(services.create_unit, actor=request.user, provider=request.provider)
        unit = submit(request, form, create, refused=on_the_named_fields)
        if unit is not None:
            messages.success(request, _("The unit %(name)s was created.") % {"name": unit.name})
            return redirect("clinic:unit_detail", unit_id=unit.pk)
    units = CareUnit.objects.filter(provider=request.provider).prefetch_related(_access_admins())
    return render(request, "clinic/unit_list.html", {"form": form, "units": units})


@provider_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def unit_detail(request, unit_id: int):
    unit = get_object_or_404(
        CareUnit.objects.prefetch_related(_access_admins()), pk=unit_id, provider=request.provider
    )
    appoint_form = StaffSearchForm(prefix="appoint")
    assignment_form = AssignmentForm(prefix="assign")
    if request.method == "POST":
        if "appoint-hsa_id" in request.POST:
            appoint_form = StaffSearchForm(request.POST, prefix="appoint")
            if appoint_form.is_valid() and _appoint(request, unit, appoint_form):
                return redirect("clinic:unit_detail", unit_id=unit.pk)
        else:
            assignment_form = AssignmentForm(request.POST, prefix="assign")
            if assignment_form.is_valid() and _assign(request, unit, assignment_form):
                return redirect("clinic:unit_detail", unit_id=unit.pk)
    assignments = unit.care_assignments.select_related("staff").order_by(
        "staff__last_name", "staff__first_name"
    )
    return render(
        request,
        "clinic/unit_detail.html",
        {
            "unit": unit,
            "appoint_form": appoint_form,
            "assignment_form": assignment_form,
            "assignments": assignments,
        },
    )


def _find_staff(form) -> Staff | None:
    staff = Staff.objects.filter(hsa_id=form.cleaned_data["hsa_id"], is_active=True).first()
    if staff is None:
        form.add_error("hsa_id", _("No active staff member has that HSA-id."))
    return staff


def _appoint(request, unit, form) -> bool:
    staff = _find_staff(form)
    if staff is None:
        return False
    try:
        services.appoint_access_admin(actor=request.user, staff=staff, unit=unit)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, _("%(name)s is now access admin at the unit.") % {"name": staff})
    return True


def _assign(request, unit, form) -> bool:
    staff = _find_staff(form)
    if staff is None:
        return False
    try:
        services.add_care_assignment(
            actor=request.user,
            staff=staff,
            unit=unit,
            valid_from=form.cleaned_data["valid_from"],
            valid_until=form.cleaned_data["valid_until"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, _("The care assignment was added."))
    return True


@provider_permission_required(MANAGE)
@require_POST
def deactivate(request, unit_id: int):
    unit = get_object_or_404(CareUnit, pk=unit_id, provider=request.provider)
    services.deactivate_unit(actor=request.user, unit=unit)
    messages.success(request, _("The unit %(name)s was deactivated.") % {"name": unit.name})
    return redirect("clinic:units")

"""The "Personal" tab: an access admin finds staff and manages their roles at the unit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stegvis.clinic.forms import GrantRolesForm, StaffSearchForm
from stegvis.organisation import services
from stegvis.organisation.access import unit_permission_required
from stegvis.organisation.models import RoleGrant, Staff

MANAGE = "organisation.manage_roles"
CHANGE_ROLES_OF = "organisation.change_roles_of"


def _staff_at_unit(unit):
    """Staff with a care assignment at the unit, with their active grants there."""
    return (
        Staff.objects.filter(care_assignments__unit=unit, is_active=True)
        .distinct()
        .order_by("last_name", "first_name")
        .prefetch_related(
            Prefetch(
                "role_grants",
                queryset=RoleGrant.objects.active().filter(unit=unit).order_by("role"),
                to_attr="grants_here",
            )
        )
    )


@unit_permission_required(MANAGE)
def staff_list(request):
    form = StaffSearchForm(request.GET or None)
    if form.is_valid():
        found = services.find_staff_by_hsa_id(form.cleaned_data["hsa_id"], request.unit.provider)
        if found is not None:
            return redirect("clinic:staff_detail", staff_id=found.pk)
        messages.error(request, _("No staff member at this provider has that HSA-id."))
    return render(
        request, "clinic/staff_list.html", {"form": form, "staff": _staff_at_unit(request.unit)}
    )


@unit_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def staff_detail(request, staff_id: int):
    # Only staff employed somewhere at the same provider can be looked at.
    member = get_object_or_404(
        Staff.objects.filter(care_assignments__unit__provider=request.unit.provider).distinct(),
        pk=staff_id,
    )
    # Nobody changes their own roles: the page shows them, and the service refuses a change.
    may_change = request.user.has_perm(CHANGE_ROLES_OF, member)
    data = request.POST if request.method == "POST" else None
    form = GrantRolesForm(data, trio="trio" in request.POST)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_roles(
                actor=request.user,
                staff=member,
                unit=request.unit,
                roles=form.cleaned_data["roles"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The roles were granted."))
            return redirect("clinic:staff_detail", staff_id=member.pk)
    grants = (
        RoleGrant.objects.filter(staff=member, unit=request.unit)
        .select_related("granted_by", "inactivated_by")
        .order_by("inactivated_at", "role")
    )
    assignments = member.care_assignments.filter(unit=request.unit).order_by("-valid_from")
    return render(
        request,
        "clinic/staff_detail.html",
        {
            "member": member,
            "form": form,
            "grants": grants,
            "assignments": assignments,
            "may_change": may_change,
        },
    )


@unit_permission_required(MANAGE)
@require_POST
def inactivate_grant(request, grant_id: int):
    grant = get_object_or_404(RoleGrant, pk=grant_id, unit=request.unit)
    try:
        services.inactivate_grant(actor=request.user, grant=grant)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The role was inactivated."))
    return redirect("clinic:staff_detail", staff_id=grant.staff_id)

"""Staff pages of an enrollment's relatives and guardians (from Hantera).

Every view fetches the enrollment through `get_enrollment_for_staff`, a grant through
`get_grant_for_staff` (another unit's is "not found", a missing rule at the unit "forbidden";
the read is logged) and asks permissions.py before acting. An invalid form comes back
with what was typed and a clear message.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stegvis.care.access import get_enrollment_for_staff
from stegvis.clinic.views.form_actions import submit
from stegvis.organisation.access import unit_permission_required
from stegvis.relatives import services
from stegvis.relatives.access import get_grant_for_staff
from stegvis.relatives.forms import GrantForm, InviteForm

VIEW = "care.view_unit_enrollments"
# Which field a refused invitation belongs to, so the message sits next to it.
_ERROR_FIELDS = {
    "own_enrollment": "personnummer",
    "already_invited": "personnummer",
    "inactive_account": "personnummer",
    "names_required": "first_name",
    "unknown_module": "module_keys",
    "unknown_relation": "relation",
}


def _back_to_enrollment(enrollment) -> str:
    return reverse("clinic:enrollment", kwargs={"enrollment_id": enrollment.pk}) + "#relatives"


def _add_service_error(form, error: ValidationError) -> None:
    field = _ERROR_FIELDS.get(getattr(error, "code", None) or "")
    form.add_error(field if field in form.fields else None, error)


@unit_permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def invite(request, enrollment_id: int):
    enrollment = get_enrollment_for_staff(
        request.user, request.unit, enrollment_id, perm="relatives.invite", action="relatives.view"
    )
    modules = services.module_choices(enrollment)
    if request.method == "POST":
        form = InviteForm(request.POST, modules=modules)
        invite_here = partial(services.invite_relative, actor=request.user, enrollment=enrollment)
        grant = submit(request, form, invite_here, refused=_add_service_error)
        if grant is not None:
            if grant.is_pending:
                waits = _(
                    "The invitation waits for the citizen's approval: the relative sees "
                    "nothing until the citizen approves it in the portal."
                )
                messages.success(request, waits)
            else:
                messages.success(request, _("The relative was invited and can now sign in."))
            return redirect(_back_to_enrollment(enrollment))
    else:
        form = InviteForm(modules=modules, initial={"may_message": True})
    return render(
        request,
        "relatives/clinic/invite.html",
        {"enrollment": enrollment, "form": form},
        status=400 if form.is_bound else 200,
    )


@unit_permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def grant_detail(request, enrollment_id: int, grant_id: int):
    """One grant: what it gives, changing it, and ending it."""
    grant = get_grant_for_staff(request.user, request.unit, enrollment_id, grant_id)
    enrollment = grant.enrollment
    modules = services.module_choices(enrollment)
    may_change = grant.is_active and request.user.has_perm("relatives.change_grant", enrollment)
    status = 200
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied
        form = GrantForm(request.POST, modules=modules)
        change = partial(services.change_grant, actor=request.user, grant=grant)
        changed = _("The relative's access was changed.")
        if submit(request, form, change, changed, refused=_add_service_error):
            return redirect(_back_to_enrollment(enrollment))
        status = 400
    else:
        form = GrantForm(
            modules=modules,
            initial={"may_message": grant.may_message, "module_keys": grant.module_keys},
        )
    titles = dict(modules)
    return render(
        request,
        "relatives/clinic/grant.html",
        {
            "enrollment": enrollment,
            "grant": grant,
            "form": form if may_change else None,
            "module_titles": [titles.get(key, key) for key in grant.module_keys],
            "may_end": grant.is_active and request.user.has_perm("relatives.end_grant", enrollment),
        },
        status=status,
    )


@unit_permission_required(VIEW)
@require_POST
def end(request, enrollment_id: int, grant_id: int):
    grant = get_grant_for_staff(
        request.user, request.unit, enrollment_id, grant_id, perm="relatives.end_grant"
    )
    enrollment = grant.enrollment
    services.end_grant(actor=request.user, grant=grant)
    messages.success(request, _("The relative's access has ended."))
    return redirect(_back_to_enrollment(enrollment))

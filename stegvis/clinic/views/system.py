"""The system administrator's pages: care providers and their first provider admins.

A system administrator sees the providers and their admins, never a citizen: none of these
pages reads citizen data, and the role gives no access to the pages that do.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stegvis.clinic.forms_system import ProviderAdminForm, ProviderForm
from stegvis.organisation import onboarding
from stegvis.organisation.access import system_permission_required
from stegvis.organisation.models import CareProvider, Role, RoleGrant, Staff

MANAGE = "organisation.manage_providers"


def _with_admins(providers):
    """Attach each provider's active provider admins (one query for all of them)."""
    providers = list(providers)
    grants = (
        RoleGrant.objects.active()
        .filter(role=Role.PROVIDER_ADMIN, provider__in=providers)
        .select_related("staff")
        .order_by("staff__last_name", "staff__first_name")
    )
    by_provider: dict[int, list] = {}
    for grant in grants:
        by_provider.setdefault(grant.provider_id, []).append(grant)
    for provider in providers:
        provider.admin_grants = by_provider.get(provider.pk, [])
    return providers


@system_permission_required(MANAGE)
def provider_list(request):
    providers = _with_admins(CareProvider.objects.annotate(unit_count=Count("units")))
    return render(request, "clinic/system/provider_list.html", {"providers": providers})


@system_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def provider_new(request):
    form = ProviderForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            provider = onboarding.create_provider(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request, _("The care provider %(name)s was created.") % {"name": provider.name}
            )
            return redirect("clinic:provider_detail", provider_id=provider.pk)
    return render(request, "clinic/system/provider_new.html", {"form": form})


@system_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def provider_detail(request, provider_id: int):
    provider = get_object_or_404(
        CareProvider.objects.annotate(unit_count=Count("units")), pk=provider_id
    )
    form = ProviderAdminForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _appoint(request, provider, form):
        return redirect("clinic:provider_detail", provider_id=provider.pk)
    provider = _with_admins([provider])[0]
    return render(
        request, "clinic/system/provider_detail.html", {"provider": provider, "form": form}
    )


def _appoint(request, provider, form) -> bool:
    data = form.cleaned_data
    staff = Staff.objects.filter(hsa_id=data["hsa_id"]).first()
    try:
        if staff is None and not form.describes_new_staff:
            raise ValidationError(
                _(
                    "No staff member has that HSA-id. To add a new staff member, give their "
                    "name and e-mail address too."
                )
            )
        if staff is not None and form.describes_new_staff:
            raise ValidationError(
                _("A staff member with that HSA-id exists already: give only the HSA-id.")
            )
        if staff is None:
            grant = onboarding.appoint_new_provider_admin(
                actor=request.user, provider=provider, **data
            )
            staff = grant.staff
        else:
            onboarding.appoint_provider_admin(actor=request.user, provider=provider, staff=staff)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return False
    messages.success(
        request,
        _("%(name)s is now provider admin of %(provider)s.")
        % {"name": staff, "provider": provider},
    )
    return True

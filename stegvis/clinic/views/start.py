from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stegvis.bulletins.queries import current_for
from stegvis.organisation import training, workplace
from stegvis.organisation.access import staff_required
from stegvis.organisation.roles import roles_of


@staff_required
def start(request):
    current = request.workplace
    if not current:
        if workplace.choices_for(request.user):
            return redirect("clinic:workplace")
        if request.user.has_perm("organisation.manage_providers"):
            return redirect("clinic:providers")
        return render(request, "clinic/no_roles.html")
    roles = roles_of(request.user)
    unit_roles = roles.at_unit(current.unit.pk) if current.unit else frozenset()
    provider_roles = roles.at_provider(current.provider.pk) if current.provider else frozenset()
    may_see_statistics = _may_see_statistics(request.user, current)
    return render(
        request,
        "clinic/start.html",
        {
            "unit_roles": sorted(unit_roles),
            "provider_roles": sorted(provider_roles),
            "may_see_statistics": may_see_statistics,
            "authorised_exporter": may_see_statistics
            and _authorised_exporter(request.user, current.provider),
            "test_patient": training.test_patient_of(request.user)
            if training.in_training(request.user)
            else None,
            "may_start_enrollment": current.unit is not None
            and request.user.has_perm("care.start_enrollment", current.unit),
            "bulletins": _bulletins(request.user, current.unit),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def choose_workplace(request):
    choices = workplace.choices_for(request.user)
    if request.method == "POST":
        chosen = workplace.choose(request, request.POST.get("workplace", ""))
        if chosen is None:
            messages.error(request, _("Choose one of the units listed."))
        else:
            messages.success(request, _("You now work at %(place)s.") % {"place": chosen.label})
            return redirect("clinic:start")
    return render(request, "clinic/workplace.html", {"choices": choices})


def _bulletins(user, unit) -> list | None:
    """The unit's operational messages not yet read (None: not working at a unit)."""
    if unit is None or not user.has_perm("bulletins.read", unit):
        return None
    return current_for(user, unit)


def _authorised_exporter(user, provider) -> bool:
    """A data admin authorised to make research exports (provider admins find them in the menu)."""
    if user.has_perm("statistics.manage_research_exporters", provider):
        return False
    return user.has_perm("statistics.export_research", provider)


def _may_see_statistics(user, current) -> bool:
    if current.unit is not None:
        return user.has_perm("statistics.view_unit", current.unit)
    return user.has_perm("statistics.view_provider", current.provider)

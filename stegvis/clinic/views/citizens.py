"""Finding and registering citizens at the active unit.

The personnummer travels only in POST bodies, never in a URL; each hit is logged. What a hit
shows depends on the care relationship (ADR 0008): the profile (name and personnummer, never the
e-mail) to staff of a unit where the citizen is in care and to the unit's citizen admin, who may
start an enrollment; to anyone else only that the citizen was found.
"""

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stegvis.clinic.forms import CitizenRegisterForm, CitizenSearchForm
from stegvis.clinic.views.form_actions import submit
from stegvis.organisation import services
from stegvis.organisation.access import unit_permission_required
from stegvis.organisation.models import Citizen

FIND = "organisation.find_citizens"
REGISTER = "organisation.register_citizens"
_FOUND_KEY = "stegvis_found_citizens"


@unit_permission_required(FIND)
@require_http_methods(["GET", "POST"])
def find(request):
    form = CitizenSearchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        found = services.search_citizen(
            actor=request.user, unit=request.unit, personnummer=form.cleaned_data["personnummer"]
        )
        if found is not None and found.may_see_name:
            # Remember the hit for this session: the detail page opens only after a lookup.
            seen = set(request.session.get(_FOUND_KEY, []))
            seen.add(found.citizen.pk)
            request.session[_FOUND_KEY] = sorted(seen)
            return redirect("clinic:citizen_detail", citizen_id=found.citizen.pk)
        if found is not None and found.blocked:
            messages.info(
                request,
                _(
                    "Found: blocked information. The citizen's information is not shown at "
                    "your unit."
                ),
            )
            return redirect("clinic:citizens")
        if found is not None:
            messages.info(
                request,
                _(
                    "Found: the citizen has no care relationship at your unit, so nothing more "
                    "is shown. A citizen admin at the unit can start an enrollment."
                ),
            )
            return redirect("clinic:citizens")
        form.add_error("personnummer", _("No citizen with this personnummer is registered."))
    can_register = request.user.has_perm(REGISTER, request.unit)
    return render(request, "clinic/citizen_find.html", {"form": form, "can_register": can_register})


@unit_permission_required(REGISTER)
@require_http_methods(["GET", "POST"])
def register(request):
    form = CitizenRegisterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        register_here = partial(services.register_citizen, actor=request.user, unit=request.unit)
        citizen = submit(request, form, register_here, _("The citizen was registered."))
        if citizen is not None:
            found = set(request.session.get(_FOUND_KEY, []))
            request.session[_FOUND_KEY] = sorted(found | {citizen.pk})
            return redirect("clinic:citizen_detail", citizen_id=citizen.pk)
    return render(request, "clinic/citizen_register.html", {"form": form})


@unit_permission_required(FIND)
def detail(request, citizen_id: int):
    if citizen_id not in request.session.get(_FOUND_KEY, []):
        raise Http404
    try:
        found = services.get_citizen_for(actor=request.user, unit=request.unit, pk=citizen_id)
    except Citizen.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "clinic/citizen_detail.html",
        {
            "citizen": found.citizen,
            "found": found,
            "may_start": request.user.has_perm("care.start_enrollment", request.unit),
            "may_export": found.cared_for_here
            and request.user.has_perm("records.export_citizen_record", request.unit),
        },
    )

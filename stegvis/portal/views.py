"""The citizen's home and the open programs they may start."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from stegvis.care import read
from stegvis.care.models import Enrollment, Phase
from stegvis.care.permissions import in_world
from stegvis.care.services.open_programs import (
    open_program_of,
    open_programs,
    start_open_program,
)
from stegvis.care.services.program import document_of
from stegvis.messaging.queries import annotate_unread_for_citizen
from stegvis.organisation.access import citizen_required
from stegvis.relatives.access import followed_grants


@citizen_required
def home(request):
    """My programs with progress and the next step, due questionnaires, programs to start.

    Runs a fixed number of queries: enrollments (with unread messages), their module states,
    completed steps, due questionnaires and open programs, whatever their number.
    """
    enrollments = list(
        annotate_unread_for_citizen(
            Enrollment.objects.filter(in_world(request.user), citizen=request.user)
        )
        .select_related("release", "unit")
        .order_by("-created_at", "-pk")
    )
    summary = read.citizen_home(enrollments)
    return render(
        request,
        "portal/home.html",
        {
            "running": summary.running,
            "closed": summary.closed,
            "due": summary.due,
            "open_programs": _open_programs(enrollments),
            "followed": followed_grants(request.user),
        },
    )


def _open_programs(enrollments) -> list[dict]:
    """Open programs active at some unit, one entry per program the citizen is not running."""
    running = {e.release.program_key for e in enrollments if e.phase != Phase.CLOSED}
    return [
        {"release": entry.release, "doc": document_of(entry.release), "units": entry.units}
        for entry in open_programs()
        if entry.release.program_key not in running
    ]


@citizen_required
def open_program(request, release_id: int):
    """An open program's introduction, and starting it at one of the units that offer it."""
    offer = open_program_of(release_id)
    if offer is None:
        raise Http404
    release, units = offer.release, offer.units
    doc = document_of(release)
    error = ""
    chosen = ""
    if request.method == "POST":
        chosen = request.POST.get("unit", "")
        unit = next((u for u in units if str(u.pk) == chosen), None)
        if unit is None and len(units) == 1:
            unit = units[0]
        if unit is None:
            error = _("Choose where you want to do the program.")
        else:
            try:
                enrollment = start_open_program(
                    actor=request.user, release=offer.release_at[unit.pk], unit=unit
                )
            except ValidationError as problem:
                error = " ".join(problem.messages)
            else:
                if enrollment.phase == Phase.QUEUED:
                    messages.success(
                        request,
                        _(
                            "The program has started. A practitioner at %(unit)s will be "
                            "assigned to you; you can begin right away."
                        )
                        % {"unit": unit.name},
                    )
                else:
                    messages.success(request, _("The program has started."))
                return redirect("portal:program", enrollment_id=enrollment.pk)
    return render(
        request,
        "portal/open_program.html",
        {
            "release": release,
            "doc": doc,
            "units": units,
            "error": error,
            "chosen": chosen,
        },
        status=400 if error else 200,
    )

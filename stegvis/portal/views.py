"""The citizen's home and the open programs they may start."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from stegvis.care.models import Enrollment, ModuleState, Phase, QuestionnaireResponse, StepProgress
from stegvis.care.services.citizen import open_program_activations, start_open_program
from stegvis.care.services.program import document_of, questionnaire_title
from stegvis.messaging.queries import annotate_unread_for_citizen
from stegvis.organisation.access import citizen_required
from stegvis.portal.steps import progress
from stegvis.relatives.access import followed_grants


def _language(request) -> str:
    return "en" if (request.LANGUAGE_CODE or "sv").startswith("en") else "sv"


@citizen_required
def home(request):
    """My programs with progress and the next step, due questionnaires, programs to start.

    Runs a fixed number of queries: enrollments, their module states, completed steps, due
    questionnaires and open programs, whatever their number.
    """
    user = request.user
    enrollments = list(
        annotate_unread_for_citizen(Enrollment.objects.filter(citizen=user))
        .select_related("release", "unit")
        .order_by("-created_at", "-pk")
    )
    ids = [e.pk for e in enrollments]
    open_keys, hidden = defaultdict(set), defaultdict(set)
    completed = defaultdict(set)
    due = []
    if ids:
        for enrollment_id, key, visibility in ModuleState.objects.filter(
            enrollment_id__in=ids
        ).values_list("enrollment_id", "module_key", "visibility"):
            if visibility == ModuleState.Visibility.OPEN:
                open_keys[enrollment_id].add(key)
            elif visibility == ModuleState.Visibility.HIDDEN:
                hidden[enrollment_id].add(key)
        for enrollment_id, key in StepProgress.objects.filter(
            enrollment_id__in=ids, completed_at__isnull=False
        ).values_list("enrollment_id", "step_key"):
            completed[enrollment_id].add(key)
        due = list(
            QuestionnaireResponse.objects.filter(
                enrollment_id__in=ids,
                due_at__isnull=False,
                completed_at__isnull=True,
                enrollment__phase__in=[Phase.TREATMENT, Phase.MAINTENANCE, Phase.QUEUED],
            ).order_by("due_at", "pk")
        )
    by_id = {e.pk: e for e in enrollments}
    language = _language(request)
    running, closed = [], []
    for enrollment in enrollments:
        doc = document_of(enrollment.release)
        item = {
            "enrollment": enrollment,
            "doc": doc,
            "progress": progress(
                doc,
                completed[enrollment.pk],
                open_keys[enrollment.pk],
                hidden[enrollment.pk],
            ),
        }
        (closed if enrollment.phase == Phase.CLOSED else running).append(item)
    due_items = [
        {
            "response": response,
            "enrollment": by_id[response.enrollment_id],
            "title": questionnaire_title(
                document_of(by_id[response.enrollment_id].release),
                response.questionnaire_key,
                language,
            ),
        }
        for response in due
    ]
    return render(
        request,
        "portal/home.html",
        {
            "running": running,
            "closed": closed,
            "due": due_items,
            "open_programs": _open_programs(enrollments),
            "followed": followed_grants(request.user),
        },
    )


def _open_programs(enrollments) -> list[dict]:
    """Open releases active at some unit, one entry per program the citizen is not running."""
    running = {e.release.program_key for e in enrollments if e.phase != Phase.CLOSED}
    programs: dict[int, dict] = {}
    for activation in open_program_activations():
        release = activation.release
        if release.program_key in running:
            continue
        entry = programs.setdefault(
            release.pk, {"release": release, "doc": document_of(release), "units": []}
        )
        entry["units"].append(activation.unit)
    return list(programs.values())


@citizen_required
def open_program(request, release_id: int):
    """An open program's introduction, and starting it at one of the units that offer it."""
    activations = list(open_program_activations().filter(release_id=release_id))
    if not activations:
        raise Http404
    release = activations[0].release
    units = [a.unit for a in activations]
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
                enrollment = start_open_program(actor=request.user, release=release, unit=unit)
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

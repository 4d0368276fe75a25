"""Hantera: one enrollment at the active unit, and the practitioner's actions on it.

Every page fetches the enrollment through `get_enrollment_for_staff` (another unit's enrollment
is "not found"; the read is logged). Actions are POSTs to services; a refused or invalid action
re-renders the page with the message and what was typed.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stegvis.care.access import get_enrollment_for_staff, get_feedback_for_staff, get_flag_for_staff
from stegvis.care.permissions import may_assign_practitioner
from stegvis.care.read import overview
from stegvis.care.services.enrollment import assign_practitioner, change_phase
from stegvis.care.services.feedback import respond_feedback
from stegvis.care.services.flags import acknowledge_flag
from stegvis.care.services.groups import choices_for
from stegvis.care.services.handover import pending_handover
from stegvis.care.services.modules import hide_module, open_module, show_module
from stegvis.clinic.views.care_forms import (
    AssignForm,
    FeedbackResponseForm,
    ModuleActionForm,
    PhaseForm,
)
from stegvis.clinic.views.care_groups import EnrollmentGroupsForm
from stegvis.clinic.views.form_actions import submit
from stegvis.organisation.access import unit_permission_required

VIEW = "care.view_unit_enrollments"


def _render(request, enrollment, *, status: int = 200, **forms):
    user = request.user
    data = overview.build(enrollment)
    feedback_forms = forms.pop("feedback_forms", {})
    for item in data.feedback:
        item.form = feedback_forms.get(item.pk) or FeedbackResponseForm(
            feedback_id=item.pk, initial={"response": item.response}
        )
    may = {
        "modules": user.has_perm("care.manage_modules", enrollment),
        "feedback": user.has_perm("care.respond_feedback", enrollment),
        "flags": user.has_perm("care.acknowledge_flag", enrollment),
        "phase": user.has_perm("care.change_phase", enrollment)
        and (not enrollment.is_closed or user.has_perm("care.reopen_enrollment", enrollment)),
        "assign": may_assign_practitioner(user, enrollment),
    }
    context = {
        "enrollment": enrollment,
        "data": data,
        "may": may,
        "phase_form": forms.get("phase_form") or PhaseForm(current=enrollment.phase),
        "assign_form": (
            forms.get("assign_form")
            or (
                AssignForm(
                    unit=enrollment.unit,
                    training=enrollment.is_training,
                    initial={"practitioner": enrollment.practitioner_id},
                )
                if may["assign"]
                else None
            )
        ),
        "errors": forms.get("errors", []),
        "groups_form": _groups_form(user, enrollment),
        # Read once for the panel at the top and the Hand over action at the bottom.
        "pending_handover": pending_handover(enrollment),
    }
    return render(request, "clinic/care/enrollment.html", context, status=status)


def _groups_form(user, enrollment):
    """Hantera's choice of the unit's groups, for staff who may group (None without groups)."""
    if not user.has_perm("care.group_enrollment", enrollment):
        return None
    choices, current = choices_for(enrollment)
    if not choices:
        return None
    return EnrollmentGroupsForm(choices=choices, initial={"groups": current})


def _enrollment(
    request, enrollment_id: int, action: str = "enrollment.view", perm: str = "care.view_enrollment"
):
    return get_enrollment_for_staff(
        request.user, request.unit, enrollment_id, perm=perm, action=action
    )


def _messages_of(error: ValidationError) -> list[str]:
    return [m for m in error.messages]


@unit_permission_required(VIEW)
def detail(request, enrollment_id: int):
    return _render(request, _enrollment(request, enrollment_id))


@unit_permission_required(VIEW)
@require_POST
def module_action(request, enrollment_id: int):
    enrollment = _enrollment(request, enrollment_id, "enrollment.change")
    form = ModuleActionForm(request.POST)
    if not form.is_valid():
        return _render(
            request, enrollment, status=400, errors=[_("Choose a module and an action.")]
        )
    action = {"open": open_module, "hide": hide_module, "show": show_module}[
        form.cleaned_data["action"]
    ]
    try:
        action(enrollment, form.cleaned_data["module"], actor=request.user)
    except PermissionDenied:
        raise
    except ValidationError as error:
        return _render(request, enrollment, status=400, errors=_messages_of(error))
    messages.success(request, _("The module was changed."))
    return redirect("clinic:enrollment", enrollment_id=enrollment.pk)


@unit_permission_required(VIEW)
@require_POST
def acknowledge(request, enrollment_id: int, flag_id: int):
    flag = get_flag_for_staff(
        request.user, request.unit, enrollment_id, flag_id, action="enrollment.change"
    )
    acknowledge_flag(flag, actor=request.user)
    messages.success(request, _("The flag was acknowledged."))
    return redirect("clinic:enrollment", enrollment_id=flag.enrollment_id)


@unit_permission_required(VIEW)
@require_POST
def respond(request, enrollment_id: int, feedback_id: int):
    feedback = get_feedback_for_staff(
        request.user, request.unit, enrollment_id, feedback_id, action="enrollment.change"
    )
    enrollment = feedback.enrollment
    form = FeedbackResponseForm(request.POST, feedback_id=feedback.pk)
    respond = partial(respond_feedback, actor=request.user, feedback=feedback)
    if submit(request, form, respond, _("Your response was saved.")):
        return redirect("clinic:enrollment", enrollment_id=enrollment.pk)
    return _render(request, enrollment, status=400, feedback_forms={feedback.pk: form})


@unit_permission_required(VIEW)
@require_POST
def phase(request, enrollment_id: int):
    enrollment = _enrollment(request, enrollment_id, "enrollment.change", "care.change_phase")
    form = PhaseForm(request.POST, current=enrollment.phase)
    change = partial(change_phase, actor=request.user, enrollment=enrollment)
    if submit(request, form, change, _("The phase was changed.")):
        return redirect("clinic:enrollment", enrollment_id=enrollment.pk)
    return _render(request, enrollment, status=400, phase_form=form)


@unit_permission_required(VIEW)
@require_POST
def assign(request, enrollment_id: int):
    enrollment = _enrollment(request, enrollment_id, "enrollment.change")
    if not may_assign_practitioner(request.user, enrollment):
        raise PermissionDenied
    form = AssignForm(request.POST, unit=enrollment.unit, training=enrollment.is_training)
    assign_to = partial(assign_practitioner, actor=request.user, enrollment=enrollment)
    if submit(request, form, assign_to, _("The responsible practitioner was changed.")):
        return redirect("clinic:enrollment", enrollment_id=enrollment.pk)
    return _render(request, enrollment, status=400, assign_form=form)

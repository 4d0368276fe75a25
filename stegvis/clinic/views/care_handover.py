"""Handover (överlämning) in the staff portal: sending from Hantera, receiving at the other unit.

Sending: Hantera → "Hand over" → what to handle first → choose the receiving unit → confirm with
the citizen's consent. While pending, Hantera shows it and the sender may withdraw it.
Receiving: the unit's citizen admins list incoming handovers and approve or reject each.
Every page works without JavaScript; refusals re-render the page with the message.
"""

from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from stegvis.care.access import (
    get_enrollment_for_staff,
    get_incoming_handover_for_staff,
    record_list_reads,
)
from stegvis.care.models import Handover
from stegvis.care.services import handover as service
from stegvis.care.services.enrollment import practitioners_at
from stegvis.clinic.views.care_forms import PractitionerField
from stegvis.clinic.views.form_actions import as_plain_messages, submit
from stegvis.organisation.access import unit_permission_required
from stegvis.organisation.models import CareUnit, Role

VIEW = "care.view_unit_enrollments"
INCOMING = "care.view_incoming_handovers"


class UnitSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Name of the receiving unit"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Part of the name, or the unit's HSA-id. Leave empty to list all."),
    )


class UnitChoiceForm(forms.Form):
    # An IntegerField refuses "²", "1.5" and 5,000 digits instead of letting int() raise.
    unit = forms.IntegerField(min_value=1, max_value=2**63 - 1)


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=gettext_lazy("The citizen has consented to the handover"),
        error_messages={
            "required": gettext_lazy("Confirm that the citizen has consented to the handover.")
        },
    )


class ApproveForm(forms.Form):
    practitioner = PractitionerField(
        label=gettext_lazy("New responsible practitioner"),
        queryset=None,
        empty_label=gettext_lazy("Choose a practitioner"),
    )

    def __init__(self, *args, unit: CareUnit, training: bool, **kwargs):
        kwargs.setdefault("prefix", "approve")
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners_at(unit, training=training)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The sending unit reads it in the enrollment's history."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "reject")
        super().__init__(*args, **kwargs)


def _sending(request, enrollment_id: int, action: str = "enrollment.view"):
    """The enrollment at the active unit, if the user may hand it over (else 404/403)."""
    return get_enrollment_for_staff(
        request.user, request.unit, enrollment_id, perm="care.start_handover", action=action
    )


def _already_pending(request, enrollment):
    if service.pending_handover(enrollment) is None:
        return None
    messages.info(request, _("A handover of this enrollment is already in progress."))
    return redirect("clinic:enrollment", enrollment_id=enrollment.pk)


@unit_permission_required(VIEW)
def start(request, enrollment_id: int):
    """Step 1: what should be handled before handing over; Continue or Cancel."""
    enrollment = _sending(request, enrollment_id)
    if response := _already_pending(request, enrollment):
        return response
    return render(
        request,
        "clinic/handover/start.html",
        {"enrollment": enrollment, "unfinished": service.unfinished_work(enrollment)},
    )


@unit_permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def choose_unit(request, enrollment_id: int):
    """Step 2: search for the receiving unit and choose it (refused here if it cannot take it)."""
    enrollment = _sending(request, enrollment_id)
    if response := _already_pending(request, enrollment):
        return response
    search = UnitSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    units = service.candidate_units(enrollment, query)
    errors, status = [], 200
    if request.method == "POST":
        choice = UnitChoiceForm(request.POST)
        unit = units.filter(pk=choice.cleaned_data["unit"]).first() if choice.is_valid() else None
        if unit is None:
            errors, status = [_("Choose one of the units in the list.")], 400
        else:
            try:
                service.check_receiver(enrollment, unit)
            except ValidationError as error:
                errors, status = error.messages, 400
            else:
                return redirect(
                    "clinic:handover_confirm", enrollment_id=enrollment.pk, unit_id=unit.pk
                )
    return render(
        request,
        "clinic/handover/choose_unit.html",
        {
            "enrollment": enrollment,
            "search": search,
            "units": units[:50],
            "errors": errors,
            "query": query,
        },
        status=status,
    )


@unit_permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def confirm(request, enrollment_id: int, unit_id: int):
    """Step 3: the enrollment and the receiving unit; tick the citizen's consent; Hand over."""
    enrollment = _sending(request, enrollment_id)
    if response := _already_pending(request, enrollment):
        return response
    unit = service.candidate_units(enrollment).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    form = ConsentForm(request.POST if request.method == "POST" else None)
    errors, status = [], 200
    try:
        service.check_receiver(enrollment, unit)
    except ValidationError as error:
        errors, status = error.messages, 400
    if request.method == "POST" and not errors and form.is_valid():
        try:
            service.start_handover(
                actor=request.user,
                enrollment=enrollment,
                to_unit=unit,
                consent=form.cleaned_data["consent"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The handover was sent to %(unit)s.") % {"unit": unit.name})
            return redirect("clinic:enrollment", enrollment_id=enrollment.pk)
    if request.method == "POST" and form.errors:
        status = 400
    return render(
        request,
        "clinic/handover/confirm.html",
        {"enrollment": enrollment, "unit": unit, "form": form, "errors": errors},
        status=status,
    )


@unit_permission_required(VIEW)
@require_POST
def withdraw(request, enrollment_id: int):
    enrollment = get_enrollment_for_staff(
        request.user,
        request.unit,
        enrollment_id,
        perm="care.withdraw_handover",
        action="enrollment.change",
    )
    handover = service.pending_handover(enrollment)
    if handover is None:
        messages.info(request, _("There is no handover in progress."))
        return redirect("clinic:enrollment", enrollment_id=enrollment.pk)
    try:
        service.withdraw_handover(actor=request.user, handover=handover)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The handover was withdrawn."))
    return redirect("clinic:enrollment", enrollment_id=enrollment.pk)


# Receiving side ---------------------------------------------------------------------------


@unit_permission_required(INCOMING)
def incoming(request):
    handovers = list(service.incoming_handovers(request.unit, request.user)[:200])
    # The list shows citizens' names: one read per citizen shown, as Mina and Alla (ADR 0004).
    # A citizen who blocked the unit is shown as "blocked information" only: nothing is read.
    record_list_reads(
        request.user,
        request.unit,
        [handover.enrollment for handover in handovers if not handover.blocked],
        action="care.list_incoming_handovers",
        among=(Role.CITIZEN_ADMIN,),
    )
    return render(request, "clinic/handover/incoming.html", {"handovers": handovers})


def _incoming(request, handover_id: int) -> Handover:
    """A pending handover to the active unit that the user may decide on (else 404/403); logged."""
    return get_incoming_handover_for_staff(request.user, request.unit, handover_id)


def _already_decided(request, handover_id: int):
    """Answer a decision on a handover someone at the unit decided a moment ago, or None.

    Two citizen admins may press Approve at once (or one presses twice): the first decides, the
    other learns what happened instead of getting "not found". Says no more than the status.
    """
    decided = (
        Handover.objects.filter(pk=handover_id, to_unit=request.unit)
        .exclude(status=Handover.Status.PENDING)
        .first()
    )
    if decided is None:
        return None
    messages.info(
        request,
        _("This handover has already been %(status)s.")
        % {"status": decided.get_status_display().lower()},
    )
    return redirect("clinic:handovers_incoming")


def _render_incoming(request, handover, *, status=200, approve_form=None, reject_form=None):
    return render(
        request,
        "clinic/handover/incoming_detail.html",
        {
            "handover": handover,
            "enrollment": handover.enrollment,
            "approve_form": approve_form
            or ApproveForm(unit=request.unit, training=handover.enrollment.is_training),
            "may_approve": request.user.has_perm("care.approve_handover", handover),
            "reject_form": reject_form or RejectForm(),
        },
        status=status,
    )


@unit_permission_required(INCOMING)
def incoming_detail(request, handover_id: int):
    return _render_incoming(request, _incoming(request, handover_id))


@unit_permission_required(INCOMING)
@require_POST
def approve(request, handover_id: int):
    if (answer := _already_decided(request, handover_id)) is not None:
        return answer
    handover = _incoming(request, handover_id)
    form = ApproveForm(request.POST, unit=request.unit, training=handover.enrollment.is_training)
    take_over = partial(service.approve_handover, actor=request.user, handover=handover)
    success = _("The enrollment was taken over. It is now at your unit.")
    if submit(request, form, take_over, success, refused=as_plain_messages):
        return redirect("clinic:enrollment", enrollment_id=handover.enrollment_id)
    return _render_incoming(request, handover, status=400, approve_form=form)


@unit_permission_required(INCOMING)
@require_POST
def reject(request, handover_id: int):
    if (answer := _already_decided(request, handover_id)) is not None:
        return answer
    handover = _incoming(request, handover_id)
    form = RejectForm(request.POST)
    say_no = partial(service.reject_handover, actor=request.user, handover=handover)
    if submit(request, form, say_no, _("The handover was rejected."), refused=as_plain_messages):
        return redirect("clinic:handovers_incoming")
    return _render_incoming(request, handover, status=400, reject_form=form)

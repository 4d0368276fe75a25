"""Byt behandlare from Alla: a citizen admin chooses another responsible practitioner.

Alla's small arrow menu (a <details>) submits the choice here by GET; this page shows the green
confirmation at the bottom right with Cancel and "Change practitioner" (a POST). With
JavaScript the same confirmation appears on Alla itself (stegvis/handover.js) and posts here.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from stegvis.care.access import get_enrollment_for_staff
from stegvis.care.services import reassign
from stegvis.clinic.views.care_forms import PractitionerField
from stegvis.organisation.access import unit_permission_required

VIEW = "care.view_unit_enrollments"


class ChangePractitionerForm(forms.Form):
    practitioner = PractitionerField(
        label=gettext_lazy("New responsible practitioner"),
        queryset=None,
        empty_label=gettext_lazy("Choose a practitioner"),
    )

    def __init__(self, *args, enrollment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = reassign.choosable_practitioners(enrollment)


@unit_permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def change_practitioner(request, enrollment_id: int):
    action = "enrollment.change" if request.method == "POST" else "enrollment.view"
    enrollment = get_enrollment_for_staff(
        request.user, request.unit, enrollment_id, perm="care.assign_practitioner", action=action
    )
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = ChangePractitionerForm(data, enrollment=enrollment)
    chosen, status = None, 200
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data["practitioner"]
        if chosen.pk == enrollment.practitioner_id:
            form.add_error(
                "practitioner",
                _("%(name)s is already the responsible practitioner.")
                % {"name": chosen.get_full_name() or chosen.email},
            )
            chosen = None
    if request.method == "POST" and chosen is not None:
        try:
            reassign.change_practitioner(
                actor=request.user, enrollment=enrollment, practitioner=chosen
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            chosen = None
        else:
            messages.success(
                request,
                _("%(name)s is now the responsible practitioner for %(citizen)s.")
                % {
                    "name": chosen.get_full_name() or chosen.email,
                    "citizen": enrollment.citizen.get_full_name(),
                },
            )
            return redirect("clinic:unit_enrollments")
    if form.is_bound and form.errors:
        status = 400
    return render(
        request,
        "clinic/handover/change_practitioner.html",
        {
            "enrollment": enrollment,
            "form": form,
            "chosen": chosen,
            "may_assign_self": request.user.has_perm("care.assign_to_self", enrollment),
        },
        status=status,
    )

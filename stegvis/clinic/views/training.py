"""The training environment (docs/training.md): training mode, my test patient, and a unit's
reset. The rules are in organisation/training.py and care/permissions.py; these views parse the
request and call the services."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stegvis.accounts.training_session import sign_in_as_test_patient
from stegvis.care.services.training import reset_training_data, training_enrollments_at
from stegvis.organisation import training
from stegvis.organisation.access import provider_permission_required, staff_required
from stegvis.organisation.models import CareUnit

RESET = "care.reset_training_data"


@staff_required
@require_POST
def mode(request):
    """Switch training mode on ("on" in the form) or off, for this session."""
    on = request.POST.get("mode") == "on"
    training.set_training_mode(request, on)
    if on:
        # My test patient is there from the start: programs can be started for them at once.
        training.get_or_create_test_patient(actor=request.user, unit=request.workplace.unit)
        messages.success(
            request, _("You are in the training environment: only test data is shown.")
        )
    else:
        messages.success(request, _("You left the training environment."))
        # Left from the design tool's banner: back there (a name, never a URL).
        if request.POST.get("back") == "design":
            return redirect("wagtailadmin_home")
    return redirect("clinic:start")


@staff_required
@require_POST
def test_patient(request):
    """Open the citizen portal as my test patient in this browser (the staff session parks).

    Outside training the service refuses (403): the button is shown in training only.
    """
    sign_in_as_test_patient(request, unit=request.workplace.unit)
    messages.info(request, _("You are signed in as your test patient."))
    return redirect("portal:home")


@provider_permission_required(RESET)
@require_http_methods(["GET", "POST"])
def reset(request, unit_id: int):
    """A provider admin deletes a unit's training data, after a confirmation."""
    unit = get_object_or_404(CareUnit, pk=unit_id, provider=request.provider)
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm the reset."))
        else:
            count = reset_training_data(actor=request.user, unit=unit)
            messages.success(
                request,
                _("The training data was reset: %(count)s training enrollments deleted.")
                % {"count": count},
            )
            return redirect("clinic:unit_detail", unit_id=unit.pk)
    count = training_enrollments_at(unit).count()
    return render(request, "clinic/training/reset.html", {"unit": unit, "count": count})

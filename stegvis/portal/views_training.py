"""Back from my test patient to the staff view (docs/training.md, accounts/training_session.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stegvis.accounts.training_session import back_to_staff, is_test_patient_session
from stegvis.organisation.access import citizen_required


@citizen_required
@require_POST
def back(request):
    """End the test patient's session and return to the parked staff session."""
    if not is_test_patient_session(request):
        raise PermissionDenied
    back_to_staff(request)
    messages.info(request, _("You are back in the staff view, in the training environment."))
    return redirect("clinic:start")

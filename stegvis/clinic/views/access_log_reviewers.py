"""The provider admin's page of log reviewers: grant and end the permission to review."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stegvis.audit.forms import ReviewerGrantForm
from stegvis.audit.models import LogReviewer
from stegvis.audit.services.reviewers import MANAGE, end_reviewer, grant_reviewer
from stegvis.organisation.access import provider_permission_required


@provider_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def reviewer_list(request):
    form = ReviewerGrantForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        staff = form.cleaned_data["hsa_id"]
        try:
            grant_reviewer(actor=request.user, provider=request.provider, staff=staff)
        except ValidationError as error:
            form.add_error("hsa_id", error)
        else:
            messages.success(request, _("%(name)s may now review the log.") % {"name": staff})
            return redirect("clinic:access_log_reviewers")
    grants = (
        LogReviewer.objects.filter(provider=request.provider)
        .select_related("staff", "granted_by", "ended_by")
        .order_by("ended_at", "-granted_at", "-pk")
    )
    return render(request, "audit/reviewers.html", {"form": form, "grants": grants})


@provider_permission_required(MANAGE)
@require_POST
def reviewer_end(request, grant_id: int):
    grant = get_object_or_404(
        LogReviewer.objects.select_related("staff", "provider"),
        pk=grant_id,
        provider=request.provider,
    )
    end_reviewer(actor=request.user, grant=grant)
    messages.success(request, _("%(name)s may no longer review the log.") % {"name": grant.staff})
    return redirect("clinic:access_log_reviewers")

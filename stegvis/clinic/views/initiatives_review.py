"""The provider admin's side of program initiatives: the list, decisions, links and the PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from stegvis.clinic.views.form_actions import on_the_named_fields
from stegvis.clinic.views.initiatives import render_detail
from stegvis.initiatives import queries, services
from stegvis.initiatives.access import get_initiative_for_admin
from stegvis.initiatives.forms import DecisionForm, LinkForm
from stegvis.initiatives.models import Status
from stegvis.organisation.access import provider_permission_required

REVIEW = "initiatives.review"


@provider_permission_required(REVIEW)
@require_GET
def review_list(request):
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    counts = queries.counts_by_status(request.provider)
    return render(
        request,
        "initiatives/review_list.html",
        {
            "initiatives": queries.for_provider(request.provider, status),
            "status": status,
            "statuses": [(s.value, s.label, counts.get(s.value, 0)) for s in Status],
            "total": sum(counts.values()),
        },
    )


@provider_permission_required(REVIEW)
@require_POST
def initiative_decide(request, initiative_id: int):
    initiative = get_initiative_for_admin(request.user, request.provider, initiative_id)
    form = DecisionForm(request.POST, initiative=initiative)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.change_status(
                actor=request.user,
                initiative=initiative,
                status=data["status"],
                reason=data["reason"],
                decided_on=data["decided_on"],
                seen_status=data["seen_status"],
            )
        except ValidationError as error:
            on_the_named_fields(form, error)
        else:
            messages.success(request, _("The status was saved and the submitter notified."))
            return redirect("clinic:initiative", initiative.pk)
    return render_detail(request, initiative, True, decision_form=form)


@provider_permission_required(REVIEW)
@require_POST
def initiative_link(request, initiative_id: int):
    initiative = get_initiative_for_admin(request.user, request.provider, initiative_id)
    form = LinkForm(request.POST, provider=request.provider)
    if form.is_valid():
        try:
            services.link_release(
                actor=request.user, initiative=initiative, release=form.cleaned_data["release"]
            )
        except ValidationError as error:
            on_the_named_fields(form, error)
        else:
            messages.success(request, _("The initiative is linked to the program."))
            return redirect("clinic:initiative", initiative.pk)
    return render_detail(request, initiative, True, link_form=form)


@provider_permission_required(REVIEW)
@require_GET
def initiative_pdf(request, initiative_id: int):
    from stegvis.initiatives import pdf  # fpdf (with numpy, fontTools) is slow to import

    initiative = get_initiative_for_admin(request.user, request.provider, initiative_id)
    response = HttpResponse(pdf.render(initiative), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="initiativ-{initiative.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response

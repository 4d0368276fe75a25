"""Agreements (nyttjandeavtal) between providers about programs: list, record, change."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from stegvis.catalog import queries, services
from stegvis.catalog.forms import AgreementForm, AgreementPeriodForm
from stegvis.clinic.views.form_actions import on_the_named_fields, submit
from stegvis.organisation.access import provider_permission_required

MANAGE = "catalog.manage_agreements"


@provider_permission_required(MANAGE)
@require_GET
def agreement_list(request):
    return render(
        request,
        "clinic/catalog/agreements.html",
        {"agreements": queries.agreements_for(request.provider)},
    )


@provider_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def agreement_create(request):
    initial = {}
    if program := request.GET.get("program"):
        initial["program"] = program
    form = AgreementForm(
        request.POST if request.method == "POST" else None,
        provider=request.provider,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.create_agreement(
                actor=request.user,
                provider=request.provider,
                owner=data["owner"],
                user_provider=data["user_provider"],
                program_key=data["program_key"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                notes=data["notes"],
                external_owner=data["external_owner"],
            )
        except ValidationError as error:
            on_the_named_fields(form, error)
        else:
            messages.success(
                request,
                _("The agreement for %(program)s was recorded.")
                % {"program": agreement.program_name},
            )
            return redirect("clinic:catalog_agreements")
    return render(request, "clinic/catalog/agreement_form.html", {"form": form, "agreement": None})


@provider_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def agreement_edit(request, agreement_id: int):
    agreement = queries.agreements_for(request.provider).filter(pk=agreement_id).first()
    if agreement is None:
        raise Http404
    form = AgreementPeriodForm(
        request.POST if request.method == "POST" else None,
        initial={
            "valid_from": agreement.valid_from,
            "valid_until": agreement.valid_until,
            "notes": agreement.notes,
        },
    )
    if request.method == "POST":
        save = partial(
            services.update_agreement,
            actor=request.user,
            provider=request.provider,
            agreement=agreement,
        )
        if submit(request, form, save, _("The agreement was saved."), refused=on_the_named_fields):
            return redirect("clinic:catalog_agreements")
    return render(
        request, "clinic/catalog/agreement_form.html", {"form": form, "agreement": agreement}
    )

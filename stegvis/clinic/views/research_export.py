"""Forskningsuttag: pseudonymised research exports by a provider admin or an authorised data admin.

Making an export records it and one access per exported citizen, then shows its key once; the
download asks for the key again (posted, never in the URL) and streams the ZIP.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stegvis.organisation.access import provider_permission_required
from stegvis.statistics.models import ResearchExport, ResearchExportAuthorisation
from stegvis.statistics.research.archive import export_files, zip_chunks
from stegvis.statistics.research.authorisations import (
    MANAGE,
    authorise_exporter,
    revoke_exporter,
)
from stegvis.statistics.research.forms import (
    AuthoriseExporterForm,
    ExportKeyForm,
    ResearchExportForm,
)
from stegvis.statistics.research.services import (
    EXPORT,
    check_key,
    create_research_export,
    record_download,
)

LIST_LIMIT = 200


@provider_permission_required(EXPORT)
@require_GET
def export_list(request):
    exports = (
        ResearchExport.objects.filter(provider=request.provider)
        .select_related("exported_by")
        .order_by("-created_at", "-pk")[:LIST_LIMIT]
    )
    may_manage = request.user.has_perm(MANAGE, request.provider)
    return render(
        request,
        "statistics/research/list.html",
        {"exports": exports, "may_manage": may_manage},
    )


@provider_permission_required(EXPORT)
@require_http_methods(["GET", "POST"])
def export_new(request):
    form = ResearchExportForm(
        request.POST if request.method == "POST" else None, provider=request.provider
    )
    if request.method == "POST" and form.is_valid():
        try:
            export, key = create_research_export(actor=request.user, request=form.export_request())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            response = render(
                request,
                "statistics/research/created.html",
                {"export": export, "key": key},
            )
            # The key is on this page only: no cache may keep it.
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "statistics/research/new.html", {"form": form})


def _add_errors(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def _export_of(request, export_id: int) -> ResearchExport:
    return get_object_or_404(
        ResearchExport.objects.select_related("provider", "exported_by"),
        pk=export_id,
        provider=request.provider,
    )


@provider_permission_required(EXPORT)
@require_GET
def export_detail(request, export_id: int):
    export = _export_of(request, export_id)
    return render(
        request, "statistics/research/detail.html", {"export": export, "key_form": ExportKeyForm()}
    )


@provider_permission_required(EXPORT)
@require_POST
def export_download(request, export_id: int):
    export = _export_of(request, export_id)
    form = ExportKeyForm(request.POST)
    if form.is_valid():
        try:
            check_key(export, form.cleaned_data["key"])
        except ValidationError as error:
            form.add_error("key", error)
    if not form.is_valid():
        return render(
            request,
            "statistics/research/detail.html",
            {"export": export, "key_form": form},
            status=400,
        )
    key = form.cleaned_data["key"].strip()
    record_download(export, actor=request.user)
    name = f"stegvis-forskningsuttag-{export.pk}"
    response = StreamingHttpResponse(
        zip_chunks(export_files(export, key), prefix=name), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@provider_permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def exporter_list(request):
    form = AuthoriseExporterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        staff = form.cleaned_data["hsa_id"]
        try:
            authorise_exporter(actor=request.user, provider=request.provider, staff=staff)
        except ValidationError as error:
            form.add_error("hsa_id", error)
        else:
            messages.success(
                request, _("%(name)s may now make research exports.") % {"name": staff}
            )
            return redirect("clinic:research_exporters")
    authorisations = (
        ResearchExportAuthorisation.objects.filter(provider=request.provider)
        .select_related("staff", "unit", "authorised_by", "revoked_by")
        .order_by("revoked_at", "-authorised_at", "-pk")
    )
    return render(
        request,
        "statistics/research/exporters.html",
        {"form": form, "authorisations": authorisations},
    )


@provider_permission_required(MANAGE)
@require_POST
def exporter_revoke(request, authorisation_id: int):
    authorisation = get_object_or_404(
        ResearchExportAuthorisation.objects.select_related("staff", "provider"),
        pk=authorisation_id,
        provider=request.provider,
    )
    revoke_exporter(actor=request.user, authorisation=authorisation)
    messages.success(
        request,
        _("%(name)s may no longer make research exports.") % {"name": authorisation.staff},
    )
    return redirect("clinic:research_exporters")

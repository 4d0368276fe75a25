"""The program catalog for provider admins: tabs, a release, activation, withdrawal, files."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stegvis.catalog import files, queries, services
from stegvis.catalog.forms import ProgramFileForm, WithdrawForm
from stegvis.catalog.models import ProgramRelease
from stegvis.catalog.parsed import release_document
from stegvis.language import content_language
from stegvis.organisation.access import provider_permission_required
from stegvis.organisation.models import CareUnit
from stegvis.security.ratelimits import rate_limited

VIEW = "catalog.view_catalog"
TAB_LABELS = {
    "all": gettext_lazy("All"),
    "available": gettext_lazy("Available"),
    "active": pgettext_lazy("catalog tab: releases in use", "Active"),
    "unpublished": gettext_lazy("Unpublished"),
}


def _release_or_404(request, release_id: int) -> ProgramRelease:
    release = queries.release_for(request.provider, release_id)
    if release is None:
        raise Http404
    return release


@provider_permission_required(VIEW)
@require_GET
def catalog(request):
    tab = request.GET.get("tab", "all")
    if tab not in queries.TABS:
        tab = "all"
    tabs = [
        {"key": key, "label": label, "current": key == tab} for key, label in TAB_LABELS.items()
    ]
    return render(
        request,
        "clinic/catalog/list.html",
        {
            "releases": queries.catalog(request.provider, tab),
            "tabs": tabs,
            "tab": tab,
            "tab_label": TAB_LABELS[tab],
            "may_import": request.user.has_perm("catalog.import_release", request.provider),
        },
    )


OPENING_LABELS = {
    "at_start": gettext_lazy("Open from the start"),
    "practitioner": gettext_lazy("Opened by the practitioner"),
    "previous_done": gettext_lazy("Opens when the previous module is done"),
    "days_after_start": gettext_lazy("Opens some days after the start"),
    "date": gettext_lazy("Opens on a date"),
}
ALERT_LABELS = {
    "prioritised": gettext_lazy("prioritised alert"),
    "warning": gettext_lazy("warning"),
    "info": gettext_lazy("information"),
}
FLAG_LABELS = {"red": gettext_lazy("red flag"), "yellow": gettext_lazy("yellow flag")}


def _schedule_label(schedule, titles: dict, modules: dict) -> str:
    name = titles.get(schedule.questionnaire, schedule.questionnaire)
    if schedule.when == "start":
        when = _("at the start")
    elif schedule.when == "end":
        when = _("at the end")
    elif schedule.when == "before_module":
        when = _("before the module %(module)s") % {
            "module": modules.get(schedule.module, schedule.module)
        }
    elif schedule.when == "every_n_days":
        when = _("every %(days)s days") % {"days": schedule.days}
    else:
        when = _("every %(days)s days in maintenance") % {"days": schedule.days}
    return f"{name}: {when}"


def _summary(release: ProgramRelease) -> dict:
    parsed = release_document(release)
    language = content_language()
    titles = {
        key: (data.get("title") or {}).get(language) or key
        for key, data in parsed.questionnaires.items()
    }
    modules = {module.key: module.title for module in parsed.modules}
    return {
        "program": parsed.program,
        "modules": [
            {
                "title": module.title,
                "opening": OPENING_LABELS.get(module.opening.rule, module.opening.rule),
                "steps": sum(len(section.steps) for section in module.sections),
            }
            for module in parsed.modules
        ],
        "step_count": sum(1 for _step in parsed.steps()),
        "questionnaires": [{"key": key, "title": title} for key, title in titles.items()],
        "schedules": [_schedule_label(s, titles, modules) for s in parsed.schedules],
        "flags": [
            f"{titles.get(f.questionnaire, f.questionnaire)}: "
            f"{ALERT_LABELS[f.alert_level]} → {FLAG_LABELS[f.flag]}"
            for f in parsed.flags
        ],
        "reminders": parsed.reminders,
        "media_count": len(parsed.media),
    }


@provider_permission_required(VIEW)
@require_GET
def release_detail(request, release_id: int):
    provider = request.provider
    release = _release_or_404(request, release_id)
    summary = _summary(release)
    active_unit_ids = {a.unit_id for a in release.units_using}
    units = [
        {"unit": unit, "active": unit.pk in active_unit_ids}
        for unit in CareUnit.objects.filter(provider=provider, is_active=True).order_by("name")
    ]
    history = queries.other_versions(provider, release)
    import_record = release.provenance
    agreements = queries.agreements_about(provider, release)
    may_activate = (
        release.withdrawn is None
        and release.agreement_ok
        and request.user.has_perm("catalog.activate_release", provider)
    )
    return render(
        request,
        "clinic/catalog/release.html",
        {
            "release": release,
            "summary": summary,
            "units": units,
            "history": history,
            "agreements": agreements,
            "import_record": import_record,
            "agreement_missing": import_record is not None
            and import_record.agreement_needed
            and not agreements.filter(in_force=True).exists(),
            "may_activate": may_activate,
            "may_withdraw": release.withdrawn is None
            and request.user.has_perm("catalog.withdraw_release", release),
            "may_export": request.user.has_perm("catalog.export_release", provider),
            "may_manage_agreements": request.user.has_perm("catalog.manage_agreements", provider),
        },
    )


def _unit_of_provider(request) -> CareUnit:
    unit_id = request.POST.get("unit", "")
    # ASCII digits of a plausible length: "²" passes isdigit() and 5,000 digits pass too, and
    # int() refuses both (found by tests/hardening/test_fuzz_forms.py).
    if not (unit_id.isascii() and unit_id.isdigit() and len(unit_id) <= 18):
        raise Http404
    return get_object_or_404(CareUnit, pk=int(unit_id), provider=request.provider)


@provider_permission_required("catalog.activate_release")
@require_POST
def activate(request, release_id: int):
    release = _release_or_404(request, release_id)
    unit = _unit_of_provider(request)
    try:
        services.activate_release(actor=request.user, release=release, unit=unit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(release)s is active at %(unit)s.") % {"release": release, "unit": unit.name},
        )
    return redirect("clinic:catalog_release", release_id=release.pk)


@provider_permission_required("catalog.activate_release")
@require_POST
def deactivate(request, release_id: int):
    release = _release_or_404(request, release_id)
    unit = _unit_of_provider(request)
    services.deactivate_release(actor=request.user, release=release, unit=unit)
    messages.success(
        request,
        _("%(release)s is no longer active at %(unit)s. Running enrollments continue.")
        % {"release": release, "unit": unit.name},
    )
    return redirect("clinic:catalog_release", release_id=release.pk)


@provider_permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def withdraw(request, release_id: int):
    release = _release_or_404(request, release_id)
    if not request.user.has_perm("catalog.withdraw_release", release):
        raise PermissionDenied
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_release(
                actor=request.user, release=release, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("%(release)s was withdrawn.") % {"release": release})
            return redirect("clinic:catalog_release", release_id=release.pk)
    return render(request, "clinic/catalog/withdraw.html", {"release": release, "form": form})


@provider_permission_required("catalog.export_release")
@require_GET
def export(request, release_id: int):
    release = _release_or_404(request, release_id)
    response = HttpResponse(files.export_release(release), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{files.export_filename(release)}"'
    return response


@provider_permission_required("catalog.import_release")
@require_http_methods(["GET", "POST"])
@rate_limited("upload")
def import_file(request):
    form = ProgramFileForm(
        request.POST if request.method == "POST" else None, request.FILES or None
    )
    if request.method == "POST" and form.is_valid():
        try:
            release = files.import_release_file(
                actor=request.user, data=form.cleaned_data["file"], provider=request.provider
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(
                request,
                _("%(release)s was imported into the catalog.") % {"release": release},
            )
            if release.import_record.agreement_needed:
                messages.warning(
                    request,
                    _(
                        "The program comes from another provider. Record the agreement "
                        "(nyttjandeavtal) under which you use it."
                    ),
                )
            return redirect("clinic:catalog_release", release_id=release.pk)
    return render(request, "clinic/catalog/import.html", {"form": form})

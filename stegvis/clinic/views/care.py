"""Mina, Alla and "Starta moment": the enrollment lists at the active unit and starting one."""

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stegvis.care.access import record_list_reads
from stegvis.care.services.enrollment import practitioners_at, start_enrollment
from stegvis.care.services.groups import group_choices
from stegvis.clinic import lists
from stegvis.clinic.views.care_forms import (
    EnrollmentFilterForm,
    GroupFilterForm,
    StartEnrollmentForm,
)
from stegvis.organisation import services as organisation
from stegvis.organisation.access import unit_permission_required
from stegvis.organisation.training import in_training

VIEW = "care.view_unit_enrollments"
START = "care.start_enrollment"
PER_PAGE = 50


def _page(request, queryset):
    # The counts a row shows are computed for the page's rows only, after the sort and limit.
    number = request.GET.get("page")
    return lists.fill_page(lists.CountedPaginator(queryset, PER_PAGE, number).get_page(number))


def _log_list(request, page, action: str) -> None:
    # A list shows citizens' names: one read per citizen shown, so reviews find them (ADR 0004).
    record_list_reads(request.user, request.unit, page, action=action)


def _group_context(request, groups: list) -> dict:
    """What the lists need to offer "add the ticked rows to a group" (docs/groups.md)."""
    may = bool(groups) and request.user.has_perm("care.manage_groups", request.unit)
    return {"group_choices": groups if may else [], "next": request.get_full_path()}


@unit_permission_required(VIEW)
def my_enrollments(request):
    groups = group_choices(request.unit)
    form = GroupFilterForm(request.GET or None, groups=groups)
    group = form.cleaned_data.get("group") if form.is_valid() else None
    page = _page(request, lists.my_enrollments(request.user, request.unit, group=group))
    _log_list(request, page, "care.list_mine")
    unit = request.unit
    query = request.GET.copy()
    query.pop("page", None)
    training = in_training(request.user)

    @functools.cache
    def choices() -> list[tuple[int, str]]:
        # The rows' arrow menus (citizen admins only) choose among the unit's practitioners:
        # one query, run only when a row shows a menu.
        return [
            (p.pk, p.get_full_name() or p.email) for p in practitioners_at(unit, training=training)
        ]

    return render(
        request,
        "clinic/care/my_enrollments.html",
        {
            "page": page,
            "practitioner_choices": choices,
            "may_start": request.user.has_perm(START, request.unit),
            "form": form if groups else None,
            "query": query.urlencode(),
            **_group_context(request, groups),
        },
    )


@unit_permission_required(VIEW)
def unit_enrollments(request):
    groups = group_choices(request.unit)
    form = EnrollmentFilterForm(
        request.GET or None,
        practitioners=list(practitioners_at(request.unit, training=in_training(request.user))),
        programs=lists.programs_at(request.user, request.unit),
        groups=groups,
    )
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = lists.unit_enrollments(
        request.user,
        request.unit,
        practitioner=filters.get("practitioner"),
        program=filters.get("program", ""),
        phase=filters.get("phase", ""),
        flag=filters.get("flag", ""),
        group=filters.get("group"),
    )
    page = _page(request, queryset)
    _log_list(request, page, "care.list_all")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "clinic/care/unit_enrollments.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "may_start": request.user.has_perm(START, request.unit),
            **_group_context(request, groups),
        },
    )


@unit_permission_required(START)
@require_http_methods(["GET", "POST"])
def start(request):
    data = request.POST if request.method == "POST" else None
    form = StartEnrollmentForm(data, unit=request.unit, actor=request.user)
    if request.method == "POST" and form.is_valid():
        citizen = organisation.find_citizen(
            actor=request.user, unit=request.unit, personnummer=form.cleaned_data["personnummer"]
        )
        if citizen is None:
            form.add_error(
                "personnummer",
                _("No citizen with this personnummer is registered. Register them first."),
            )
        else:
            try:
                enrollment = start_enrollment(
                    actor=request.user,
                    unit=request.unit,
                    release=form.cleaned_data["release"],
                    citizen=citizen,
                    practitioner=form.cleaned_data["practitioner"],
                    start_date=form.cleaned_data["start_date"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The enrollment was started."))
                return redirect("clinic:enrollment", enrollment_id=enrollment.pk)
    return render(
        request,
        "clinic/care/start.html",
        {
            "form": form,
            "may_register": request.user.has_perm("organisation.register_citizens", request.unit),
        },
    )

"""Log review for provider admins and the reviewers they permit: search, export, patterns.

The personnummer and staff names are posted, then resolved to ids; the result page's URL
carries only ids, dates and codes. Every view of the log is itself recorded. Only citizens and
staff the provider's own log names are resolved, from the form or from the address alike.
"""

from dataclasses import replace
from urllib.parse import urlencode

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from stegvis.audit.forms import CITIZEN_NOT_IN_LOG, EventSearchForm, FilterQueryForm, PeriodForm
from stegvis.audit.services import export, patterns
from stegvis.audit.services.review import (
    REVIEW,
    EventFilter,
    citizen_in_log,
    record_review,
    search_events,
    staff_in_log,
)
from stegvis.clinic.lists import CountedPaginator
from stegvis.organisation.access import provider_permission_required

PER_PAGE = 50


class CountedLines(CountedPaginator):
    """The log's lines counted up to a limit: a provider's whole log is millions of lines, and
    counting them for "N events" took as long as the page (0.7 s at 20,000 enrollments, growing
    with the log). Beyond the limit the page says "more than"; a search narrows it."""

    @cached_property
    def count(self) -> int:
        return self.object_list.count_up_to(self.count_up_to + 1)


def _filter_from_query(request) -> EventFilter:
    form = FilterQueryForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("The search in the address was not valid; showing all events."))
        return EventFilter()
    return form.event_filter()


def _people(request, event_filter: EventFilter):
    """Resolve the address's citizen and staff ids within the provider's log.

    Ids the log does not name are left out of the search with one neutral message, whether
    nobody has the id or another provider's citizen does (that lookup is recorded).
    """
    citizen = staff = None
    if event_filter.citizen_id:
        citizen = citizen_in_log(
            actor=request.user,
            provider=request.provider,
            unit=request.workplace.unit,
            citizen_id=event_filter.citizen_id,
        )
    if event_filter.actor_id:
        staff = staff_in_log(request.provider, event_filter.actor_id)
    refused = (event_filter.citizen_id and citizen is None) or (
        event_filter.actor_id and staff is None
    )
    if refused:
        messages.error(request, _("The access log names nobody with the id in the address."))
        event_filter = replace(
            event_filter,
            citizen_id=citizen.pk if citizen else None,
            actor_id=staff.pk if staff else None,
        )
    return event_filter, citizen, staff, bool(refused)


def _initial(event_filter: EventFilter, citizen, staff) -> dict:
    return {
        "personnummer": citizen.personnummer_display if citizen else "",
        "staff": staff.hsa_id if staff else "",
        "unit": event_filter.unit_id,
        "date_from": event_filter.date_from,
        "date_to": event_filter.date_to,
        "kind": event_filter.kind,
        "action": event_filter.action,
    }


def _citizen_in_log(request, form: EventSearchForm) -> bool:
    """Keep a posted citizen only if the log names them; else the "not found" answer."""
    citizen = form.cleaned_data.get("personnummer")
    if citizen is None:
        return True
    named = citizen_in_log(
        actor=request.user,
        provider=request.provider,
        unit=request.workplace.unit,
        citizen_id=citizen.pk,
    )
    if named is None:
        form.add_error("personnummer", CITIZEN_NOT_IN_LOG)
        return False
    return True


@provider_permission_required(REVIEW)
@require_http_methods(["GET", "POST"])
def search(request):
    provider = request.provider
    if request.method == "POST":
        form = EventSearchForm(request.POST, provider=provider)
        if form.is_valid() and _citizen_in_log(request, form):
            query = urlencode(form.event_filter().as_query())
            return redirect(
                f"{reverse('clinic:access_log')}?{query}" if query else "clinic:access_log"
            )
        return render(request, "audit/search.html", {"form": form, "page": None})
    event_filter, citizen, staff, _refused = _people(request, _filter_from_query(request))
    form = EventSearchForm(initial=_initial(event_filter, citizen, staff), provider=provider)
    events = search_events(provider, event_filter)
    number = request.GET.get("page")
    page = CountedLines(events, PER_PAGE, number).get_page(number)
    # Read the page before recording this search, so the search does not list itself.
    page.object_list = list(page.object_list)
    record_review(
        actor=request.user,
        provider=provider,
        unit=request.workplace.unit,
        action="audit.search",
        citizen=citizen,
    )
    return render(
        request,
        "audit/search.html",
        {
            "form": form,
            "page": page,
            "query": urlencode(event_filter.as_query()),
            "filtered": bool(event_filter.as_query()),
            "may_manage": request.user.has_perm("audit.manage_reviewers", provider),
        },
    )


@provider_permission_required(REVIEW)
@require_GET
def export_csv(request):
    provider = request.provider
    event_filter, citizen, _staff, refused = _people(request, _filter_from_query(request))
    if refused:
        return redirect("clinic:access_log")
    record_review(
        actor=request.user,
        provider=provider,
        unit=request.workplace.unit,
        action="audit.export",
        citizen=citizen,
    )
    events = search_events(provider, event_filter)
    response = StreamingHttpResponse(
        export.csv_lines(events), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="access-log-{stamp}.csv"'
    return response


@provider_permission_required(REVIEW)
@require_GET
def pattern_list(request):
    provider = request.provider
    form = PeriodForm(request.GET or None)
    period = patterns.Period.default()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        period = patterns.Period(
            data.get("date_from") or period.start, data.get("date_to") or period.end
        )
        if period.start > period.end:
            period = patterns.Period(period.start, period.start)
    elif not form.is_bound:
        form = PeriodForm(initial={"date_from": period.start, "date_to": period.end})
    record_review(
        actor=request.user, provider=provider, unit=request.workplace.unit, action="audit.patterns"
    )
    return render(
        request,
        "audit/patterns.html",
        {
            "form": form,
            "period": period,
            "outside": patterns.outside_enrollments(provider, period),
            "many": patterns.many_citizens_a_day(provider, period),
            "night": patterns.at_night(provider, period),
            "threshold": patterns.setting("AUDIT_MANY_CITIZENS_PER_DAY"),
            "night_start": patterns.setting("AUDIT_NIGHT_START"),
            "night_end": patterns.setting("AUDIT_NIGHT_END"),
            "may_manage": request.user.has_perm("audit.manage_reviewers", provider),
        },
    )

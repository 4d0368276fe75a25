"""Log review for provider admins and the reviewers they permit: search, export, patterns.

The personnummer and staff names are posted, then resolved to ids; the result page's URL
carries only ids, dates and codes. Every view of the log is itself recorded.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from stegvis.audit.forms import EventSearchForm, FilterQueryForm, PeriodForm
from stegvis.audit.services import export, patterns
from stegvis.audit.services.review import REVIEW, EventFilter, record_review, search_events
from stegvis.organisation.access import provider_permission_required
from stegvis.organisation.models import Citizen, Staff

PER_PAGE = 50


def _filter_from_query(request) -> EventFilter:
    form = FilterQueryForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("The search in the address was not valid; showing all events."))
        return EventFilter()
    return form.event_filter()


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


@provider_permission_required(REVIEW)
@require_http_methods(["GET", "POST"])
def search(request):
    provider = request.provider
    if request.method == "POST":
        form = EventSearchForm(request.POST, provider=provider)
        if form.is_valid():
            query = urlencode(form.event_filter().as_query())
            return redirect(
                f"{reverse('clinic:access_log')}?{query}" if query else "clinic:access_log"
            )
        return render(request, "audit/search.html", {"form": form, "page": None})
    event_filter = _filter_from_query(request)
    citizen = (
        Citizen.objects.filter(pk=event_filter.citizen_id).first()
        if event_filter.citizen_id
        else None
    )
    staff = (
        Staff.objects.filter(pk=event_filter.actor_id).first() if event_filter.actor_id else None
    )
    form = EventSearchForm(initial=_initial(event_filter, citizen, staff), provider=provider)
    events = search_events(provider, event_filter)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
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
    event_filter = _filter_from_query(request)
    citizen = (
        Citizen.objects.filter(pk=event_filter.citizen_id).first()
        if event_filter.citizen_id
        else None
    )
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

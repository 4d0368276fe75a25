"""Usage statistics for data admins (their unit) and provider admins (any unit of theirs).

The figures are aggregates with small counts suppressed and no citizen named, so reading them
is not a read of citizen data (no access-log event); practitioner rows name staff only, and
only inside one unit.

*Now* and the period are answered apart: the usage page shows *now* (about half a second for a
provider of 370,000 enrollments) and loads the period after it (stegvis/lazy-part.js fetches
`usage_period_part`; seconds at that scale, docs/statistics.md), so the current figures never
wait for the history. Without JavaScript the period is a page of its own (`usage_period`).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from stegvis.organisation.access import staff_required
from stegvis.spreadsheets import XLSX_CONTENT_TYPE, csv_lines, xlsx_chunks
from stegvis.statistics.summaries.reads import summary_tallies
from stegvis.statistics.summaries.refresh import refreshed_as_of
from stegvis.statistics.usage import (
    CURRENT_COLUMNS,
    HISTORIC_COLUMNS,
    current_usage,
    historic_usage,
)
from stegvis.statistics.usage_charts import period_chart, table_chart
from stegvis.statistics.usage_forms import UsageFilterForm, program_choices
from stegvis.statistics.usage_scope import SUPPRESSED


def _units(request) -> list:
    """The units whose statistics the workplace shows; PermissionDenied for anyone else."""
    workplace = request.workplace
    user = request.user
    if workplace and workplace.unit is not None:
        if not user.has_perm("statistics.view_unit", workplace.unit):
            raise PermissionDenied
        return [workplace.unit]
    if workplace and workplace.provider is not None:
        if not user.has_perm("statistics.view_provider", workplace.provider):
            raise PermissionDenied
        return list(workplace.provider.units.order_by("name"))
    return []


def _form(request):
    """The bound filter form; a unit outside the workplace's reach is not found (404)."""
    units = _units(request)
    if not units:
        return None
    raw_unit = request.GET.get("unit", "")
    if raw_unit.isdigit() and int(raw_unit) not in {u.pk for u in units}:
        raise Http404
    programs = program_choices([u.pk for u in units])
    return UsageFilterForm(request.GET or {}, units=units, programs=programs)


def _base_context(request, form) -> dict:
    return {"form": form, "suppressed": SUPPRESSED, "query": request.GET.urlencode()}


def _period_context(scope) -> dict:
    tallies = summary_tallies(scope)
    counts = [c for c in HISTORIC_COLUMNS if c.kind == "count"]
    answered = [c for c in counts if c.key in ("on_time", "late")]
    return {
        "scope": scope,
        "historic": historic_usage(scope, tallies),
        "period_charts": [
            period_chart(
                _("Enrollments started and ended"), scope, tallies, counts[:3], _("Period")
            ),
            period_chart(
                _("Questionnaires answered on time and late"), scope, tallies, answered, _("Period")
            ),
        ],
        "refreshed": refreshed_as_of(),
    }


@staff_required
@require_GET
def usage(request):
    """The filter and *now*; the period follows (loaded after the page, or its own page)."""
    form = _form(request)
    if form is None:
        return redirect("clinic:workplace")
    context = _base_context(request, form)
    if form.is_valid():
        scope = form.scope()
        current = current_usage(scope)
        context |= {
            "scope": scope,
            "current": current,
            "current_charts": [table_chart(_("Active enrollments now"), current, [1, 2, 3])],
            "current_count": len(CURRENT_COLUMNS),
        }
    return render(request, "clinic/statistics/usage.html", context)


@staff_required
@require_GET
def usage_period(request):
    """The period's figures as a page: the usage page's link where JavaScript is off."""
    return _period(request, "clinic/statistics/usage_period.html")


@staff_required
@require_GET
def usage_period_part(request):
    """The period's section alone, which the usage page puts in place once it has loaded."""
    return _period(request, "clinic/statistics/_usage_period.html")


def _period(request, template: str):
    form = _form(request)
    if form is None:
        return redirect("clinic:workplace")
    context = _base_context(request, form)
    if not form.is_valid():
        return render(request, template, context, status=400)
    context |= _period_context(form.scope())
    return render(request, template, context)


@staff_required
@require_GET
def usage_export(request, table: str, file_format: str):
    form = _form(request)
    if form is None:
        return redirect("clinic:workplace")
    if table not in ("current", "historic") or file_format not in ("csv", "xlsx"):
        raise Http404
    if not form.is_valid():
        return render(request, "clinic/statistics/usage.html", {"form": form}, status=400)
    scope = form.scope()
    result = current_usage(scope) if table == "current" else historic_usage(scope)
    stamp = timezone.localdate().isoformat()
    name = f"stegvis-usage-{table}-{stamp}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(
            csv_lines(result.header, result.rows), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            xlsx_chunks(result.header, result.rows, title=table), content_type=XLSX_CONTENT_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

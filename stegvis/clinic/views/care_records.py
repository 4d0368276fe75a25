"""Hantera's sub-pages: the whole history, answers, diary and results of one enrollment.

Hantera shows the newest few of each; these page through the rest (plain links, no script).
Each fetches the enrollment exactly as Hantera does (`get_enrollment_for_staff`: another
unit's enrollment is "not found", the read is logged as `enrollment.view`), and each page is a
count and one `LIMIT/OFFSET` query, whatever the size of the record.
"""

from django.core.paginator import Paginator
from django.shortcuts import render

from stegvis.care.access import get_enrollment_for_staff
from stegvis.care.charts import render_line_chart, score_series
from stegvis.care.read import records
from stegvis.care.services.program import document_of
from stegvis.catalog.document import reader_language
from stegvis.charts import svg_data_uri
from stegvis.organisation.access import unit_permission_required

VIEW = "care.view_unit_enrollments"


def _page(request, enrollment_id: int, queryset_of):
    """The enrollment (checked and logged as Hantera does), its document and the asked page."""
    enrollment = get_enrollment_for_staff(request.user, request.unit, enrollment_id)
    paginator = Paginator(queryset_of(enrollment), records.PAGE_ROWS)
    return enrollment, document_of(enrollment.release), paginator.get_page(request.GET.get("page"))


def _render(request, enrollment, part: str, page, **context):
    return render(
        request,
        f"clinic/care/records/{part}.html",
        {"enrollment": enrollment, "page": page, "part": part, **context},
    )


@unit_permission_required(VIEW)
def history(request, enrollment_id: int):
    enrollment, document, page = _page(request, enrollment_id, records.history_events)
    rows = records.history_rows(page.object_list, document, reader_language())
    return _render(request, enrollment, "history", page, rows=rows)


@unit_permission_required(VIEW)
def answers(request, enrollment_id: int):
    enrollment, document, page = _page(request, enrollment_id, records.answers_of)
    rows = records.answer_rows(page.object_list, document.blocks_by_key())
    return _render(request, enrollment, "answers", page, rows=rows)


@unit_permission_required(VIEW)
def diary(request, enrollment_id: int):
    enrollment, document, page = _page(request, enrollment_id, records.diary_entries)
    tables = records.diary_tables(page.object_list, document.blocks_by_key(), charts=True)
    return _render(request, enrollment, "diary", page, diaries=tables)


@unit_permission_required(VIEW)
def results(request, enrollment_id: int):
    enrollment, document, page = _page(request, enrollment_id, records.completed_responses)
    language = reader_language()
    rows = [records.response_row(r, document, language) for r in page.object_list]
    return _render(request, enrollment, "results", page, rows=rows, charts=_charts(enrollment))


def _charts(enrollment) -> list[dict]:
    """One chart per instrument, each on its own full range with its severity bands."""
    return [
        {
            "title": item.title,
            "uri": svg_data_uri(render_line_chart([item], item.title)),
            "uri_small": svg_data_uri(render_line_chart([item], item.title, width=420, height=340)),
        }
        for item in score_series(enrollment, records.chart_responses(enrollment))
        if item.points
    ]

"""The enrollment's growing records, read a page at a time: history, answers, diary, results.

Hantera shows the newest few of each (`newest`: one `LIMIT` query); its sub-pages page through
all of them (a `Paginator` over the querysets here: a count and one `LIMIT/OFFSET` query). The
rows are labelled from the enrollment's pinned release document. Nothing here loads a record
the page does not show, so a page costs the same after ten weeks or ten years of treatment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.formats import number_format
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.care.charts import diary_series, render_line_chart
from stegvis.care.models import Enrollment, Flag, Phase, QuestionnaireResponse
from stegvis.catalog.document import ReleaseDocument
from stegvis.charts import svg_data_uri

# How many of each record Hantera shows before "Show all", and how many a sub-page shows.
HANTERA_ROWS = 10
PAGE_ROWS = 20
# A score chart draws the first result and at most this many of the newest (a year, weekly).
CHART_POINTS = 52

HISTORY_LABELS = {
    "enrollment.started": gettext_lazy("Enrollment started"),
    "enrollment.assigned": gettext_lazy("Responsible practitioner assigned"),
    "phase.changed": gettext_lazy("Phase changed"),
    "phase.reopened": gettext_lazy("Closed enrollment reopened into treatment"),
    "module.opened": gettext_lazy("Module opened"),
    "module.hidden": gettext_lazy("Module hidden"),
    "module.shown": gettext_lazy("Module shown"),
    "module.completed": gettext_lazy("Module completed"),
    "flag.raised": gettext_lazy("Flag raised"),
    "flag.acknowledged": gettext_lazy("Flag acknowledged"),
    "feedback.answered": gettext_lazy("Feedback answered"),
    "feedback.submitted": gettext_lazy("Feedback submitted"),
    "questionnaire.scheduled": gettext_lazy("Questionnaire scheduled"),
    "questionnaire.completed": gettext_lazy("Questionnaire completed"),
    "questionnaire.skipped": gettext_lazy("Questionnaire not sent: the previous one is open"),
    "reminder.inactivity": gettext_lazy("Inactivity reminder"),
    "step.completed": gettext_lazy("Step completed"),
    "diary.entry": gettext_lazy("Diary entry added"),
    "handover.started": gettext_lazy("Handover sent"),
    "handover.withdrawn": gettext_lazy("Handover withdrawn"),
    "handover.rejected": gettext_lazy("Handover rejected"),
    "handover.approved": gettext_lazy("Handover approved"),
}


@dataclass
class AnswerRow:
    block_key: str
    step_title: str
    kind: str
    title: str
    items: list[tuple[str, str]]
    submitted_at: Any
    updated_at: Any


@dataclass
class DiaryTable:
    key: str
    title: str
    columns: list[str]
    rows: list[tuple[Any, list[str]]]
    field_keys: list[str] = field(default_factory=list)
    chart_field: str = ""
    chart_label: str = ""
    entries: list = field(default_factory=list)
    chart_uri: str = ""
    chart_uri_small: str = ""


def newest(queryset: QuerySet, n: int = HANTERA_ROWS) -> tuple[list, bool]:
    """The first `n` rows of `queryset` (one query: `LIMIT n + 1`) and whether there are more."""
    rows = list(queryset[: n + 1])
    return rows[:n], len(rows) > n


# The querysets, newest first: Hantera takes the head, the sub-pages page through them.


def history_events(enrollment: Enrollment) -> QuerySet:
    return enrollment.history.select_related("actor").order_by("-at", "-pk")


def answers_of(enrollment: Enrollment) -> QuerySet:
    return enrollment.answers.order_by("-updated_at", "-pk")


def diary_entries(enrollment: Enrollment) -> QuerySet:
    return enrollment.diary_entries.order_by("-entry_date", "-created_at", "-pk")


def completed_responses(enrollment: Enrollment) -> QuerySet:
    """Completed questionnaires, newest first, without their answers (the table shows scores)."""
    return (
        enrollment.questionnaire_responses.filter(completed_at__isnull=False)
        .defer("answers")
        .order_by("-completed_at", "-pk")
    )


def _ranked(enrollment: Enrollment) -> QuerySet:
    """Completed, scored responses numbered from the first and from the latest per questionnaire."""
    per_questionnaire = {"partition_by": [F("questionnaire_key")]}
    return completed_responses(enrollment).annotate(
        from_first=Window(
            RowNumber(), order_by=[F("completed_at").asc(), F("pk").asc()], **per_questionnaire
        ),
        from_latest=Window(
            RowNumber(), order_by=[F("completed_at").desc(), F("pk").desc()], **per_questionnaire
        ),
    )


def first_and_latest(enrollment: Enrollment) -> list[QuestionnaireResponse]:
    """Each questionnaire's first and latest completed response (Hantera's change since start)."""
    return list(_ranked(enrollment).filter(Q(from_first=1) | Q(from_latest=1)))


def chart_responses(enrollment: Enrollment) -> list[QuestionnaireResponse]:
    """What a score chart draws: each questionnaire's first and newest `CHART_POINTS` results."""
    return list(_ranked(enrollment).filter(Q(from_first=1) | Q(from_latest__lte=CHART_POINTS)))


# The rows, in words.


def plain(html: str, words: int = 30) -> str:
    return Truncator(strip_tags(html or "")).words(words)


def display(value: Any, labels: dict[str, str]) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(display(v, labels) for v in value)
    if value is None or value == "":
        return "–"
    return labels.get(str(value), str(value))


def _index_text(score: dict) -> str:
    """An EQ-5D-5L result in words: "Index 0,873 · VAS 70 · Profile 11121" (or "")."""
    parts = []
    if score.get("index") is not None:
        parts.append(_("Index %(index)s") % {"index": number_format(score["index"], 3)})
    if score.get("vas") is not None:
        parts.append(_("VAS %(vas)s") % {"vas": number_format(score["vas"])})
    if score.get("profile"):
        parts.append(_("Profile %(profile)s") % {"profile": score["profile"]})
    return " · ".join(parts)


def response_row(response: QuestionnaireResponse, document: ReleaseDocument, language: str):
    """One questionnaire response with its title, score, severity and alerts in words."""
    score = response.score or {}
    band = (score.get("band") or {}).get("label") or {}
    return {
        "response": response,
        "title": document.questionnaire_title(response.questionnaire_key, language),
        "total": score.get("total"),
        "band": band.get(language, ""),
        "index": _index_text(score),
        "alerts": [(a.get("message") or {}).get(language, "") for a in score.get("alerts") or []],
    }


def answer_items(kind: str, block: Any, value: dict) -> list[tuple[str, str]]:
    """Label and shown value of each part of an answer (a checklist: each item, ticked or not)."""
    if kind == "checklist":
        ticked = value.get("checked") or []
        ticked = {str(k) for k in (ticked if isinstance(ticked, list) else [ticked])}
        known = [(i.key, i.label) for i in block.items]
        # An item ticked in an earlier version of the release keeps its key as its label.
        known += [(k, k) for k in sorted(ticked - {key for key, _label in known})]
        return [
            (label, _("✓ Checked off") if key in ticked else _("Not checked off"))
            for key, label in known
        ]
    labels: dict[str, str] = {}
    if kind == "worksheet":
        labels = {f.key: f.label for f in block.fields}
    labels.setdefault("text", _("Answer"))
    return [(labels.get(k, k), display(v, labels)) for k, v in value.items()]


def answer_rows(answers, blocks: dict[str, tuple[str, Any]]) -> list[AnswerRow]:
    rows = []
    for answer in answers:
        step_title, block = blocks.get(answer.block_key, ("", None))
        kind = getattr(block, "type", "")
        title = getattr(block, "title", "") or plain(getattr(block, "prompt", ""), 12)
        value = answer.value if isinstance(answer.value, dict) else {"text": answer.value}
        rows.append(
            AnswerRow(
                block_key=answer.block_key,
                step_title=step_title,
                kind=kind,
                title=title or answer.block_key,
                items=answer_items(kind, block, value),
                submitted_at=answer.submitted_at,
                updated_at=answer.updated_at,
            )
        )
    return rows


def _diary_table(key: str, block: Any) -> DiaryTable:
    fields = list(getattr(block, "fields", ()))
    chart_field = getattr(block, "chart_field", "")
    return DiaryTable(
        key=key,
        title=getattr(block, "title", key),
        columns=[f.label for f in fields] or [_("Values")],
        rows=[],
        field_keys=[f.key for f in fields],
        chart_field=chart_field,
        chart_label=next((f.label for f in fields if f.key == chart_field), ""),
    )


def diary_tables(
    entries, blocks: dict[str, tuple[str, Any]], *, charts: bool = False
) -> list[DiaryTable]:
    """The `entries` (newest first) as one table per diary, each with its chart if `charts`."""
    diaries: dict[str, DiaryTable] = {}
    for entry in entries:
        table = diaries.get(entry.diary_key)
        if table is None:
            _step_title, block = blocks.get(entry.diary_key, ("", None))
            table = diaries[entry.diary_key] = _diary_table(entry.diary_key, block)
        values = entry.values if isinstance(entry.values, dict) else {}
        if table.field_keys:
            cells = [display(values.get(k), {}) for k in table.field_keys]
        else:
            cells = [", ".join(f"{k}: {v}" for k, v in values.items())]
        table.rows.append((entry.entry_date, cells))
        table.entries.append(entry)
    for table in diaries.values():
        if charts and table.chart_field:
            line = diary_series(table.entries, table.chart_field, table.chart_label)
            if len(line.points) > 1:
                table.chart_uri = svg_data_uri(render_line_chart([line], table.title))
                table.chart_uri_small = svg_data_uri(
                    render_line_chart([line], table.title, width=420, height=340)
                )
    return list(diaries.values())


def history_rows(events, document: ReleaseDocument, language: str) -> list[dict]:
    return [
        {
            "event": event,
            "label": str(HISTORY_LABELS.get(event.action, event.action)),
            "detail": _history_detail(event.detail or {}, document, language),
        }
        for event in events
    ]


def _history_detail(detail: dict, document: ReleaseDocument, language: str) -> str:
    parts = []
    if "module" in detail:
        parts.append(document.module_title(detail["module"]))
    if "questionnaire" in detail:
        parts.append(document.questionnaire_title(detail["questionnaire"], language))
    if "new" in detail:
        phases = dict(Phase.choices)
        parts.append(f"{phases.get(detail.get('old'), '')} → {phases.get(detail['new'], '')}")
    if detail.get("unit_name"):  # handovers: the other unit, named when it happened
        parts.append(str(detail["unit_name"]))
    if "kind" in detail:
        parts.append(str(dict(Flag.Kind.choices).get(detail["kind"], detail["kind"])))
    if detail.get("reason"):
        parts.append(str(detail["reason"]))
    return " · ".join(p for p in parts if p)

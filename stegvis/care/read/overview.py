"""What Hantera shows about one enrollment, read in a fixed number of queries.

The caller fetched the enrollment through `access.get_enrollment_for_staff` (which logged the
read); everything here is labelled from the enrollment's pinned release document. Module
states and upcoming work come from the same read model as the citizen's pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.care.charts import (
    Series,
    diary_series,
    render_line_chart,
    score_series,
)
from stegvis.care.models import Enrollment, Flag, ModuleState, Phase
from stegvis.care.read.changes import ScoreChange, score_changes
from stegvis.care.read.modules import module_states
from stegvis.care.read.upcoming import upcoming_work
from stegvis.care.services.program import document_of
from stegvis.catalog.document import ReleaseDocument, reader_language
from stegvis.catalog.opening import staff_label
from stegvis.charts import svg_data_uri

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


def _plain(html: str, words: int = 30) -> str:
    return Truncator(strip_tags(html or "")).words(words)


def _display(value: Any, labels: dict[str, str]) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(_display(v, labels) for v in value)
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


def _answer_items(kind: str, block: Any, value: dict) -> list[tuple[str, str]]:
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
    return [(labels.get(k, k), _display(v, labels)) for k, v in value.items()]


@dataclass
class ModuleRow:
    key: str
    title: str
    opening: str
    visibility: str
    visibility_label: str
    opened_at: Any
    completed_at: Any
    steps_total: int
    steps_done: int


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


@dataclass
class Overview:
    enrollment: Enrollment
    modules: list[ModuleRow]
    completed: list[dict]
    pending: list[dict]
    series: list[Series]
    score_charts: list[dict]
    answers: list[AnswerRow]
    diaries: list[DiaryTable]
    feedback: list
    open_flags: list[Flag]
    handled_flags: list[Flag]
    history: list[dict]
    module_titles: dict[str, str] = field(default_factory=dict)
    upcoming: list[dict] = field(default_factory=list)
    changes: list[ScoreChange] = field(default_factory=list)


def build(enrollment: Enrollment) -> Overview:
    """Read everything Hantera shows (a fixed number of queries, whatever the amount of data)."""
    document = document_of(enrollment.release)
    language = reader_language()
    blocks = document.blocks_by_key()
    responses = list(enrollment.questionnaire_responses.order_by("completed_at", "due_at", "pk"))
    completed, pending = _responses(document, responses, language)
    series = score_series(enrollment, responses)
    answers = _answers(enrollment, blocks)
    open_flags, handled_flags = _flags(enrollment, responses, language)
    return Overview(
        enrollment=enrollment,
        upcoming=_upcoming(enrollment, document),
        modules=_modules(enrollment, document),
        completed=completed,
        pending=pending,
        series=series,
        score_charts=_score_charts(series),
        changes=score_changes(document, series),
        answers=answers,
        diaries=_diaries(enrollment, blocks),
        feedback=_feedback(enrollment, blocks, answers),
        open_flags=open_flags,
        handled_flags=handled_flags,
        history=_history(enrollment, document, language),
        module_titles={m.key: m.title for m in document.modules},
    )


def _modules(enrollment: Enrollment, document: ReleaseDocument) -> list[ModuleRow]:
    visibility_labels = dict(ModuleState.Visibility.choices)
    return [
        ModuleRow(
            key=view.module.key,
            title=view.module.title,
            opening=staff_label(
                view.module.opening.rule, view.module.opening.days, view.module.opening.date
            ),
            visibility=view.visibility,
            visibility_label=str(visibility_labels[view.visibility]),
            opened_at=view.opened_at,
            completed_at=view.completed_at,
            steps_total=view.steps_total,
            steps_done=view.steps_done,
        )
        for view in module_states(enrollment).modules(document)
    ]


def _responses(
    document: ReleaseDocument, responses: list, language: str
) -> tuple[list[dict], list[dict]]:
    """The completed responses (latest first) and the pending ones, with score and alerts."""
    completed, pending = [], []
    for response in responses:
        score = response.score or {}
        band = (score.get("band") or {}).get("label") or {}
        row = {
            "response": response,
            "title": document.questionnaire_title(response.questionnaire_key, language),
            "total": score.get("total"),
            "band": band.get(language, ""),
            "index": _index_text(score),
            "alerts": [
                (a.get("message") or {}).get(language, "") for a in score.get("alerts") or []
            ],
        }
        (completed if response.completed_at else pending).append(row)
    completed.reverse()
    return completed, pending


def _score_charts(series: list[Series]) -> list[dict]:
    """One chart per instrument, each on its own full range with its severity bands."""
    return [
        {
            "title": item.title,
            "uri": svg_data_uri(render_line_chart([item], item.title)),
            "uri_small": svg_data_uri(render_line_chart([item], item.title, width=420, height=340)),
        }
        for item in series
        if item.points
    ]


def _answers(enrollment: Enrollment, blocks: dict[str, tuple[str, Any]]) -> list[AnswerRow]:
    answers = []
    for answer in enrollment.answers.order_by("block_key"):
        step_title, block = blocks.get(answer.block_key, ("", None))
        kind = getattr(block, "type", "")
        title = getattr(block, "title", "") or _plain(getattr(block, "prompt", ""), 12)
        value = answer.value if isinstance(answer.value, dict) else {"text": answer.value}
        answers.append(
            AnswerRow(
                block_key=answer.block_key,
                step_title=step_title,
                kind=kind,
                title=title or answer.block_key,
                items=_answer_items(kind, block, value),
                submitted_at=answer.submitted_at,
                updated_at=answer.updated_at,
            )
        )
    return answers


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


def _diaries(enrollment: Enrollment, blocks: dict[str, tuple[str, Any]]) -> list[DiaryTable]:
    diaries: dict[str, DiaryTable] = {}
    for entry in enrollment.diary_entries.order_by("-entry_date", "-created_at"):
        table = diaries.get(entry.diary_key)
        if table is None:
            _step_title, block = blocks.get(entry.diary_key, ("", None))
            table = diaries[entry.diary_key] = _diary_table(entry.diary_key, block)
        values = entry.values if isinstance(entry.values, dict) else {}
        if table.field_keys:
            cells = [_display(values.get(k), {}) for k in table.field_keys]
        else:
            cells = [", ".join(f"{k}: {v}" for k, v in values.items())]
        table.rows.append((entry.entry_date, cells))
        table.entries.append(entry)
    for table in diaries.values():
        if table.chart_field:
            line = diary_series(table.entries, table.chart_field, table.chart_label)
            if len(line.points) > 1:
                table.chart_uri = svg_data_uri(render_line_chart([line], table.title))
                table.chart_uri_small = svg_data_uri(
                    render_line_chart([line], table.title, width=420, height=340)
                )
    return list(diaries.values())


def _feedback(
    enrollment: Enrollment, blocks: dict[str, tuple[str, Any]], answers: list[AnswerRow]
) -> list:
    feedback = list(enrollment.feedback.select_related("responded_by").order_by("-submitted_at"))
    for item in feedback:
        _step_title, block = blocks.get(item.block_key, ("", None))
        item.prompt = _plain(getattr(block, "prompt", ""), 40)
        answer = next((a for a in answers if a.block_key == item.block_key), None)
        item.answer_items = answer.items if answer else []
    return feedback


def _flags(enrollment: Enrollment, responses: list, language: str) -> tuple[list, list]:
    """The open flags (red first) and the handled ones, each with its reason in words."""
    flags = list(enrollment.flags.select_related("acknowledged_by").order_by("-raised_at"))
    level_order = {Flag.Level.RED: 0, Flag.Level.YELLOW: 1, Flag.Level.GREEN: 2}
    open_flags = sorted(
        (f for f in flags if f.acknowledged_at is None), key=lambda f: level_order[f.level]
    )
    handled_flags = [f for f in flags if f.acknowledged_at is not None]
    for flag in flags:
        flag.reason_text = _flag_reason(flag, responses, language)
    return open_flags, handled_flags


def _history(enrollment: Enrollment, document: ReleaseDocument, language: str) -> list[dict]:
    return [
        {
            "event": event,
            "label": str(HISTORY_LABELS.get(event.action, event.action)),
            "detail": _history_detail(event.detail or {}, document, language),
        }
        for event in enrollment.history.select_related("actor").order_by("-at", "-pk")
    ]


def _upcoming(enrollment: Enrollment, document: ReleaseDocument) -> list[dict]:
    """The next scheduled work of the release's rules (module openings, questionnaires)."""
    rows = []
    for work in upcoming_work(enrollment, document, limit=10):
        if work.opens_module:
            title = document.module_title(work.module_key)
            what = _("Module %(title)s opens") % {"title": title}
        else:
            title = document.questionnaire_title(work.questionnaire_key or "")
            what = _("Questionnaire %(title)s is due") % {"title": title}
        rows.append({"due_at": work.due_at, "what": what})
    return rows


def _flag_reason(flag: Flag, responses, language: str) -> str:
    if flag.kind == Flag.Kind.ALERT:
        # The alert's own message, in the reader's language, from the scored response.
        parts = flag.dedupe_key.split(":")
        if len(parts) == 3 and parts[1].isdigit():
            for response in responses:
                if response.pk == int(parts[1]):
                    for alert in (response.score or {}).get("alerts") or []:
                        if str(alert.get("item")) == parts[2]:
                            return (alert.get("message") or {}).get(language, flag.reason)
    return flag.reason


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

"""What Hantera shows about one enrollment, read in a fixed number of queries of bounded size.

The caller fetched the enrollment through `access.get_enrollment_for_staff` (which logged the
read); everything here is labelled from the enrollment's pinned release document. Module
states and upcoming work come from the same read model as the citizen's pages.

Hantera keeps what a practitioner acts on (open flags, feedback, modules, what comes next, the
change since the start) and only the newest few rows of the records that grow with the
treatment (history, answers, diary, completed questionnaires, acknowledged flags): each is one
`LIMIT` query, and the rest is on Hantera's sub-pages (`read.records`). The score and diary
charts are drawn on those sub-pages, not here: they were two thirds of Hantera's HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from stegvis.care.charts import score_series
from stegvis.care.models import Enrollment, Flag, ModuleState
from stegvis.care.read import records
from stegvis.care.read.changes import ScoreChange, score_changes
from stegvis.care.read.modules import module_states
from stegvis.care.read.records import AnswerRow, DiaryTable
from stegvis.care.read.upcoming import upcoming_work
from stegvis.care.services.program import document_of
from stegvis.catalog.document import ReleaseDocument, reader_language
from stegvis.catalog.opening import staff_label


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
class Overview:
    enrollment: Enrollment
    modules: list[ModuleRow]
    completed: list[dict]
    pending: list[dict]
    answers: list[AnswerRow]
    diaries: list[DiaryTable]
    feedback: list
    open_flags: list[Flag]
    handled_flags: list[Flag]
    history: list[dict]
    module_titles: dict[str, str] = field(default_factory=dict)
    upcoming: list[dict] = field(default_factory=list)
    changes: list[ScoreChange] = field(default_factory=list)
    # Whether a record has more rows than Hantera shows (its sub-page has them all).
    more: dict[str, bool] = field(default_factory=dict)


def build(enrollment: Enrollment) -> Overview:
    """Read what Hantera shows (a fixed number of queries, each of at most a few rows)."""
    document = document_of(enrollment.release)
    language = reader_language()
    blocks = document.blocks_by_key()
    completed, more_completed = records.newest(records.completed_responses(enrollment))
    answers, more_answers = records.newest(records.answers_of(enrollment))
    entries, more_diary = records.newest(records.diary_entries(enrollment))
    events, more_history = records.newest(records.history_events(enrollment))
    open_flags, handled_flags, more_flags = _flags(enrollment, language)
    series = score_series(enrollment, records.first_and_latest(enrollment))
    return Overview(
        enrollment=enrollment,
        upcoming=_upcoming(enrollment, document),
        modules=_modules(enrollment, document),
        completed=[records.response_row(r, document, language) for r in completed],
        pending=_pending(enrollment, document, language),
        changes=score_changes(document, series),
        answers=records.answer_rows(answers, blocks),
        diaries=records.diary_tables(entries, blocks),
        feedback=_feedback(enrollment, blocks),
        open_flags=open_flags,
        handled_flags=handled_flags,
        history=records.history_rows(events, document, language),
        module_titles={m.key: m.title for m in document.modules},
        more={
            "completed": more_completed,
            "answers": more_answers,
            "diary": more_diary,
            "history": more_history,
            "handled_flags": more_flags,
        },
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


def _pending(enrollment: Enrollment, document: ReleaseDocument, language: str) -> list[dict]:
    """The questionnaires waiting to be filled in (at most one open per questionnaire)."""
    pending = (
        enrollment.questionnaire_responses.filter(completed_at__isnull=True)
        .defer("answers")
        .order_by("due_at", "pk")
    )
    return [records.response_row(r, document, language) for r in pending]


def _feedback(enrollment: Enrollment, blocks: dict[str, tuple[str, Any]]) -> list:
    """The feedback moments (one per feedback block of the release) with the citizen's answers."""
    feedback = list(enrollment.feedback.select_related("responded_by").order_by("-submitted_at"))
    keys = {item.block_key for item in feedback}
    answers = {
        row.block_key: row
        for row in records.answer_rows(enrollment.answers.filter(block_key__in=keys), blocks)
    }
    for item in feedback:
        _step_title, block = blocks.get(item.block_key, ("", None))
        item.prompt = records.plain(getattr(block, "prompt", ""), 40)
        answer = answers.get(item.block_key)
        item.answer_items = answer.items if answer else []
    return feedback


def _flags(enrollment: Enrollment, language: str) -> tuple[list, list, bool]:
    """The open flags (red first, each with its reason in words) and the newest handled ones.

    Open flags are the practitioner's work and are all shown; acknowledged ones are history
    (the newest few here, every acknowledgement in the history).
    """
    level_order = {Flag.Level.RED: 0, Flag.Level.YELLOW: 1, Flag.Level.GREEN: 2}
    open_flags = sorted(
        enrollment.flags.filter(acknowledged_at__isnull=True).order_by("-raised_at", "-pk"),
        key=lambda f: level_order[f.level],
    )
    handled_flags, more = records.newest(
        enrollment.flags.filter(acknowledged_at__isnull=False)
        .select_related("acknowledged_by")
        .order_by("-acknowledged_at", "-pk")
    )
    _word_reasons(enrollment, open_flags, language)
    return open_flags, handled_flags, more


def _word_reasons(enrollment: Enrollment, flags: list[Flag], language: str) -> None:
    """Give each flag its reason: an item alert's own message, in the reader's language.

    The alert's message is in the score of the response named by the flag's dedupe key
    ("alert:<response>:<item>"); those responses are read in one query (none without alerts).
    """
    causes = {}
    for flag in flags:
        parts = flag.dedupe_key.split(":")
        if flag.kind == Flag.Kind.ALERT and len(parts) == 3 and parts[1].isdigit():
            causes[flag.pk] = (int(parts[1]), parts[2])
    scores = dict(
        enrollment.questionnaire_responses.filter(
            pk__in={pk for pk, _item in causes.values()}
        ).values_list("pk", "score")
        if causes
        else ()
    )
    for flag in flags:
        flag.reason_text = flag.reason
        response_pk, item = causes.get(flag.pk, (None, None))
        for alert in (scores.get(response_pk) or {}).get("alerts") or []:
            if str(alert.get("item")) == item:
                flag.reason_text = (alert.get("message") or {}).get(language, flag.reason)


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

"""Check answers against a definition, with a message per item in Swedish and English.

Answers are a dict of linkId to value: an option code (str) for a single choice, a list of
codes for a multiple choice, a number for integer, decimal and slider items, a string for
text, and "YYYY-MM-DD" for a date. ``None``, "" and [] mean "not answered".
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from . import messages as m
from .compiled import CHOICE, DATE, DATE_RE, DECIMAL, INTEGER, MULTI, TEXT, compiled, enabled
from .messages import Text
from .schema import Definition

_MISSING = object()


@dataclass(frozen=True, slots=True)
class AnswerCheck:
    """The outcome of checking answers: errors per linkId and required items not answered."""

    errors: dict[str, Text]
    unanswered: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def complete(self) -> bool:
        return not self.errors and not self.unanswered


class AnswerError(ValueError):
    """Answers that cannot be accepted; ``errors`` maps each linkId to its message."""

    def __init__(self, errors: dict[str, Text]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v['en']}" for k, v in errors.items()))


def check_answers(definition: Definition, answers: Any, *, complete: bool = False) -> AnswerCheck:
    """Check ``answers``; with ``complete=True`` an unanswered required item is an error.

    A partial response (``complete=False``) may leave anything unanswered, but what is
    answered must be valid. Answers to items hidden by their conditions are errors.
    """
    errors, unanswered = _check(definition, answers)
    if complete:
        for link in unanswered:
            errors.setdefault(link, m.REQUIRED)
    return AnswerCheck(errors, tuple(unanswered))


def _check(
    definition: Definition, answers: Any, scores: tuple[dict, dict] | None = None
) -> tuple[dict[str, Text], list[str]]:
    """Return (errors, unanswered required items); fill ``scores`` (raw, final) if given.

    Checking and collecting item scores happen in one pass because this is the hot path of
    both saving and scoring.
    """
    if type(answers) is not dict:
        return {"*": m.ANSWERS_NOT_OBJECT}, []
    cd = compiled(definition)
    errors: dict[str, Text] = {}
    unanswered: list[str] = []
    by_link = cd.by_link
    for link in answers:
        if link not in by_link:
            errors[str(link)] = m.NO_ANSWER_ITEM if link in cd.not_answerable else m.UNKNOWN_ITEM
    raws, finals = scores if scores is not None else (None, None)
    get = answers.get
    for it in cd.items:
        value = get(it.link, _MISSING)
        if it.gates is None and it.kind == CHOICE and type(value) is str:
            # The common case first: a shown single choice answered with a known code.
            pair = it.codes.get(value)
            if pair is not None:
                if raws is not None:
                    raws[it.link], finals[it.link] = pair
                continue
        blank = value is _MISSING or value is None or value == "" or value == []
        if it.gates is not None and not enabled(it.gates, answers):
            if not blank:
                errors[it.link] = m.NOT_SHOWN
            continue
        if blank:
            if it.required:
                unanswered.append(it.link)
            continue
        _check_value(it, value, errors, raws, finals)
    return errors, unanswered


def _check_value(it, value: Any, errors: dict, raws: dict | None, finals: dict | None) -> None:
    """Check one shown, answered item's value by its kind; note its scores when collecting."""
    kind = it.kind
    if kind == CHOICE:
        pair = it.codes.get(value) if type(value) is str else None
        if pair is None:
            errors[it.link] = it.bad
        elif raws is not None:
            raws[it.link], finals[it.link] = pair
    elif kind in (INTEGER, DECIMAL):
        _check_number(it, value, errors, raws, finals)
    elif kind == MULTI:
        if (
            type(value) is not list
            or len(set(value)) != len(value)
            or not all(type(v) is str and v in it.codes for v in value)
        ):
            errors[it.link] = it.bad
        elif raws is not None:
            pairs = [it.codes[v] for v in value]
            raws[it.link] = _sum_known(p[0] for p in pairs)
            finals[it.link] = _sum_known(p[1] for p in pairs)
    elif kind == TEXT:
        if type(value) is not str:
            errors[it.link] = it.bad
    elif kind == DATE and not _is_date(value):
        errors[it.link] = it.bad


def _check_number(it, value: Any, errors: dict, raws: dict | None, finals: dict | None) -> None:
    kind = it.kind
    kind_ok = type(value) is int or (
        type(value) is float and math.isfinite(value) and (kind == DECIMAL or value.is_integer())
    )
    if not kind_ok:
        errors[it.link] = it.bad
    elif (it.lo is not None and value < it.lo) or (it.hi is not None and value > it.hi):
        errors[it.link] = it.range_msg
    elif raws is not None:
        raws[it.link] = value
        if it.plain:
            finals[it.link] = value
        else:
            base = it.lookup[str(int(value))] if it.lookup is not None else value
            finals[it.link] = it.transform(base)


def _sum_known(values) -> Any:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _is_date(value: Any) -> bool:
    if type(value) is not str or not DATE_RE.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def answers_from_plain(definition: Definition, data: Any) -> dict[str, Any]:
    """Turn the plain command-line format into answers: a choice is given by its score.

    A choice value that is already an option code is kept; a number is matched to the one
    option with that score, or else to the option whose code is that number. Values that
    match nothing are passed on unchanged, so that ``check_answers`` reports them with its
    usual messages.
    """
    if type(data) is not dict:
        raise AnswerError({"*": m.ANSWERS_NOT_OBJECT})
    cd = compiled(definition)
    out: dict[str, Any] = {}
    for link, value in data.items():
        it = cd.by_link.get(link)
        if it is not None and it.kind in (CHOICE, MULTI):
            value = (
                [_code_for(it, v) for v in value] if type(value) is list else _code_for(it, value)
            )
        out[link] = value
    return out


def _code_for(it, value: Any) -> Any:
    if type(value) is str and value in it.codes:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        matches = [code for code, (raw, _) in it.codes.items() if raw == value]
        if len(matches) == 1:
            return matches[0]
        # An unscored option (PHQ-9 item 10) can still be named by its numeric code.
        if float(value).is_integer() and str(int(value)) in it.codes and not matches:
            return str(int(value))
    return value


def shown_items(definition: Definition, answers: dict[str, Any]) -> list[str]:
    """Return the linkIds of the answerable items shown with ``answers``, in document order."""
    return [
        it.link
        for it in compiled(definition).items
        if it.gates is None or enabled(it.gates, answers)
    ]


def drop_hidden_answers(definition: Definition, answers: dict[str, Any]) -> dict[str, Any]:
    """Return ``answers`` without the answers to items their conditions hide.

    A form posted without JavaScript still sends hidden fields. Dropping one answer can hide
    another item (conditions may point forwards or through groups), so this repeats until
    nothing changes; it ends because each round removes at least one answer.
    """
    kept = dict(answers)
    items = compiled(definition).items
    while True:
        hidden = [
            it.link
            for it in items
            if it.gates is not None and it.link in kept and not enabled(it.gates, kept)
        ]
        if not hidden:
            return kept
        for link in hidden:
            del kept[link]

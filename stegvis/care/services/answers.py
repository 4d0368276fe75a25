"""The citizen's answers to homework, worksheet, checklist and feedback blocks.

An answer is stored as typed (a draft) even when it has problems; they come back per field.
Submitting a feedback message sends it to the practitioner (see changes.py for the rest).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.care.models import Answer, Enrollment, Feedback, Flag
from stegvis.care.services.audit import record_enrollment_change
from stegvis.care.services.changes import (
    SaveResult,
    begin_change,
    require_open_module,
    touch,
)
from stegvis.care.services.flags import raise_flag
from stegvis.care.services.history import add_history
from stegvis.care.services.program import document_of
from stegvis.catalog.blocks import ANSWER_BLOCKS, WorksheetField
from stegvis.catalog.document import Step
from stegvis.db import atomic_write
from stegvis.organisation.models import User

TEXT_MAX = 20_000
SHORT_TEXT_MAX = 2_000


def _number(raw: str) -> int | float | None:
    text = raw.strip().replace(",", ".").replace("\u2212", "-")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _check_field(f: WorksheetField, raw: str) -> tuple[Any, str]:
    """Return (clean value, "") or (None, the problem) for one typed, non-empty value."""
    if f.kind == "number":
        number = _number(raw)
        if number is None or abs(number) > 10**12:
            return None, _("Enter a number, for example 7 or 7.5.")
        return number, ""
    if f.kind == "date":
        try:
            return dt.date.fromisoformat(raw.strip()).isoformat(), ""
        except ValueError:
            return None, _("Enter a date as YYYY-MM-DD, for example 2026-03-14.")
    if f.kind == "choice":
        if raw not in f.choices:
            return None, _("Choose one of the options.")
        return raw, ""
    limit = TEXT_MAX if f.kind == "long_text" else SHORT_TEXT_MAX
    if len(raw) > limit:
        return None, _("Write at most %(limit)d characters.") % {"limit": limit}
    return raw, ""


def check_fields(fields, values: dict, *, complete: bool) -> tuple[dict, dict[str, str]]:
    """Check worksheet or diary `values` per field; return (clean values, errors per key).

    Values are the strings as typed; clean values hold numbers as numbers. With `complete`,
    a required field left empty is an error.
    """
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in fields:
        raw = values.get(f.key, "")
        raw = raw if isinstance(raw, str) else ""
        if not raw.strip():
            if complete and f.required:
                errors[f.key] = _("Fill in this field.")
            continue
        value, problem = _check_field(f, raw)
        if problem:
            errors[f.key] = problem
        else:
            clean[f.key] = value
    return clean, errors


def _clean_answer(block, value: dict, *, submit: bool) -> tuple[dict, dict[str, str]]:
    """Return the value to store (as typed) and, when submitting, the problems per field."""
    errors: dict[str, str] = {}
    if block.type in ("homework", "feedback"):
        text = value.get("text", "")
        text = text if isinstance(text, str) else ""
        stored = {"text": text[: TEXT_MAX * 2]}
        if len(text) > TEXT_MAX:
            errors["text"] = _("Write at most %(limit)d characters.") % {"limit": TEXT_MAX}
        elif submit and block.type == "feedback" and not text.strip():
            errors["text"] = _("Write a message to your practitioner before you send it.")
        return stored, errors
    if block.type == "checklist":
        known = {item.key for item in block.items}
        checked = value.get("checked", [])
        checked = [c for c in checked if isinstance(c, str) and c in known]
        return {"checked": sorted(set(checked))}, errors
    if block.type == "worksheet":
        stored = {
            f.key: value[f.key][:TEXT_MAX]
            for f in block.fields
            if isinstance(value.get(f.key), str)
        }
        _clean, errors = check_fields(block.fields, stored, complete=submit)
        return stored, errors
    raise ValidationError(_("This part of the step takes no answer."), code="not_answerable")


@atomic_write
def save_answer(
    *, actor: User, enrollment: Enrollment, block_key: str, value: dict, submit: bool = False
) -> SaveResult:
    """Save the citizen's answer to a homework, worksheet, checklist or feedback block.

    The value is always stored as typed (a draft), even when it has problems: they are
    returned in `SaveResult.errors` and the answer stays unsubmitted. With `submit` and no
    problems it is marked submitted; a submitted feedback message goes to the practitioner
    (a Feedback row and a "feedback" flag) and can no longer be changed.
    """
    begin_change(actor, enrollment)
    found = document_of(enrollment.release).find_block(block_key)
    if found is None or found[2].type not in ANSWER_BLOCKS:
        raise ValidationError(_("This part of the step takes no answer."), code="unknown_block")
    module, step, block = found
    require_open_module(enrollment, module.key)
    answer = Answer.objects.filter(enrollment=enrollment, block_key=block_key).first()
    if block.type == "feedback" and answer is not None and answer.submitted_at is not None:
        return SaveResult(answer, completed=True)  # sent: the message is kept as it was sent
    stored, errors = _clean_answer(block, value if isinstance(value, dict) else {}, submit=submit)
    now = timezone.now()
    if answer is None:
        answer = Answer(enrollment=enrollment, block_key=block_key)
    changed = answer.value != stored
    answer.value = stored
    answer.updated_at = now
    submitting = submit and not errors
    if submitting:
        answer.submitted_at = now
    if changed or submitting or answer.pk is None:
        answer.save()
        touch(enrollment, now)
        action = "answer.submit" if submitting else "answer.save"
        record_enrollment_change(enrollment, actor=actor, action=action, target=answer)
    if submitting and block.type == "feedback":
        _send_feedback(actor, enrollment, step, block_key, now)
    return SaveResult(answer, errors, completed=submitting)


def _send_feedback(
    actor: User, enrollment: Enrollment, step: Step, block_key: str, now: dt.datetime
) -> None:
    """Give the practitioner the submitted message to answer (once)."""
    _feedback, created = Feedback.objects.get_or_create(
        enrollment=enrollment, block_key=block_key, defaults={"submitted_at": now}
    )
    if created:
        add_history(
            enrollment, actor=actor, action="feedback.submitted", block=block_key, step=step.key
        )
        raise_flag(
            enrollment,
            actor=None,
            kind=Flag.Kind.FEEDBACK,
            level=Flag.Level.YELLOW,
            dedupe_key=f"feedback:{block_key}",
            reason=step.title,
        )

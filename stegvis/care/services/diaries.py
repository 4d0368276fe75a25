"""The citizen's diary entries (see changes.py for what every change shares)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.care.models import DiaryEntry, Enrollment
from stegvis.care.services.answers import check_fields
from stegvis.care.services.audit import record_enrollment_change
from stegvis.care.services.changes import (
    SaveResult,
    begin_change,
    require_open_module,
    touch,
)
from stegvis.care.services.program import document_of
from stegvis.db import atomic_write
from stegvis.organisation.models import User


def _entry_day(entry_date: str, errors: dict[str, str]) -> dt.date | None:
    try:
        day = dt.date.fromisoformat((entry_date or "").strip())
    except ValueError:
        errors["entry_date"] = _("Enter a date as YYYY-MM-DD, for example 2026-03-14.")
        return None
    if day > timezone.localdate():
        errors["entry_date"] = _("The date cannot be in the future.")
    return day


@atomic_write
def add_diary_entry(
    *, actor: User, enrollment: Enrollment, diary_key: str, entry_date: str, values: dict
) -> SaveResult:
    """Add a diary entry; nothing is stored while a field has a problem (returned per field)."""
    begin_change(actor, enrollment)
    found = document_of(enrollment.release).find_block(diary_key)
    if found is None or found[2].type != "diary":
        raise ValidationError(_("There is no such diary."), code="unknown_block")
    module, _step, block = found
    require_open_module(enrollment, module.key)
    errors: dict[str, str] = {}
    day = _entry_day(entry_date, errors)
    clean, field_errors = check_fields(block.fields, values or {}, complete=True)
    errors.update(field_errors)
    if not errors and not clean:
        errors["__all__"] = _("Fill in at least one field.")
    if errors:
        return SaveResult(None, errors)
    now = timezone.now()
    entry = DiaryEntry.objects.create(
        enrollment=enrollment, diary_key=diary_key, entry_date=day, values=clean, created_at=now
    )
    touch(enrollment, now)
    record_enrollment_change(enrollment, actor=actor, action="diary.add", target=entry)
    return SaveResult(entry, completed=True)

"""What every change a citizen makes to their own enrollment shares.

Every service in steps.py, answers.py, questionnaires.py and diaries.py takes the acting
citizen as `actor=`, runs in one transaction, records the change in the access log and updates
`enrollment.last_activity_at`. A closed enrollment stays readable but refuses every change with
a clear message (`ValidationError` with code "closed").

Answers are never lost to bad input: saves store what was typed as a draft and *return* the
per-field problems (`SaveResult.errors`) instead of raising, so a failed submit keeps the draft.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from stegvis.care.models import Enrollment, ModuleState, Phase
from stegvis.organisation.models import User


@dataclass
class SaveResult:
    """What a save did: the stored object and the problems per field (empty when fine)."""

    obj: Any
    errors: dict[str, str] = field(default_factory=dict)
    completed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def closed_error() -> ValidationError:
    return ValidationError(
        _("This program is closed. You can read it, but no longer change anything."),
        code="closed",
    )


def begin_change(actor: User, enrollment: Enrollment) -> None:
    """Refuse anyone but the owning citizen and a closed enrollment; lock the enrollment row.

    The lock (a no-op on SQLite) keeps concurrent saves of one enrollment from interleaving.
    """
    if enrollment.citizen_id != actor.pk:
        raise PermissionDenied
    if enrollment.phase == Phase.CLOSED:
        raise closed_error()
    if not actor.has_perm("care.work_on_enrollment", enrollment):
        raise PermissionDenied
    phase = (
        Enrollment.objects.select_for_update()
        .filter(pk=enrollment.pk)
        .values_list("phase", flat=True)
        .get()
    )
    if phase == Phase.CLOSED:
        enrollment.phase = phase
        raise closed_error()


def touch(enrollment: Enrollment, now: dt.datetime) -> None:
    """Note the citizen's activity (the inactivity reminder counts from it)."""
    Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=now)
    enrollment.last_activity_at = now


def open_module_keys(enrollment: Enrollment) -> set[str]:
    return set(
        ModuleState.objects.filter(
            enrollment=enrollment, visibility=ModuleState.Visibility.OPEN
        ).values_list("module_key", flat=True)
    )


def require_open_module(enrollment: Enrollment, module_key: str) -> None:
    if module_key not in open_module_keys(enrollment):
        raise ValidationError(_("This step is not open to you yet."), code="step_locked")

"""The citizen reading and completing the steps of their program.

Completing a module's last step completes the module, and opens the next one when its opening
rule is "previous_done" (see changes.py for what every change shares).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.care.models import (
    Enrollment,
    Feedback,
    Flag,
    ModuleState,
    QuestionnaireResponse,
    StepProgress,
)
from stegvis.care.services.audit import record_enrollment_change
from stegvis.care.services.changes import begin_change, open_module_keys, touch
from stegvis.care.services.flags import raise_flag
from stegvis.care.services.history import add_history
from stegvis.care.services.modules import open_module
from stegvis.care.services.program import document_of
from stegvis.catalog.document import Module, ReleaseDocument, Section, Step
from stegvis.catalog.opening import OpeningRule
from stegvis.db import atomic_write
from stegvis.organisation.models import User


def _require_open_step(
    enrollment: Enrollment, step_key: str
) -> tuple[ReleaseDocument, tuple[Module, Section, Step]]:
    doc = document_of(enrollment.release)
    found = doc.find_step(step_key)
    if found is None or found[0].key not in open_module_keys(enrollment):
        raise ValidationError(_("This step is not open to you yet."), code="step_locked")
    return doc, found


@atomic_write
def mark_step_seen(*, actor: User, enrollment: Enrollment, step_key: str) -> StepProgress:
    """Note that the citizen opened the step (once; later visits change nothing)."""
    begin_change(actor, enrollment)
    _require_open_step(enrollment, step_key)
    progress, created = StepProgress.objects.get_or_create(enrollment=enrollment, step_key=step_key)
    if created:
        touch(enrollment, progress.first_seen_at)
        record_enrollment_change(enrollment, actor=actor, action="step.seen", target=progress)
    return progress


def step_blockers(enrollment: Enrollment, step: Step) -> list[str]:
    """Say what keeps `step` from being complete: questionnaires left, feedback waiting."""
    blockers = []
    q_keys = [f"block:{b.key}" for b in step.blocks if b.type == "questionnaire"]
    if q_keys:
        done = set(
            QuestionnaireResponse.objects.filter(
                enrollment=enrollment, occasion__in=q_keys, completed_at__isnull=False
            ).values_list("occasion", flat=True)
        )
        if set(q_keys) - done:
            blockers.append(_("Answer the questionnaire on this step before you go on."))
    f_keys = [b.key for b in step.blocks if b.type == "feedback"]
    if f_keys:
        feedback = {
            f.block_key: f
            for f in Feedback.objects.filter(enrollment=enrollment, block_key__in=f_keys)
        }
        for key in f_keys:
            item = feedback.get(key)
            if item is None:
                blockers.append(_("Send your message to your practitioner before you go on."))
            elif item.responded_at is None:
                blockers.append(
                    _("Your practitioner has not answered yet. You can go on when they have.")
                )
    return blockers


@atomic_write
def complete_step(*, actor: User, enrollment: Enrollment, step_key: str) -> StepProgress:
    """Mark the step complete; when its module's steps are all complete, complete the module.

    Refused (ValidationError listing why) while a questionnaire on the step is unanswered or
    its feedback waits for the practitioner. Completing again changes nothing.
    """
    begin_change(actor, enrollment)
    doc, (module, _section, step) = _require_open_step(enrollment, step_key)
    blockers = step_blockers(enrollment, step)
    if blockers:
        raise ValidationError([ValidationError(m, code="step_blocked") for m in blockers])
    now = timezone.now()
    progress, _created = StepProgress.objects.get_or_create(
        enrollment=enrollment, step_key=step_key
    )
    if progress.completed_at is not None:
        return progress
    progress.completed_at = now
    progress.save(update_fields=["completed_at"])
    touch(enrollment, now)
    record_enrollment_change(enrollment, actor=actor, action="step.complete", target=progress)
    module_steps = [s.key for sec in module.sections for s in sec.steps]
    done = StepProgress.objects.filter(
        enrollment=enrollment, step_key__in=module_steps, completed_at__isnull=False
    ).count()
    if done == len(module_steps):
        _complete_module(actor, enrollment, doc, module, now)
    return progress


def _complete_module(
    actor: User, enrollment: Enrollment, doc: ReleaseDocument, module: Module, now: dt.datetime
) -> None:
    state, _created = ModuleState.objects.get_or_create(
        enrollment=enrollment,
        module_key=module.key,
        defaults={"visibility": ModuleState.Visibility.OPEN, "opened_at": now},
    )
    if state.completed_at is not None:
        return
    state.completed_at = now
    state.save(update_fields=["completed_at"])
    add_history(enrollment, actor=actor, action="module.completed", module=module.key)
    raise_flag(
        enrollment,
        actor=None,
        kind=Flag.Kind.MODULE_DONE,
        level=Flag.Level.GREEN,
        dedupe_key=f"module_done:{module.key}",
        reason=module.title,
    )
    following = doc.following_module(module.key)
    if following is not None and following.opening.rule == OpeningRule.PREVIOUS_DONE:
        # A module the practitioner hid stays hidden (open_module keeps it so).
        open_module(enrollment, following.key, actor=actor, cause=OpeningRule.PREVIOUS_DONE.value)

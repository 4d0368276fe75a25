"""The citizen's actions on their own enrollments: start, read steps, answer, keep a diary.

Every function takes the acting citizen as `actor=`, runs in one transaction, records the change
in the access log and updates `enrollment.last_activity_at`. A closed enrollment stays readable
but refuses every change with a clear message (`ValidationError` with code "closed").

Answers are never lost to bad input: `save_answer` and `save_questionnaire` store what was typed
as a draft and *return* the per-field problems instead of raising, so a failed submit keeps the
draft. The release document is read through `document_of`, cached per immutable release.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.care.models import (
    Answer,
    DiaryEntry,
    Enrollment,
    Feedback,
    Flag,
    ModuleState,
    Phase,
    QuestionnaireResponse,
    StepProgress,
)
from stegvis.care.services import runtime
from stegvis.care.services.audit import record_enrollment_change
from stegvis.care.services.flags import raise_flag
from stegvis.care.services.history import add_history
from stegvis.care.services.modules import open_module
from stegvis.care.services.program import document_of
from stegvis.catalog.document import ReleaseDocument
from stegvis.catalog.models import ProgramRelease, UnitActivation
from stegvis.db import atomic_write
from stegvis.instruments.definition import load_definition
from stegvis.instruments.responses import check_answers, drop_hidden_answers
from stegvis.instruments.schema import Definition
from stegvis.instruments.scoring import score
from stegvis.language import localised as localised_text
from stegvis.organisation.models import CareUnit, User

TEXT_MAX = 20_000
SHORT_TEXT_MAX = 2_000
ANSWER_BLOCKS = ("homework", "worksheet", "checklist", "feedback")


# --- Reading the release -------------------------------------------------------------------


_DEFINITIONS: dict[tuple[int, str, str], Definition] = {}


def definition_of(release: ProgramRelease, questionnaire_key: str) -> Definition:
    """Return the instrument definition `questionnaire_key` frozen in `release`."""
    key = (release.pk, release.content_hash, questionnaire_key)
    definition = _DEFINITIONS.get(key)
    if definition is None:
        if len(_DEFINITIONS) > 256:
            _DEFINITIONS.clear()
        data = release.document["questionnaires"][questionnaire_key]
        definition = _DEFINITIONS[key] = load_definition(data)
    return definition


def find_step(doc: ReleaseDocument, step_key: str):
    """Return (module, section, step) for `step_key`, or None."""
    for module, section, step in doc.steps():
        if step.key == step_key:
            return module, section, step
    return None


def find_block(doc: ReleaseDocument, block_key: str):
    """Return (module, step, block) for the answer block `block_key`, or None."""
    for module, _section, step in doc.steps():
        for block in step.blocks:
            if getattr(block, "key", None) == block_key:
                return module, step, block
    return None


def localised(text: dict[str, str]) -> str:
    """Pick the current language from a {"sv", "en"} text, falling back to Swedish."""
    return localised_text(text, fallback=next(iter(text.values()), ""))


# --- Results returned to the views --------------------------------------------------------


@dataclass
class SaveResult:
    """What a save did: the stored object and the problems per field (empty when fine)."""

    obj: Any
    errors: dict[str, str] = field(default_factory=dict)
    completed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Guards --------------------------------------------------------------------------------


def _closed() -> ValidationError:
    return ValidationError(
        _("This program is closed. You can read it, but no longer change anything."),
        code="closed",
    )


def _begin(actor: User, enrollment: Enrollment) -> None:
    """Refuse anyone but the owning citizen and a closed enrollment; lock the enrollment row.

    The lock (a no-op on SQLite) keeps concurrent saves of one enrollment from interleaving.
    """
    if enrollment.citizen_id != actor.pk:
        raise PermissionDenied
    if enrollment.phase == Phase.CLOSED:
        raise _closed()
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
        raise _closed()


def _touch(enrollment: Enrollment, now: dt.datetime) -> None:
    Enrollment.objects.filter(pk=enrollment.pk).update(last_activity_at=now)
    enrollment.last_activity_at = now


def _record(actor: User, enrollment: Enrollment, action: str, target=None) -> None:
    record_enrollment_change(enrollment, actor=actor, action=action, target=target)


def _history(enrollment: Enrollment, actor: User | None, action: str, **detail) -> None:
    add_history(enrollment, actor=actor, action=action, **detail)


def _raise_flag(enrollment: Enrollment, **kwargs) -> None:
    raise_flag(enrollment, actor=None, **kwargs)


# --- Open programs -------------------------------------------------------------------------


def open_program_activations():
    """Active activations of open releases (document program.open), with release and unit."""
    return (
        UnitActivation.objects.filter(
            deactivated_at__isnull=True,
            release__withdrawal__isnull=True,
            release__document__program__open=True,
            unit__is_active=True,
        )
        .select_related("release", "unit")
        .order_by("release__name", "unit__name")
    )


@atomic_write
def start_open_program(*, actor: User, release: ProgramRelease, unit: CareUnit) -> Enrollment:
    """Start open program `release` at `unit` for the signed-in citizen.

    A self-help program starts at once in the treatment phase with no practitioner; a
    practitioner-led one waits in the unit's queue (phase "queued") for a citizen admin. Refused
    when the program is not open and active at the unit, or the citizen already runs it.
    """
    if not (actor.is_authenticated and actor.is_active and actor.is_citizen):
        raise PermissionDenied
    if not open_program_activations().filter(release=release, unit=unit).exists():
        raise ValidationError(
            _("This program cannot be started here. Choose one of the open programs."),
            code="not_open",
        )
    running = Enrollment.objects.filter(
        citizen=actor, release__program_key=release.program_key, unit=unit
    ).exclude(phase=Phase.CLOSED)
    if running.exists():
        raise ValidationError(_("You have already started this program."), code="running")
    doc = document_of(release)
    self_help = doc.program.mode == "self_help"
    now = timezone.now()
    enrollment = Enrollment.objects.create(
        citizen=actor,
        unit=unit,
        release=release,
        practitioner=None,
        phase=Phase.TREATMENT if self_help else Phase.QUEUED,
        start_date=timezone.localdate(),
        created_by=actor,
        phase_changed_at=now,
        last_activity_at=now,
        is_training=getattr(actor, "is_training", False),
    )
    _history(
        enrollment,
        actor,
        "enrollment.started",
        by="citizen",
        release=release.pk,
        phase=enrollment.phase,
    )
    _record(actor, enrollment, "enrollment.start_open", target=enrollment)
    runtime.initialise(enrollment, actor=actor)
    return enrollment


# --- Steps ---------------------------------------------------------------------------------


def open_module_keys(enrollment: Enrollment) -> set[str]:
    return set(
        ModuleState.objects.filter(
            enrollment=enrollment, visibility=ModuleState.Visibility.OPEN
        ).values_list("module_key", flat=True)
    )


def _require_open_step(enrollment: Enrollment, step_key: str):
    doc = document_of(enrollment.release)
    found = find_step(doc, step_key)
    if found is None or found[0].key not in open_module_keys(enrollment):
        raise ValidationError(_("This step is not open to you yet."), code="step_locked")
    return doc, found


@atomic_write
def mark_step_seen(*, actor: User, enrollment: Enrollment, step_key: str) -> StepProgress:
    """Note that the citizen opened the step (once; later visits change nothing)."""
    _begin(actor, enrollment)
    _require_open_step(enrollment, step_key)
    progress, created = StepProgress.objects.get_or_create(enrollment=enrollment, step_key=step_key)
    if created:
        _touch(enrollment, progress.first_seen_at)
        _record(actor, enrollment, "step.seen", target=progress)
    return progress


def step_blockers(enrollment: Enrollment, step) -> list[str]:
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
    _begin(actor, enrollment)
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
    _touch(enrollment, now)
    _record(actor, enrollment, "step.complete", target=progress)
    module_steps = [s.key for sec in module.sections for s in sec.steps]
    done = StepProgress.objects.filter(
        enrollment=enrollment, step_key__in=module_steps, completed_at__isnull=False
    ).count()
    if done == len(module_steps):
        _complete_module(actor, enrollment, doc, module, now)
    return progress


def _complete_module(actor, enrollment, doc, module, now) -> None:
    state, _created = ModuleState.objects.get_or_create(
        enrollment=enrollment,
        module_key=module.key,
        defaults={"visibility": ModuleState.Visibility.OPEN, "opened_at": now},
    )
    if state.completed_at is not None:
        return
    state.completed_at = now
    state.save(update_fields=["completed_at"])
    _history(enrollment, actor, "module.completed", module=module.key)
    _raise_flag(
        enrollment,
        kind=Flag.Kind.MODULE_DONE,
        level=Flag.Level.GREEN,
        dedupe_key=f"module_done:{module.key}",
        reason=module.title,
    )
    keys = [m.key for m in doc.modules]
    position = keys.index(module.key)
    if position + 1 < len(keys):
        following = doc.modules[position + 1]
        if following.opening.rule == "previous_done":
            _open_following(actor, enrollment, following.key, now)


def _open_following(actor, enrollment, module_key: str, now) -> None:
    """Open the next module (a module the practitioner hid stays hidden)."""
    open_module(enrollment, module_key, actor=actor, cause="previous_done")


# --- Answer blocks -------------------------------------------------------------------------


def _number(raw: str):
    text = raw.strip().replace(",", ".").replace("\u2212", "-")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return int(value) if value == value.to_integral_value() else float(value)


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
        if f.kind == "number":
            number = _number(raw)
            if number is None or abs(number) > 10**12:
                errors[f.key] = _("Enter a number, for example 7 or 7.5.")
            else:
                clean[f.key] = number
        elif f.kind == "date":
            try:
                clean[f.key] = dt.date.fromisoformat(raw.strip()).isoformat()
            except ValueError:
                errors[f.key] = _("Enter a date as YYYY-MM-DD, for example 2026-03-14.")
        elif f.kind == "choice":
            if raw not in f.choices:
                errors[f.key] = _("Choose one of the options.")
            else:
                clean[f.key] = raw
        else:
            limit = TEXT_MAX if f.kind == "long_text" else SHORT_TEXT_MAX
            if len(raw) > limit:
                errors[f.key] = _("Write at most %(limit)d characters.") % {"limit": limit}
            else:
                clean[f.key] = raw
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
    _begin(actor, enrollment)
    doc = document_of(enrollment.release)
    found = find_block(doc, block_key)
    if found is None or found[2].type not in ANSWER_BLOCKS:
        raise ValidationError(_("This part of the step takes no answer."), code="unknown_block")
    module, step, block = found
    if module.key not in open_module_keys(enrollment):
        raise ValidationError(_("This step is not open to you yet."), code="step_locked")
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
        _touch(enrollment, now)
        _record(actor, enrollment, "answer.submit" if submitting else "answer.save", target=answer)
    if submitting and block.type == "feedback":
        _feedback, created = Feedback.objects.get_or_create(
            enrollment=enrollment, block_key=block_key, defaults={"submitted_at": now}
        )
        if created:
            _history(enrollment, actor, "feedback.submitted", block=block_key, step=step.key)
            _raise_flag(
                enrollment,
                kind=Flag.Kind.FEEDBACK,
                level=Flag.Level.YELLOW,
                dedupe_key=f"feedback:{block_key}",
                reason=step.title,
            )
    return SaveResult(answer, errors, completed=submitting)


# --- Questionnaires ------------------------------------------------------------------------


def _errors_in_language(errors: dict[str, dict[str, str]]) -> dict[str, str]:
    return {link: localised(message) for link, message in errors.items()}


@atomic_write
def save_questionnaire(
    *,
    actor: User,
    enrollment: Enrollment,
    occasion: str,
    answers: dict,
    complete: bool = False,
) -> SaveResult:
    """Save answers to the questionnaire of `occasion` ("block:<key>" or a due response's).

    Partial answers are stored as typed; problems come back per item (in the current
    language). With `complete` and every required item validly answered, the response is
    scored with the instrument engine (score and definition version stored), flags are raised
    per the release's flag rules for each alert, and it can no longer be changed.
    """
    _begin(actor, enrollment)
    doc = document_of(enrollment.release)
    response = QuestionnaireResponse.objects.filter(
        enrollment=enrollment, occasion=occasion
    ).first()
    if occasion.startswith("block:"):
        found = find_block(doc, occasion.removeprefix("block:"))
        if found is None or found[2].type != "questionnaire":
            raise ValidationError(_("There is no such questionnaire."), code="unknown_block")
        if found[0].key not in open_module_keys(enrollment):
            raise ValidationError(_("This step is not open to you yet."), code="step_locked")
        key = found[2].questionnaire
    elif response is not None:
        key = response.questionnaire_key
    else:
        raise ValidationError(_("There is no such questionnaire."), code="unknown_occasion")
    if response is not None and response.completed_at is not None:
        return SaveResult(response, completed=True)
    definition = definition_of(enrollment.release, key)
    answers = drop_hidden_answers(definition, answers if isinstance(answers, dict) else {})
    check = check_answers(definition, answers, complete=complete)
    now = timezone.now()
    if response is None:
        response = QuestionnaireResponse(
            enrollment=enrollment,
            questionnaire_key=key,
            occasion=occasion,
            definition_version=definition.version,
            started_at=now,
        )
    response.answers = answers
    response.updated_at = now
    response.definition_version = definition.version
    finishing = complete and check.complete
    if finishing:
        result = score(definition, answers)
        response.score = result.to_dict()
        response.completed_at = now
    response.save()
    _touch(enrollment, now)
    _record(
        actor,
        enrollment,
        "questionnaire.complete" if finishing else "questionnaire.save",
        target=response,
    )
    if finishing:
        _history(
            enrollment,
            actor,
            "questionnaire.completed",
            questionnaire=key,
            response=response.pk,
            total=response.score.get("total"),
        )
        _flag_alerts(enrollment, doc, response)
    return SaveResult(response, _errors_in_language(check.errors), completed=finishing)


def _flag_alerts(enrollment: Enrollment, doc: ReleaseDocument, response) -> None:
    rules = [r for r in doc.flags if r.questionnaire == response.questionnaire_key]
    for alert in response.score.get("alerts", []):
        for rule in rules:
            if rule.alert_level != alert.get("level"):
                continue
            if rule.item is not None and rule.item != alert.get("item"):
                continue
            cause = alert.get("item") or alert.get("scale") or "total"
            message = alert.get("message") or {}
            _raise_flag(
                enrollment,
                kind=Flag.Kind.ALERT,
                level=rule.flag,
                dedupe_key=f"alert:{response.pk}:{cause}",
                reason=message.get("sv") or message.get("en") or "",
            )
            break


# --- Diaries -------------------------------------------------------------------------------


@atomic_write
def add_diary_entry(
    *, actor: User, enrollment: Enrollment, diary_key: str, entry_date: str, values: dict
) -> SaveResult:
    """Add a diary entry; nothing is stored while a field has a problem (returned per field)."""
    _begin(actor, enrollment)
    doc = document_of(enrollment.release)
    found = find_block(doc, diary_key)
    if found is None or found[2].type != "diary":
        raise ValidationError(_("There is no such diary."), code="unknown_block")
    module, _step, block = found
    if module.key not in open_module_keys(enrollment):
        raise ValidationError(_("This step is not open to you yet."), code="step_locked")
    errors: dict[str, str] = {}
    try:
        day = dt.date.fromisoformat((entry_date or "").strip())
    except ValueError:
        day = None
        errors["entry_date"] = _("Enter a date as YYYY-MM-DD, for example 2026-03-14.")
    if day is not None and day > timezone.localdate():
        errors["entry_date"] = _("The date cannot be in the future.")
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
    _touch(enrollment, now)
    _record(actor, enrollment, "diary.add", target=entry)
    return SaveResult(entry, completed=True)

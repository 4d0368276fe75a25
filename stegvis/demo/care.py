"""Demo enrollments at the psychiatry unit, so Mina, Alla and Hantera look alive.

Idempotent: an enrollment is made once per demo citizen and program; running the demo again
changes nothing. Skipped quietly when no program is active at the unit yet.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from stegvis.care.models import (
    Answer,
    DiaryEntry,
    Enrollment,
    Feedback,
    Flag,
    ModuleState,
    QuestionnaireResponse,
    StepProgress,
)
from stegvis.care.services.enrollment import change_phase, start_enrollment
from stegvis.care.services.flags import acknowledge_flag, raise_flag
from stegvis.care.services.history import add_history
from stegvis.care.services.modules import open_module
from stegvis.care.services.program import document_of
from stegvis.catalog.models import ProgramRelease
from stegvis.catalog.opening import OpeningRule
from stegvis.catalog.services import active_releases
from stegvis.demo import personas
from stegvis.instruments.scoring import score
from stegvis.organisation.models import CareUnit, User


@dataclass(frozen=True)
class Plan:
    citizen: str
    practitioner: str
    days_ago: int
    levels: tuple[str, ...]  # PHQ-9 item answers ("0".."3"), one completed response each
    item9_last: str = "0"  # "1" or more raises the prioritised (red) flag
    feedback_waiting: bool = False
    module_done: bool = False
    maintenance: bool = False


PLANS = (
    Plan("testinvanare", "testbehandlare", 10, ("2", "2"), feedback_waiting=True),
    Plan("invanare", "behandlare", 21, ("3", "2", "2"), item9_last="1", feedback_waiting=True),
    Plan("invanare2", "behandlare", 28, ("2", "1", "1", "0"), module_done=True, maintenance=True),
)


FEEDBACK_TEXT = "Jag har gjort övningarna men tycker att det är svårt att komma igång på morgonen."


def _email(key: str) -> str:
    return f"{key}@{personas.DOMAIN}"


def _release(unit: CareUnit) -> ProgramRelease | None:
    releases = active_releases(unit).order_by("-major", "-minor")
    return releases.filter(name__icontains="Depressionshjälpen").first() or releases.first()


@transaction.atomic
def load_demo_care() -> None:
    unit = CareUnit.objects.filter(hsa_id=personas.UNITS["psych"][1]).first()
    release = _release(unit) if unit else None
    if release is None:
        return
    users = {
        u.email: u
        for u in User.objects.filter(
            email__in=[_email(k) for p in PLANS for k in (p.citizen, p.practitioner)]
        )
    }
    for plan in PLANS:
        citizen = users.get(_email(plan.citizen))
        practitioner = users.get(_email(plan.practitioner))
        if citizen is None or practitioner is None:
            continue
        if Enrollment.objects.filter(
            citizen=citizen, unit=unit, release__program_key=release.program_key
        ).exists():
            continue
        _make(plan, unit, release, citizen, practitioner)


def _make(plan: Plan, unit, release, citizen, practitioner) -> None:
    today = timezone.localdate()
    enrollment = start_enrollment(
        actor=practitioner,
        unit=unit,
        release=release,
        citizen=citizen,
        practitioner=practitioner,
        start_date=today - dt.timedelta(days=plan.days_ago),
    )
    document = document_of(release)
    started = timezone.now() - dt.timedelta(days=plan.days_ago)
    # Overdue flags raised while catching up with the past are settled by the practitioner.
    for flag in Flag.objects.filter(enrollment=enrollment, acknowledged_at__isnull=True):
        acknowledge_flag(flag, actor=practitioner)
    if "phq9" in document.questionnaires:
        _questionnaires(plan, enrollment, document, started)
    blocks = [(m, s, b) for m, _section, s in document.steps() for b in s.blocks]
    first = document.modules[0]
    _first_module_steps_done(enrollment, blocks, first.key, started)
    _diary_week(enrollment, blocks)
    if plan.feedback_waiting:
        _feedback_waiting(enrollment, blocks, citizen)
    # Every step of the first module is done, so the module is done and the opening rule of
    # the next one applies, as if the citizen had finished the steps in the portal.
    _finish_first_module(enrollment, document, practitioner)
    if plan.module_done:
        raise_flag(
            enrollment,
            actor=None,
            kind=Flag.Kind.MODULE_DONE,
            level=Flag.Level.GREEN,
            dedupe_key=f"module_done:{first.key}",
            reason=first.title,
        )
    if plan.maintenance:
        change_phase(
            actor=practitioner,
            enrollment=enrollment,
            phase="maintenance",
            reason="Skattningarna visar tydlig förbättring; vi går över till vidmakthållande.",
        )
    Enrollment.objects.filter(pk=enrollment.pk).update(
        last_activity_at=timezone.now() - dt.timedelta(hours=5)
    )


def _first_module_steps_done(
    enrollment: Enrollment, blocks: list, module_key: str, started
) -> None:
    """Every step of the first module seen and done the day after the start, worksheets filled."""
    for module, step, block in blocks:
        if module.key != module_key:
            continue
        StepProgress.objects.get_or_create(
            enrollment=enrollment,
            step_key=step.key,
            defaults={"first_seen_at": started, "completed_at": started + dt.timedelta(days=1)},
        )
        if block.type == "worksheet":
            Answer.objects.get_or_create(
                enrollment=enrollment,
                block_key=block.key,
                defaults={
                    "value": {f.key: _value(f) for f in block.fields},
                    "submitted_at": started + dt.timedelta(days=1),
                },
            )


def _diary_week(enrollment: Enrollment, blocks: list) -> None:
    """Six days of entries in the program's first diary, if it has one."""
    diary = next((b for _m, _s, b in blocks if b.type == "diary"), None)
    if diary is None:
        return
    for n in range(6):
        DiaryEntry.objects.create(
            enrollment=enrollment,
            diary_key=diary.key,
            entry_date=timezone.localdate() - dt.timedelta(days=6 - n),
            values={f.key: _value(f, n) for f in diary.fields},
        )


def _feedback_waiting(enrollment: Enrollment, blocks: list, citizen: User) -> None:
    """An answer to the first feedback block, waiting for the practitioner, with its flag."""
    feedback = next((b for _m, _s, b in blocks if b.type == "feedback"), None)
    if feedback is None:
        return
    Answer.objects.get_or_create(
        enrollment=enrollment,
        block_key=feedback.key,
        defaults={
            "value": {"text": FEEDBACK_TEXT},
            "submitted_at": timezone.now() - dt.timedelta(hours=5),
        },
    )
    Feedback.objects.get_or_create(
        enrollment=enrollment,
        block_key=feedback.key,
        defaults={"submitted_at": timezone.now() - dt.timedelta(hours=5)},
    )
    raise_flag(
        enrollment,
        actor=citizen,
        kind=Flag.Kind.FEEDBACK,
        level=Flag.Level.YELLOW,
        dedupe_key=f"feedback:{feedback.key}",
    )


def _finish_first_module(enrollment: Enrollment, document, practitioner: User) -> None:
    """Mark the first module done and open the second by its rule (or by the practitioner)."""
    first = document.modules[0]
    ModuleState.objects.update_or_create(
        enrollment=enrollment,
        module_key=first.key,
        defaults={"completed_at": timezone.now() - dt.timedelta(days=3)},
    )
    if len(document.modules) < 2:
        return
    following = document.modules[1]
    # actor=None: the release's rule opens it (previous_done), as when the citizen finishes.
    actor = None if following.opening.rule == OpeningRule.PREVIOUS_DONE else practitioner
    open_module(enrollment, following.key, actor=actor, cause=OpeningRule.PREVIOUS_DONE.value)


def _value(field, n: int = 0):
    if field.kind == "number":
        return 3 + (n * 7) % 6
    if field.kind == "choice":
        return field.choices[0]
    if field.kind == "date":
        return timezone.localdate().isoformat()
    return ["Promenad", "Ringde en vän", "Lagade middag", "Läste", "Städade", "Tränade"][n % 6]


def _questionnaires(plan: Plan, enrollment, document, started) -> None:
    definition = document.questionnaire_definition("phq9")
    levels = plan.levels
    for n, level in enumerate(levels):
        answers = {str(i): level for i in range(1, 9)}
        answers["9"] = plan.item9_last if n == len(levels) - 1 else "0"
        answers["10"] = "1"
        result = score(definition, answers)
        when = started + dt.timedelta(days=n * 7, hours=10)
        if when > timezone.now():
            when = timezone.now() - dt.timedelta(hours=6)
        response, created = QuestionnaireResponse.objects.get_or_create(
            enrollment=enrollment,
            occasion=f"demo:phq9:{n}",
            defaults={
                "questionnaire_key": "phq9",
                "definition_version": result.version,
                "answers": answers,
                "score": result.to_dict(),
                "started_at": when,
                "updated_at": when,
                "completed_at": when,
            },
        )
        if not created:
            continue
        add_history(
            enrollment,
            actor=enrollment.citizen,
            action="questionnaire.completed",
            questionnaire="phq9",
        )
        _raise_alert_flags(enrollment, document, result, response)
    # Scheduled questionnaires the demo citizen "answered" in time: complete them too.
    _complete_scheduled(enrollment, definition, levels)


def _raise_alert_flags(enrollment: Enrollment, document, result, response) -> None:
    """A flag for each alert of the response that the release turns into one."""
    for alert in result.alerts:
        rule = next(
            (
                r
                for r in document.flags
                if r.questionnaire == "phq9" and r.alert_level == alert["level"]
            ),
            None,
        )
        if rule is None:
            continue
        raise_flag(
            enrollment,
            actor=None,
            kind=Flag.Kind.ALERT,
            level=rule.flag,
            dedupe_key=f"alert:{response.pk}:{alert['item']}",
            reason=alert["message"]["sv"],
        )


def _complete_scheduled(enrollment: Enrollment, definition, levels: tuple[str, ...]) -> None:
    for response in QuestionnaireResponse.objects.filter(
        enrollment=enrollment, completed_at__isnull=True, questionnaire_key="phq9"
    ):
        answers = {str(i): levels[-1] for i in range(1, 9)} | {"9": "0", "10": "1"}
        result = score(definition, answers)
        response.answers = answers
        response.score = result.to_dict()
        due = response.due_at or timezone.now()
        response.completed_at = min(due + dt.timedelta(hours=3), timezone.now())
        response.save(update_fields=["answers", "score", "completed_at"])

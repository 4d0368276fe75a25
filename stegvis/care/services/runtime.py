"""The release's rules at run time: due work as Activity rows found from timestamps.

Starting an enrollment, opening a module and changing phase *schedule* Activities (each with a
key unique per enrollment); `process_due_work` runs every Activity whose `due_at` has passed and
marks it done. Because due work lives in the database, a stopped worker catches up when it
starts again, and because every step is keyed (Activity.key, QuestionnaireResponse.occasion,
Flag.dedupe_key) running anything twice changes nothing.

Kinds of Activity (`stegvis.care.activities` holds each kind's typed payload):

- ``open_module`` (key ``open:<module>``): the module's opening rule is at_start,
  days_after_start or date.
- ``questionnaire`` (key ``schedule:<i>:<n>``): the release's schedule number i creates a
  QuestionnaireResponse due now, with occasion ``schedule:<when>:<n>:<questionnaire>``
  (n is the occurrence, the module's key for before_module, "end" for end, or 1 for start);
  every_n_days (treatment) and maintenance (maintenance phase) schedule their next
  occurrence. While a scheduled response of the same questionnaire is still open no second
  one is made: a repeating occurrence is skipped (history ``questionnaire.skipped``), a
  one-off one (start, end, before_module) waits a day and is tried again.
- ``overdue`` (key ``overdue:<occasion>``): a scheduled questionnaire still not completed
  OVERDUE_AFTER after it fell due raises a yellow "overdue" flag.
- ``inactivity`` (key ``inactivity:<n>``): no activity for the release's inactivity_days raises
  a yellow "inactivity" flag, records a reminder in the history and notifies the citizen.

Scheduled questionnaires and overdue reminders notify the citizen too (notifications.notify).
"""

import datetime as dt
import logging

from django.db import connection, transaction
from django.utils import timezone

from stegvis.care.activities import (
    Inactivity,
    OpenModule,
    Overdue,
    Payload,
    ScheduledQuestionnaire,
    payload_json,
)
from stegvis.care.models import Activity, Enrollment, Flag, Phase, QuestionnaireResponse
from stegvis.care.services.audit import record_enrollment_change
from stegvis.care.services.history import add_history
from stegvis.care.services.program import document_of
from stegvis.care.subjects import about_enrollment
from stegvis.catalog.opening import OpeningRule
from stegvis.notifications.services import Kind as NotificationKind
from stegvis.notifications.services import notify
from stegvis.organisation.models import User

logger = logging.getLogger(__name__)

OVERDUE_AFTER = dt.timedelta(days=3)
# A one-off questionnaire that waits for an open one of its kind is tried again this much later.
RETRY_AFTER = dt.timedelta(days=1)
REPEATING = ("every_n_days", "maintenance")
BATCH = 200


def start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def schedule(enrollment: Enrollment, *, key: str, due_at: dt.datetime, work: Payload) -> Activity:
    """Create the Activity `key` doing `work` unless it exists (scheduling twice: no change)."""
    kind, payload = payload_json(work)
    activity, _created = Activity.objects.get_or_create(
        enrollment=enrollment,
        key=key,
        defaults={"kind": kind, "due_at": due_at, "payload": payload},
    )
    return activity


def initialise(enrollment: Enrollment, *, actor: User | None) -> None:
    """Give a new enrollment its module states and due work, and do what is due already.

    Called inside the starting service's transaction.
    """
    from stegvis.care.models import ModuleState

    document = document_of(enrollment.release)
    ModuleState.objects.bulk_create(
        [ModuleState(enrollment=enrollment, module_key=m.key) for m in document.modules],
        ignore_conflicts=True,
    )
    start = start_of(enrollment.start_date)
    for module in document.modules:
        rule = module.opening
        if rule.rule == OpeningRule.AT_START:
            due = start
        elif rule.rule == OpeningRule.DAYS_AFTER_START:
            due = start + dt.timedelta(days=rule.days)
        elif rule.rule == OpeningRule.DATE:
            due = start_of(rule.date)
        else:
            continue
        schedule(
            enrollment, key=f"open:{module.key}", due_at=due, work=OpenModule(module=module.key)
        )
    for index, item in enumerate(document.schedules):
        if item.when == "start":
            schedule_questionnaire(enrollment, index, 1, start)
        elif item.when == "every_n_days":
            schedule_questionnaire(enrollment, index, 1, start + dt.timedelta(days=item.days))
    if document.reminders.inactivity_days:
        schedule(
            enrollment,
            key="inactivity:1",
            due_at=start + dt.timedelta(days=document.reminders.inactivity_days),
            work=Inactivity(n=1),
        )
    run_due_for(enrollment)


def schedule_questionnaire(
    enrollment: Enrollment, index: int, n: int | str, due_at: dt.datetime
) -> Activity:
    return schedule(
        enrollment,
        key=f"schedule:{index}:{n}",
        due_at=due_at,
        work=ScheduledQuestionnaire(schedule=index, n=n),
    )


def on_module_opened(enrollment: Enrollment, module_key: str, *, actor: User | None) -> None:
    """Schedule the questionnaires the release asks for before this module."""
    document = document_of(enrollment.release)
    scheduled = False
    for index, item in enumerate(document.schedules):
        if item.when == "before_module" and item.module == module_key:
            schedule_questionnaire(enrollment, index, module_key, timezone.now())
            scheduled = True
    if scheduled:
        run_due_for(enrollment)


def on_phase_changed(enrollment: Enrollment, old: str, new: str) -> None:
    """Leaving treatment schedules the "end" questionnaires; maintenance starts its cycle and
    returning to treatment stops it; closing cancels all pending work. Back in treatment (from
    maintenance, or reopened after closing) the treatment's own work starts again, once
    (`resume.restart_treatment_work`)."""
    document = document_of(enrollment.release)
    now = timezone.now()
    if old in (Phase.QUEUED, Phase.TREATMENT) and new in (Phase.MAINTENANCE, Phase.CLOSED):
        for index, item in enumerate(document.schedules):
            if item.when == "end":
                schedule_questionnaire(enrollment, index, "end", now)
    if new == Phase.MAINTENANCE:
        for index, item in enumerate(document.schedules):
            if item.when == "maintenance":
                schedule_questionnaire(enrollment, index, 1, now + dt.timedelta(days=item.days))
    if old == Phase.MAINTENANCE and new == Phase.TREATMENT:
        # Back to treatment: the maintenance cycle's pending questionnaires stop.
        for index, item in enumerate(document.schedules):
            if item.when == "maintenance":
                Activity.objects.filter(
                    enrollment=enrollment,
                    done_at__isnull=True,
                    key__startswith=f"schedule:{index}:",
                ).update(done_at=now)
    if new == Phase.TREATMENT and old in (Phase.MAINTENANCE, Phase.CLOSED):
        from stegvis.care.services.resume import restart_treatment_work

        restart_treatment_work(enrollment, now)
    run_due_for(enrollment)
    if new == Phase.CLOSED:
        Activity.objects.filter(enrollment=enrollment, done_at__isnull=True).update(done_at=now)


def run_due_for(enrollment: Enrollment, now: dt.datetime | None = None) -> int:
    """Run the enrollment's due work now, inside the caller's transaction."""
    now = now or timezone.now()
    done = 0
    # New work can fall due while running (a module opening schedules a questionnaire).
    for _round in range(10):
        due = list(
            Activity.objects.filter(
                enrollment=enrollment, done_at__isnull=True, due_at__lte=now
            ).order_by("due_at", "pk")
        )
        if not due:
            break
        for activity in due:
            activity.enrollment = enrollment
            _run(activity, now)
            done += 1
    return done


def process_due_work(now: dt.datetime | None = None, limit: int = 5000) -> int:
    """Run every Activity that is due, each in its own transaction; return how many ran.

    Safe to run in several workers at once: a row being worked on elsewhere is skipped (on
    PostgreSQL through SKIP LOCKED; SQLite serialises writers anyway) and a done row is never
    run again.
    """
    now = now or timezone.now()
    ran = 0
    seen: set[int] = set()
    while ran < limit:
        ids = list(
            Activity.objects.filter(done_at__isnull=True, due_at__lte=now)
            .exclude(pk__in=seen)
            .order_by("due_at", "pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            break
        for pk in ids:
            seen.add(pk)
            try:
                if _run_one(pk, now):
                    ran += 1
            except Exception:  # one broken activity must not stop the others; it is retried
                logger.exception("care activity %s failed", pk)
    return ran


def _run_one(pk: int, now: dt.datetime) -> bool:
    with transaction.atomic():
        rows = Activity.objects.filter(pk=pk, done_at__isnull=True)
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        activity = rows.first()
        if activity is None:
            return False
        activity.enrollment = Enrollment.objects.select_related("release", "unit", "citizen").get(
            pk=activity.enrollment_id
        )
        _run(activity, now)
        return True


def _run(activity: Activity, now: dt.datetime) -> None:
    """Run the activity and mark it done, or move it to the later time its handler returns."""
    enrollment = activity.enrollment
    retry_at = None
    if activity.done_at is None and enrollment.phase != Phase.CLOSED:
        handler = _HANDLERS.get(activity.kind)
        if handler is not None:
            retry_at = handler(activity, now)
        else:
            logger.warning("care activity %s has unknown kind %s", activity.pk, activity.kind)
    if retry_at is not None:
        activity.due_at = retry_at
        activity.save(update_fields=["due_at"])
        return
    activity.done_at = now
    activity.save(update_fields=["done_at"])


def _open_module(activity: Activity, now: dt.datetime) -> None:
    from stegvis.care.services.modules import open_module

    open_module(activity.enrollment, activity.data.module, actor=None, cause="schedule")


def _questionnaire(activity: Activity, now: dt.datetime) -> dt.datetime | None:
    enrollment = activity.enrollment
    document = document_of(enrollment.release)
    work = activity.data
    index, n = work.schedule, work.n
    if index >= len(document.schedules):
        return None
    item = document.schedules[index]
    if item.when == "every_n_days" and enrollment.phase not in (Phase.QUEUED, Phase.TREATMENT):
        return None
    if item.when == "maintenance" and enrollment.phase != Phase.MAINTENANCE:
        return None
    occasion = f"schedule:{item.when}:{n}:{item.questionnaire}"
    if _open_scheduled(enrollment, item.questionnaire, occasion):
        # One open questionnaire of a kind at a time: the citizen answers the one waiting (its
        # overdue reminder still runs). A repeating schedule skips this occurrence and goes on;
        # a one-off occasion (start, end, before a module) waits a day and tries again.
        if item.when not in REPEATING:
            return now + RETRY_AFTER
        add_history(
            enrollment,
            actor=None,
            action="questionnaire.skipped",
            questionnaire=item.questionnaire,
            occasion=occasion,
        )
    else:
        version = document.questionnaire_version(item.questionnaire)
        _ask(enrollment, item.questionnaire, version, occasion, activity.due_at)
    _schedule_next(enrollment, activity, item, index, n, now)
    return None


def _ask(
    enrollment: Enrollment, questionnaire: str, version: str, occasion: str, due_at: dt.datetime
) -> None:
    """Make the due response of `occasion` (once), tell the citizen, and watch it for overdue."""
    response, created = QuestionnaireResponse.objects.get_or_create(
        enrollment=enrollment,
        occasion=occasion,
        defaults={
            "questionnaire_key": questionnaire,
            "definition_version": version,
            "due_at": due_at,
        },
    )
    if not created:
        return
    add_history(
        enrollment,
        actor=None,
        action="questionnaire.scheduled",
        questionnaire=questionnaire,
        occasion=occasion,
    )
    record_enrollment_change(
        enrollment, actor=None, action="care.questionnaire_schedule", target=response
    )
    notify(
        enrollment.citizen,
        NotificationKind.QUESTIONNAIRE_DUE,
        key=f"questionnaire:{response.pk}",
        subject=about_enrollment(enrollment),
    )
    schedule(
        enrollment,
        key=f"overdue:{occasion}",
        due_at=due_at + OVERDUE_AFTER,
        work=Overdue(response=response.pk),
    )


def _open_scheduled(enrollment: Enrollment, questionnaire: str, occasion: str) -> bool:
    """Whether a scheduled response of ``questionnaire`` other than ``occasion`` is unanswered."""
    return (
        QuestionnaireResponse.objects.filter(
            enrollment=enrollment,
            questionnaire_key=questionnaire,
            occasion__startswith="schedule:",
            completed_at__isnull=True,
        )
        .exclude(occasion=occasion)
        .exists()
    )


def _schedule_next(enrollment, activity: Activity, item, index: int, n, now) -> None:
    if item.when in ("every_n_days", "maintenance"):
        step = dt.timedelta(days=item.days)
        next_due, next_n = activity.due_at + step, n + 1
        while next_due <= now:  # a worker that was stopped catches up with one, not many
            next_due, next_n = next_due + step, next_n + 1
        schedule_questionnaire(enrollment, index, next_n, next_due)


def _overdue(activity: Activity, now: dt.datetime) -> None:
    from stegvis.care.services.flags import raise_flag

    response = QuestionnaireResponse.objects.filter(
        pk=activity.data.response, enrollment=activity.enrollment
    ).first()
    if response is None or response.completed_at is not None:
        return
    raise_flag(
        activity.enrollment,
        actor=None,
        kind=Flag.Kind.OVERDUE,
        level=Flag.Level.YELLOW,
        dedupe_key=f"overdue:{response.pk}",
        reason=response.questionnaire_key,
    )
    notify(
        activity.enrollment.citizen,
        NotificationKind.REMINDER,
        key=f"overdue:{response.pk}",
        subject=about_enrollment(activity.enrollment),
    )


def _inactivity(activity: Activity, now: dt.datetime) -> None:
    from stegvis.care.services.flags import raise_flag

    enrollment = activity.enrollment
    days = document_of(enrollment.release).reminders.inactivity_days
    if not days:
        return
    period = dt.timedelta(days=days)
    last = enrollment.last_activity_at or start_of(enrollment.start_date)
    if last + period <= now:
        _flag, created = raise_flag(
            enrollment,
            actor=None,
            kind=Flag.Kind.INACTIVITY,
            level=Flag.Level.YELLOW,
            # One flag per stretch of inactivity, however often the check runs.
            dedupe_key=f"inactivity:{int(last.timestamp())}",
            reason=str(days),
        )
        if created:
            add_history(enrollment, actor=None, action="reminder.inactivity", days=days)
            notify(
                enrollment.citizen,
                NotificationKind.REMINDER,
                key=f"inactivity:{enrollment.pk}:{int(last.timestamp())}",
                subject=about_enrollment(enrollment),
            )
        next_due = now + period
    else:
        next_due = last + period
    n = int(activity.data.n) + 1
    schedule(enrollment, key=f"inactivity:{n}", due_at=next_due, work=Inactivity(n=n))


_HANDLERS = {
    Activity.Kind.OPEN_MODULE: _open_module,
    Activity.Kind.QUESTIONNAIRE: _questionnaire,
    Activity.Kind.OVERDUE: _overdue,
    Activity.Kind.INACTIVITY: _inactivity,
}

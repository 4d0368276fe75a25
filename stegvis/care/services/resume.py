"""Back to treatment: bring back, once, the scheduled work a treatment phase has.

Closing cancels every pending Activity (runtime.on_phase_changed) and the maintenance phase lets
the every_n_days cycle run out. Reopening a closed enrollment, or a maintenance phase returning
to treatment, restarts what treatment has, without duplicating what is still pending:

- a module that a rule (days after start, a date) would open and that never opened gets its
  opening back, at its own time (at once if that has passed);
- each every_n_days questionnaire with nothing pending starts again, its next occurrence the
  release's number of days from now (the cycle counts from the return, not the first start);
- a one-off questionnaire (at start, before a module) cancelled before it was asked is asked;
- a scheduled questionnaire still unanswered gets its overdue reminder back, at the earliest
  OVERDUE_AFTER from now (the citizen is not flagged for the time the enrollment was closed);
- the inactivity reminder starts again, its next check the release's days from now.

Every step looks at what exists first, so running it twice changes nothing.
"""

import datetime as dt

from stegvis.care.activities import Inactivity
from stegvis.care.models import Activity, Enrollment, Flag, ModuleState, QuestionnaireResponse
from stegvis.care.services import runtime
from stegvis.care.services.program import document_of
from stegvis.catalog.opening import OpeningRule

ONE_OFF = ("start", "before_module")


def restart_treatment_work(enrollment: Enrollment, now: dt.datetime) -> None:
    """Schedule again the treatment work that closing cancelled or maintenance let run out."""
    document = document_of(enrollment.release)
    activities = {a.key: a for a in Activity.objects.filter(enrollment=enrollment)}
    pending = {key for key, a in activities.items() if a.done_at is None}
    _restart_module_openings(enrollment, document, activities, pending)
    _restart_questionnaires(enrollment, document, activities, pending, now)
    _restart_overdue_reminders(enrollment, activities, now)
    days = document.reminders.inactivity_days
    if days and not any(key.startswith("inactivity:") for key in pending):
        n = _last_n(activities, "inactivity:") + 1
        runtime.schedule(
            enrollment,
            key=f"inactivity:{n}",
            due_at=now + dt.timedelta(days=days),
            work=Inactivity(n=n),
        )


def _last_n(activities: dict[str, Activity], prefix: str) -> int:
    """The highest occurrence number among the keys `prefix<n>` (0 if none)."""
    tails = (key[len(prefix) :] for key in activities if key.startswith(prefix))
    return max((int(tail) for tail in tails if tail.isdigit()), default=0)


def _reset(activity: Activity, due_at: dt.datetime | None = None) -> None:
    activity.done_at = None
    if due_at is not None:
        activity.due_at = due_at
    activity.save(update_fields=["done_at", "due_at"])


def _restart_module_openings(enrollment, document, activities, pending) -> None:
    never_opened = set(
        ModuleState.objects.filter(
            enrollment=enrollment, visibility=ModuleState.Visibility.LOCKED, opened_at__isnull=True
        ).values_list("module_key", flat=True)
    )
    for module in document.modules:
        key = f"open:{module.key}"
        ruled = module.opening.rule in (OpeningRule.DAYS_AFTER_START, OpeningRule.DATE)
        if module.key in never_opened and ruled and key in activities and key not in pending:
            _reset(activities[key])


def _restart_questionnaires(enrollment, document, activities, pending, now) -> None:
    asked = set(
        QuestionnaireResponse.objects.filter(enrollment=enrollment).values_list(
            "occasion", flat=True
        )
    )
    for index, item in enumerate(document.schedules):
        prefix = f"schedule:{index}:"
        if item.when == "every_n_days" and not any(k.startswith(prefix) for k in pending):
            n = _last_n(activities, prefix) + 1
            runtime.schedule_questionnaire(enrollment, index, n, now + dt.timedelta(days=item.days))
        elif item.when in ONE_OFF:
            for key, activity in activities.items():
                if not key.startswith(prefix) or key in pending:
                    continue
                n = key[len(prefix) :]
                if f"schedule:{item.when}:{n}:{item.questionnaire}" not in asked:
                    _reset(activity, max(activity.due_at, now))


def _restart_overdue_reminders(enrollment, activities, now) -> None:
    open_responses = QuestionnaireResponse.objects.filter(
        enrollment=enrollment, occasion__startswith="schedule:", completed_at__isnull=True
    )
    flagged = set(
        Flag.objects.filter(enrollment=enrollment, kind=Flag.Kind.OVERDUE).values_list(
            "dedupe_key", flat=True
        )
    )
    for response in open_responses:
        activity = activities.get(f"overdue:{response.occasion}")
        if activity is None or activity.done_at is None or f"overdue:{response.pk}" in flagged:
            continue
        _reset(activity, max(activity.due_at, now + runtime.OVERDUE_AFTER))

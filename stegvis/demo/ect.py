"""Six ECT series at Specialistpsykiatri Växjö, rated as the program "MADRS-S och EQ-5D vid
ECT" asks: MADRS-S and EQ-5D-5L before the series, MADRS-S weekly during it, both after it.

Four series are finished and closed, one is in follow-up (maintenance, one monthly MADRS-S)
and one is running, half-way through. Most improve a lot, as ECT series often do; one a
little. With the history's ECT enrollments, the statistics' outcomes page has a real case
(five or more pre/post pairs). Deterministic, idempotent (skipped when the first citizen
exists) and written with bulk_create, like the history: no access events, no notifications.
Occasions are the ones the program's rules write: the start step's blocks ("madrs-fore",
"eq5d-fore"), the weekly schedule ("schedule:0:N") and the ones before "Efter ECT-serien"
("schedule:1:efter-ect", "schedule:2:efter-ect").
"""

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from stdnum import luhn

from stegvis.care.models import Enrollment, HistoryEvent, ModuleState, Phase, QuestionnaireResponse
from stegvis.care.services.program import document_of
from stegvis.catalog.services import active_releases
from stegvis.demo import personas
from stegvis.demo.history_answers import scored
from stegvis.demo.programs import ect
from stegvis.organisation.models import CareUnit, Role, RoleGrant, User

SEED = 20270115
DAY = dt.timedelta(days=1)
# (first name, last name, days since start, weeks of ECT, severity before → after, state)
SERIES = (
    ("Gunnel", "Ekström", 150, 4, (0.78, 0.30), "closed"),
    ("Hassan", "Rahimi", 128, 3, (0.70, 0.25), "closed"),
    ("Margareta", "Lund", 104, 4, (0.82, 0.45), "closed"),
    ("Per", "Svensson", 86, 3, (0.66, 0.58), "closed"),
    ("Ingrid", "Wallin", 60, 4, (0.75, 0.28), "maintenance"),
    ("Tomas", "Kraft", 12, 4, (0.80, 0.55), "running"),
)


def email(n: int) -> str:
    return f"ect-{n}@{personas.DOMAIN}"


@transaction.atomic
def load_demo_ect() -> None:
    if User.objects.filter(email=email(0)).exists():
        return
    unit = CareUnit.objects.filter(hsa_id=personas.UNITS["psych"][1]).first()
    release = (
        active_releases(unit).filter(program_key=ect.KEY).order_by("-major", "-minor").first()
        if unit
        else None
    )
    practitioner = (
        RoleGrant.objects.active()
        .filter(unit=unit, role=Role.PRACTITIONER, staff__is_training=False)
        .order_by("staff__email")
        .values_list("staff", flat=True)
        .first()
    )
    if release is None or practitioner is None:
        return
    rng = random.Random(SEED)
    now = timezone.now()
    citizens = _citizens(rng)
    enrollments = Enrollment.objects.bulk_create(
        [
            _enrollment(citizen, unit, release, practitioner, series, now)
            for citizen, series in zip(citizens, SERIES, strict=True)
        ]
    )
    definitions = {
        key: document_of(release).questionnaire_definition(key) for key in ("madrs-s", "eq5d5l")
    }
    states, responses, events = [], [], []
    for enrollment, series in zip(enrollments, SERIES, strict=True):
        plan = _plan(series, now)
        states += _modules(enrollment, plan)
        responses += _responses(enrollment, plan, definitions, rng, now)
        events += _events(enrollment, plan)
    ModuleState.objects.bulk_create(states)
    QuestionnaireResponse.objects.bulk_create(responses)
    HistoryEvent.objects.bulk_create(events)


def _citizens(rng: random.Random) -> list[User]:
    taken = set(
        User.objects.filter(personnummer__isnull=False).values_list("personnummer", flat=True)
    )
    citizens = []
    for n, (first, last, *_rest) in enumerate(SERIES):
        while True:
            stem = dt.date(rng.randint(1940, 1990), rng.randint(1, 12), rng.randint(1, 28))
            stem = stem.strftime("%Y%m%d")
            serial = f"{rng.randint(0, 999):03d}"
            number = f"{stem}{serial}{luhn.calc_check_digit(stem[2:] + serial)}"
            if number not in taken:
                taken.add(number)
                break
        citizens.append(
            User(
                kind=User.Kind.CITIZEN,
                email=email(n),
                first_name=first,
                last_name=last,
                personnummer=number,
                password=make_password(None),
            )
        )
    return User.objects.bulk_create(citizens)


def _plan(series: tuple, now: dt.datetime) -> dict:
    _first, _last, days, weeks, (before, after), state = series
    started = now - days * DAY
    series_end = started + weeks * 7 * DAY
    return {
        "started": started,
        "weeks": weeks,
        "before": before,
        "after": after,
        "state": state,
        # The running series is half-way: no "after" yet.
        "series_end": series_end if state != "running" else None,
        "maintenance": series_end + 3 * DAY if state in ("closed", "maintenance") else None,
        "closed": series_end + 40 * DAY if state == "closed" else None,
    }


def _enrollment(citizen, unit, release, practitioner, series, now) -> Enrollment:
    plan = _plan(series, now)
    phase = {"closed": Phase.CLOSED, "maintenance": Phase.MAINTENANCE}.get(
        plan["state"], Phase.TREATMENT
    )
    return Enrollment(
        citizen=citizen,
        unit=unit,
        release=release,
        practitioner_id=practitioner,
        created_by_id=practitioner,
        phase=phase,
        start_date=plan["started"].date(),
        created_at=plan["started"],
        phase_changed_at=plan["closed"] or plan["maintenance"] or plan["started"],
        closed_at=plan["closed"],
        last_activity_at=min(now, plan["closed"] or now) - DAY,
    )


def _modules(enrollment: Enrollment, plan: dict) -> list[ModuleState]:
    started, end = plan["started"], plan["series_end"]
    opened = {
        "fore-ect": (started, started + DAY),
        "under-ect": (started + 2 * DAY, end),
        ect.AFTER: (end, end + DAY) if end else None,
    }
    states = []
    for key, times in opened.items():
        if times is None:
            continue
        states.append(
            ModuleState(
                enrollment=enrollment,
                module_key=key,
                visibility=ModuleState.Visibility.OPEN,
                opened_at=times[0],
                completed_at=times[1],
            )
        )
    return states


def _occasions(plan: dict, now: dt.datetime) -> list[tuple[str, str, dt.datetime, float]]:
    """(questionnaire, occasion, when, severity) of the series so far."""
    started, before, after = plan["started"], plan["before"], plan["after"]
    weeks = plan["weeks"] if plan["series_end"] else max(1, (now - started).days // 7)
    found = [("madrs-s", "madrs-fore", started, before), ("eq5d5l", "eq5d-fore", started, before)]
    for week in range(1, weeks + 1):
        when = started + week * 7 * DAY - DAY
        if when < now:
            level = before + (after - before) * week / plan["weeks"]
            found.append(("madrs-s", f"schedule:0:{week}", when, level))
    if plan["series_end"]:
        end = plan["series_end"]
        found.append(("madrs-s", f"schedule:1:{ect.AFTER}", end + DAY, after))
        found.append(("eq5d5l", f"schedule:2:{ect.AFTER}", end + DAY, after))
    if plan["state"] == "maintenance" and plan["maintenance"] + 30 * DAY < now:
        found.append(("madrs-s", "schedule:3:1", plan["maintenance"] + 30 * DAY, after + 0.03))
    return found


def _responses(enrollment, plan, definitions, rng, now) -> list[QuestionnaireResponse]:
    rows = []
    for key, occasion, due, severity in _occasions(plan, now):
        answers, score, version = scored(definitions[key], severity, rng)
        completed = min(due + dt.timedelta(hours=rng.randint(1, 20)), now)
        rows.append(
            QuestionnaireResponse(
                enrollment=enrollment,
                questionnaire_key=key,
                definition_version=version,
                occasion=occasion,
                answers=answers,
                score=score,
                started_at=completed - dt.timedelta(minutes=7),
                updated_at=completed,
                completed_at=completed,
                due_at=due,
            )
        )
    return rows


def _events(enrollment: Enrollment, plan: dict) -> list[HistoryEvent]:
    events = [HistoryEvent(enrollment=enrollment, at=plan["started"], action="enrollment.started")]
    if plan["maintenance"]:
        events.append(
            HistoryEvent(
                enrollment=enrollment,
                at=plan["maintenance"],
                action="phase.changed",
                detail={"old": Phase.TREATMENT, "new": Phase.MAINTENANCE},
            )
        )
    if plan["closed"]:
        events.append(
            HistoryEvent(
                enrollment=enrollment,
                at=plan["closed"],
                action="phase.changed",
                detail={"old": Phase.MAINTENANCE, "new": Phase.CLOSED},
            )
        )
    return events

"""One generated enrollment and everything it holds, as rows (dicts of column values).

Deterministic: everything comes from a random generator seeded by (seed, enrollment index) and
from the data set's anchor time; ids come from `Ids` in order. The timeline follows the
services: started, modules opened by their rules, steps seen, answers saved and submitted,
scheduled questionnaires answered and scored, flags raised and acknowledged, messages, phase
changes and handovers, each with its history event and its access events.
"""

import datetime as dt
import random

from stegvis.care.models import (
    Enrollment,
    HistoryEvent,
    Phase,
)
from stegvis.loadscale import people
from stegvis.loadscale.builder_parts import LifecycleMixin, MessagesMixin, QuestionnairesMixin
from stegvis.loadscale.builder_steps import StepsMixin
from stegvis.loadscale.context import Context, Ids, Person, UnitPlan
from stegvis.loadscale.region import DOMAIN
from stegvis.organisation.models import User

# How generated enrollments are spread over the phases (queued = waiting for a practitioner;
# unlocked = the practitioner or the rule opened the second module; handed_over = continuing
# at this unit after an approved handover from another one).
SHAPES = (
    ("queued", 0.07),
    ("early", 0.30),
    ("unlocked", 0.25),
    ("handed_over", 0.06),
    ("maintenance", 0.10),
    ("closed", 0.22),
)
AGE_DAYS = {
    "queued": (0, 14),
    "early": (2, 30),
    "unlocked": (20, 70),
    "handed_over": (30, 90),
    "maintenance": (90, 200),
    "closed": (100, 700),
}
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


def _shape(rng: random.Random) -> str:
    point, total = rng.random(), 0.0
    for name, share in SHAPES:
        total += share
        if point < total:
            return name
    return SHAPES[-1][0]


class EnrollmentBuilder(StepsMixin, QuestionnairesMixin, MessagesMixin, LifecycleMixin):
    """Build one enrollment's rows into `rows` and its access events into `events`."""

    def __init__(self, ctx: Context, ids: Ids, rows: dict, events: list, index: int):
        self.ctx, self.ids, self.rows, self.events, self.index = ctx, ids, rows, events, index
        self.rng = random.Random(f"{ctx.seed}:{index}")
        self.unit: UnitPlan = ctx.unit_for(self.rng)
        self.plan = self._program()
        self.shape = _shape(self.rng)
        self.handover = None
        if self.shape == "handed_over" and not self.unit.siblings:
            self.shape = "unlocked"
        self.practitioner: Person | None = (
            None if self.shape == "queued" else self.rng.choice(self.unit.practitioners)
        )
        self.staff: Person = self.practitioner or self.unit.citizen_admin
        self.last_activity: dt.datetime | None = None
        self.open_red_flags = 0
        self.own_events = 0

    def _program(self):
        point, total = self.rng.random(), 0.0
        for plan, share in self.unit.programs:
            total += share
            if point < total:
                return plan
        return self.unit.programs[-1][0]

    # --- time ---------------------------------------------------------------------------

    def at(self, start: dt.datetime, end: dt.datetime) -> dt.datetime:
        """A whole second between start and end (never after the anchor)."""
        end = min(end, self.ctx.anchor - dt.timedelta(minutes=1))
        if end <= start:
            return start.replace(microsecond=0)
        seconds = int((end - start).total_seconds())
        return (start + dt.timedelta(seconds=self.rng.randint(0, seconds))).replace(microsecond=0)

    def clip(self, when: dt.datetime) -> dt.datetime | None:
        return when if when < self.ctx.anchor else None

    def touch(self, when: dt.datetime) -> None:
        if self.last_activity is None or when > self.last_activity:
            self.last_activity = when

    def _timeline(self) -> None:
        anchor = self.ctx.anchor
        low, high = AGE_DAYS[self.shape]
        start_day = (anchor - DAY * self.rng.randint(low, high)).date()
        self.start_date = start_day
        midnight = dt.datetime.combine(start_day, dt.time.min, tzinfo=dt.UTC)
        self.start = midnight
        self.created = midnight + dt.timedelta(hours=8, minutes=self.rng.randint(0, 480))
        self.treatment_end = self.closed_at = None
        if self.shape == "maintenance":
            self.treatment_end = self.created + DAY * self.rng.randint(56, 84)
        elif self.shape == "closed":
            self.treatment_end = self.created + DAY * self.rng.randint(40, 84)
            stay = DAY * self.rng.randint(20, 90) if self.rng.random() < 0.3 else dt.timedelta(0)
            self.closed_at = min(self.treatment_end + stay, anchor - DAY)
            self.treatment_end = min(self.treatment_end, self.closed_at)
        self.end = self.closed_at or anchor

    # --- records ------------------------------------------------------------------------

    def add(self, model, **values) -> dict:
        self.rows[model].append(values)
        return values

    def history(self, at: dt.datetime, actor_id: int | None, action: str, **detail) -> None:
        self.add(
            HistoryEvent, enrollment_id=self.id, at=at, actor_id=actor_id, action=action,
            detail=detail,
        )  # fmt: skip

    def staff_at(self, when: dt.datetime) -> tuple[Person, int]:
        """Who worked on the enrollment at `when`, and at which unit (before a handover: the
        sending unit's practitioner)."""
        if self.handover is not None and when < self.handover["decided_at"]:
            return self.handover["from_person"], self.handover["from_unit_id"]
        return self.staff, self.unit.id

    def access(
        self, when, who, action: str, kind: str, target: tuple[str, object] = ("", "")
    ) -> None:
        """Queue one access event; `who` is "citizen", None (the system) or a staff member."""
        unit_id = self.unit.id
        if who == "citizen":
            actor_id, hsa_id, role = self.citizen_id, "", ""
        elif who is None:
            actor_id, hsa_id, role = None, "", ""
        else:
            if who is self.staff:
                who, unit_id = self.staff_at(when)
            actor_id, hsa_id, role = who.id, who.hsa_id, who.role
        self.own_events += 1
        self.events.append(
            (when, self.index, self.own_events, actor_id, hsa_id, role, action, kind, unit_id,
             self.unit.provider_id, self.citizen_id, self.id, target[0], str(target[1]))
        )  # fmt: skip

    # --- the enrollment -----------------------------------------------------------------

    def build(self) -> dict:
        self._timeline()
        self.citizen_id = self.ids.next(User)
        self.id = self.ids.next(Enrollment)
        self._citizen()
        self._start()
        self._modules()
        self._answers()
        self.questionnaires()
        self.messages()
        self._phases()
        self._activities()
        self._reads()
        return self._enrollment()

    def _citizen(self) -> None:
        first = self.rng.choice(people.FIRST_NAMES)
        email = people.citizen_email(self.index, DOMAIN)
        self.add(
            User, id=self.citizen_id, password=self.ctx.password_hash, last_login=None,
            is_superuser=False, first_name=first, last_name=self.rng.choice(people.LAST_NAMES),
            email=email, is_staff=False, is_active=True, date_joined=self.created - HOUR,
            kind=User.Kind.CITIZEN, hsa_id=None, personnummer=people.personnummer(self.index),
            is_training=False,
        )  # fmt: skip
        self.email = email

    def _start(self) -> None:
        creator = self.practitioner or self.unit.citizen_admin
        if self.handover_planned():
            creator = self.handover["from_person"]
        self.creator = creator
        self.history(
            self.created, creator.id, "enrollment.started", release=self.plan.release_id,
            version="1.0", practitioner=self.practitioner.id if self.practitioner else None,
            start_date=self.start_date.isoformat(),
        )  # fmt: skip
        self.access(self.created, self.staff, "care.enrollment_start", "change",
                    ("care.enrollment", self.id))  # fmt: skip

    def handover_planned(self) -> bool:
        if self.shape != "handed_over" or self.handover is not None:
            return self.handover is not None
        from_unit = self.ctx.unit(self.rng.choice(self.unit.siblings))
        started = self.at(self.created + 10 * DAY, self.created + 30 * DAY)
        self.handover = {
            "from_unit_id": from_unit.id,
            "from_person": self.rng.choice(from_unit.practitioners),
            "started_at": started,
            "decided_at": self.at(started + HOUR, started + 5 * DAY),
        }
        return True

    def _enrollment(self) -> dict:
        phase = {"queued": Phase.QUEUED, "maintenance": Phase.MAINTENANCE, "closed": Phase.CLOSED}
        changed = self.treatment_end if self.shape == "maintenance" else self.closed_at
        return self.add(
            Enrollment, id=self.id, citizen_id=self.citizen_id, unit_id=self.unit.id,
            release_id=self.plan.release_id,
            practitioner_id=self.practitioner.id if self.practitioner else None,
            phase=phase.get(self.shape, Phase.TREATMENT), start_date=self.start_date,
            created_at=self.created, created_by_id=self.creator.id,
            phase_changed_at=changed or self.created, closed_at=self.closed_at,
            last_activity_at=self.last_activity, is_training=False,
            open_red_flags=self.open_red_flags,
        )  # fmt: skip

"""Questionnaires, messages, phases, due work and reads of one generated enrollment."""

import datetime as dt

from stegvis.care.models import Activity, Flag, Handover, QuestionnaireResponse
from stegvis.loadscale.pools import pick
from stegvis.messaging.models import AuthorRole, Message, SenderSide

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
MAX_OCCURRENCES = 16  # a treatment runs for about 8-16 weeks
TEAM_TEXTS = (
    "Hej! Välkommen till programmet. Börja gärna med den första modulen redan i dag.",
    "Tack för ditt arbete den här veckan. Fortsätt med nästa steg i din egen takt.",
    "Jag har läst dina svar. Hur har veckan varit?",
    "Bra jobbat! Vi hörs nästa vecka.",
)
CITIZEN_TEXTS = (
    "Hej! Ska jag fylla i formuläret varje vecka?",
    "Nu har jag gjort övningarna. Morgnarna är fortfarande svåra.",
    "Tack för svaret, det hjälpte.",
    "Jag har haft en tung vecka men har försökt fortsätta.",
)


class QuestionnairesMixin:
    def _occurrences(self):
        """(schedule index, questionnaire, occasion, n, due) as the runtime makes them."""
        treatment_until = self.treatment_end or self.ctx.anchor
        for index, questionnaire, when, days in self.plan.schedules:
            if self.shape == "queued":
                continue
            if when == "every_n_days":
                for n in range(1, MAX_OCCURRENCES + 1):
                    due = self.start + DAY * days * n
                    if due >= treatment_until:
                        break
                    yield index, questionnaire, f"schedule:{when}:{n}:{questionnaire}", n, due
            elif when == "start":
                yield index, questionnaire, f"schedule:{when}:1:{questionnaire}", 1, self.start
            elif when == "end" and self.treatment_end is not None:
                end = self.treatment_end
                yield index, questionnaire, f"schedule:end:end:{questionnaire}", "end", end
            elif when == "maintenance" and self.shape == "maintenance":
                due = self.treatment_end + DAY * days
                if due < self.ctx.anchor:
                    yield index, questionnaire, f"schedule:{when}:1:{questionnaire}", 1, due

    def questionnaires(self) -> None:
        self.severity = self.rng.uniform(0.3, 0.9)
        occurrences = list(self._occurrences())
        last = {}
        for item in occurrences:
            last[item[0]] = item
        for item in occurrences:
            index, questionnaire, occasion, n, due = item
            self.add(Activity, enrollment_id=self.id, key=f"schedule:{index}:{n}",
                     kind="questionnaire", due_at=due, done_at=due,
                     payload={"schedule": index, "n": n})  # fmt: skip
            ongoing = self.closed_at is None and last[index] is item
            waiting = ongoing and self.rng.random() < 0.3
            self._response(questionnaire, occasion, due, scheduled=True, waiting=waiting)
            if ongoing and n != "end" and self.plan.schedules[index][2] == "every_n_days":
                next_due = due + DAY * self.plan.schedules[index][3]
                self.add(Activity, enrollment_id=self.id, key=f"schedule:{index}:{n + 1}",
                         kind="questionnaire", due_at=max(next_due, self.ctx.anchor),
                         done_at=None, payload={"schedule": index, "n": n + 1})  # fmt: skip
        for module, opened in self.open_modules:
            for block_key, questionnaire in module.questionnaire_blocks:
                if self.rng.random() < 0.8:
                    self._response(questionnaire, f"block:{block_key}", opened, scheduled=False)

    def _response(self, questionnaire: str, occasion: str, due, *, scheduled: bool,
                  waiting: bool = False) -> None:  # fmt: skip
        response_id = self.ids.next(QuestionnaireResponse)
        if scheduled:
            self.history(due, None, "questionnaire.scheduled", questionnaire=questionnaire,
                         occasion=occasion)  # fmt: skip
            self.access(due, None, "care.questionnaire_schedule", "change",
                        ("care.questionnaireresponse", response_id))  # fmt: skip
        progress = min(1.0, (due - self.start) / (DAY * 112))
        severity = max(0.0, self.severity * (1 - 0.55 * progress) + self.rng.gauss(0, 0.05))
        scored = pick(self.plan.pools[questionnaire], severity, self.rng)
        completed = None if waiting else self.clip(self.at(due + HOUR, due + 60 * HOUR))
        started = completed - dt.timedelta(minutes=6) if completed else due
        self.add(
            QuestionnaireResponse, id=response_id, enrollment_id=self.id,
            questionnaire_key=questionnaire, definition_version=scored.version,
            occasion=occasion, answers=scored.answers if completed else {},
            score=scored.score if completed else None, started_at=started,
            updated_at=completed or due, completed_at=completed,
            due_at=due if scheduled else None,
        )  # fmt: skip
        if scheduled:
            self._overdue(occasion, response_id, due, completed)
        if completed is None:
            return
        self.touch(completed)
        self.history(completed, self.citizen_id, "questionnaire.completed",
                     questionnaire=questionnaire, response=response_id,
                     total=scored.score.get("total"))  # fmt: skip
        self.access(completed, "citizen", "questionnaire.complete", "change",
                    ("care.questionnaireresponse", response_id))  # fmt: skip
        self._alerts(questionnaire, response_id, scored.score, completed)

    def _overdue(self, occasion: str, response_id: int, due, completed) -> None:
        check = due + 3 * DAY
        if check >= self.ctx.anchor or (self.closed_at and check >= self.closed_at):
            return
        self.add(Activity, enrollment_id=self.id, key=f"overdue:{occasion}", kind="overdue",
                 due_at=check, done_at=check, payload={"response": response_id})  # fmt: skip
        if completed is None or completed > check:
            settled = self.clip(completed) if completed else None
            self.flag(check, Flag.Kind.OVERDUE, Flag.Level.YELLOW, f"overdue:{occasion}", "",
                      settled)  # fmt: skip

    def _alerts(self, questionnaire: str, response_id: int, score: dict, completed) -> None:
        """Flags for the score's item alerts, by the release's flag rules (as _flag_alerts)."""
        rules = [r for r in self.plan.flag_rules if r.questionnaire == questionnaire]
        for alert in score.get("alerts", []):
            for rule in rules:
                if rule.alert_level != alert.get("level"):
                    continue
                if rule.item is not None and rule.item != alert.get("item"):
                    continue
                cause = alert.get("item") or alert.get("scale") or "total"
                message = alert.get("message") or {}
                seen = self.clip(self.at(completed + HOUR, completed + 30 * HOUR))
                if self.rng.random() < 0.25 and self.closed_at is None:
                    seen = None
                self.flag(completed, Flag.Kind.ALERT, rule.flag, f"alert:{response_id}:{cause}",
                          message.get("sv") or message.get("en") or "", seen)  # fmt: skip
                break


class MessagesMixin:
    def messages(self) -> None:
        mean = self.ctx.shape.messages
        count = max(0, round(self.rng.gauss(mean, mean / 2)))
        times = sorted(self.at(self.created + HOUR, self.end) for _ in range(count))
        author = self.practitioner or self.unit.citizen_admin
        for n, sent in enumerate(times):
            team = n == 0 or self.rng.random() < 0.5
            last = n == len(times) - 1
            read = self.clip(self.at(sent + HOUR, sent + 2 * DAY))
            if last and self.closed_at is None and self.rng.random() < 0.3:
                read = None
            staff = self.staff_at(sent)[0] if team else None
            self.add(
                Message, enrollment_id=self.id,
                author_id=staff.id if team else self.citizen_id,
                sender_side=SenderSide.TEAM if team else SenderSide.CITIZEN,
                author_role=AuthorRole.PRACTITIONER if team else AuthorRole.CITIZEN,
                body=self.rng.choice(TEAM_TEXTS if team else CITIZEN_TEXTS), created_at=sent,
                read_by_team_at=None if team else read,
                read_by_team_by_id=None if team or read is None else author.id,
                read_by_citizen_at=read if team else None,
            )  # fmt: skip
            self.access(sent, self.staff if team else "citizen", "messages.send", "change",
                        ("messaging.message", ""))  # fmt: skip
            if not team:
                self.touch(sent)
            if read is not None:
                reader = "citizen" if team else self.staff
                action = "messages.view_own" if team else "messages.view"
                self.access(read, reader, action, "read")


class LifecycleMixin:
    def _phases(self) -> None:
        staff = self.practitioner
        if self.handover is not None:
            h = self.handover
            self.add(
                Handover, enrollment_id=self.id, from_unit_id=h["from_unit_id"],
                to_unit_id=self.unit.id, status=Handover.Status.APPROVED,
                consent_confirmed_at=h["started_at"], started_at=h["started_at"],
                started_by_id=h["from_person"].id, decided_at=h["decided_at"],
                decided_by_id=self.unit.citizen_admin.id, new_practitioner_id=staff.id,
                previous_practitioner_id=h["from_person"].id, reason="",
            )  # fmt: skip
            self.history(h["started_at"], h["from_person"].id, "handover.started",
                         to_unit=self.unit.id)  # fmt: skip
            self.access(h["started_at"], self.staff, "care.handover_start", "change",
                        ("care.handover", ""))  # fmt: skip
            self.history(h["decided_at"], self.unit.citizen_admin.id, "handover.approved",
                         from_unit=h["from_unit_id"])  # fmt: skip
            self.access(h["decided_at"], self.unit.citizen_admin, "care.handover_approve",
                        "change", ("care.handover", ""))  # fmt: skip
        if self.treatment_end is not None and self.shape == "maintenance":
            self._phase_change(self.treatment_end, "treatment", "maintenance")
        if self.closed_at is not None:
            old = "maintenance" if self.closed_at > self.treatment_end else "treatment"
            self._phase_change(self.closed_at, old, "closed")

    def _phase_change(self, at, old: str, new: str) -> None:
        self.history(at, self.staff.id, "phase.changed", old=old, new=new)
        self.access(at, self.staff, "care.phase_change", "change", ("care.enrollment", self.id))

    def _activities(self) -> None:
        """Module openings by rule, and the inactivity reminder (pending while it runs)."""
        for module, _opened in self.open_modules[:1]:
            self.add(Activity, enrollment_id=self.id, key=f"open:{module.key}",
                     kind="open_module", due_at=self.start, done_at=self.start,
                     payload={"module": module.key})  # fmt: skip
        days = self.plan.inactivity_days
        if not days:
            return
        if self.closed_at is None:
            due = max(self.ctx.anchor, (self.last_activity or self.created) + DAY * days)
            self.add(Activity, enrollment_id=self.id, key="inactivity:1", kind="inactivity",
                     due_at=due, done_at=None, payload={"n": 1})  # fmt: skip
        elif self.rng.random() < 0.1:
            due = self.closed_at - HOUR
            self.add(Activity, enrollment_id=self.id, key="inactivity:1", kind="inactivity",
                     due_at=due, done_at=due, payload={"n": 1})  # fmt: skip
            self.flag(due, Flag.Kind.INACTIVITY, Flag.Level.YELLOW, "inactivity:1", "", due)

    def _reads(self) -> None:
        """Everyday reads up to the enrollment's share of access events: lists, Hantera, the
        citizen's own pages."""
        mean = self.ctx.shape.events
        wanted = max(0, round(self.rng.gauss(mean, mean * 0.3))) - self.own_events
        for _ in range(wanted):
            when = self.at(self.created, self.end)
            draw = self.rng.random()
            if draw < 0.4:
                mine = self.practitioner is not None and self.rng.random() < 0.7
                self.access(when, self.staff, "care.list_mine" if mine else "care.list_all", "read")
            elif draw < 0.65:
                self.access(when, self.staff, "enrollment.view", "read",
                            ("care.enrollment", self.id))  # fmt: skip
            elif draw < 0.9:
                self.access(when, "citizen", "enrollment.view_own", "read",
                            ("care.enrollment", self.id))  # fmt: skip
            else:
                self.access(when, "citizen", "messages.view_own", "read")

"""The rows of the demo's history, planned one enrollment at a time and saved in bulk."""

import datetime as dt
import random

from stegvis.care.models import (
    Enrollment,
    Flag,
    Handover,
    HistoryEvent,
    ModuleState,
    Phase,
    QuestionnaireResponse,
)
from stegvis.care.services.program import document_of
from stegvis.demo.history_answers import scored
from stegvis.messaging.models import AuthorRole, Message, SenderSide

DAY = dt.timedelta(days=1)
CITIZEN_TEXT = ("Hej! Jag har en fråga om veckans övning.", "Jag har haft en tung vecka.")
TEAM_TEXT = ("Tack för ditt meddelande, bra att du hör av dig.", "Vi tar det på nästa samtal.")


class HistoryRows:
    def __init__(self, rng: random.Random, now: dt.datetime):
        self.rng = rng
        self.now = now
        self.plans: list[dict] = []
        self.documents: dict[int, object] = {}

    def enrollment(self, citizen, place: dict, moved_to: dict | None) -> None:
        """Plan one enrollment's life: start, phases, handover, and where it stands now."""
        rng = self.rng
        started = self.now - rng.randint(14, 360) * DAY - rng.randint(0, 8) * dt.timedelta(hours=1)
        fate = rng.choices(["completed", "early", "running", "queued"], [55, 22, 20, 3])[0]
        length = rng.randint(49, 110) if fate == "completed" else rng.randint(10, 45)
        closed = started + length * DAY
        if fate in ("completed", "early") and closed > self.now - DAY:
            fate = "running"
        final = moved_to or place
        plan = {
            "citizen": citizen,
            "place": place,
            "final": final,
            "fate": fate,
            "started": started,
            "closed": closed if fate in ("completed", "early") else None,
            "practitioner": None if fate == "queued" else rng.choice(final["staff"]),
            "from_practitioner": rng.choice(place["staff"]),
            "severity": rng.uniform(0.45, 0.8),
            "change": rng.choices(
                [-rng.uniform(0.2, 0.45), rng.uniform(-0.05, 0.05), rng.uniform(0.1, 0.25)],
                [70, 20, 10],
            )[0],
        }
        end = plan["closed"] or self.now
        if moved_to and (end - started).days > 20:
            plan["moved_at"] = started + rng.randint(7, (end - started).days - 7) * DAY
        elif moved_to:
            plan["final"] = place
            plan["practitioner"] = plan["from_practitioner"] if fate != "queued" else None
        self.plans.append(plan)

    def save(self) -> None:
        enrollments = Enrollment.objects.bulk_create(
            [self._enrollment(plan) for plan in self.plans]
        )
        rows: dict[type, list] = {
            m: [] for m in (HistoryEvent, ModuleState, QuestionnaireResponse, Message, Handover)
        }
        rows[Flag] = []
        for plan, enrollment in zip(self.plans, enrollments, strict=True):
            self._history(plan, enrollment, rows)
            self._modules(plan, enrollment, rows)
            self._responses(plan, enrollment, rows)
            self._messages(plan, enrollment, rows)
        for model, objects in rows.items():
            model.objects.bulk_create(objects)

    def _enrollment(self, plan: dict) -> Enrollment:
        fate, end = plan["fate"], plan["closed"] or self.now
        phase = {"completed": Phase.CLOSED, "early": Phase.CLOSED, "queued": Phase.QUEUED}.get(
            fate, Phase.MAINTENANCE if (end - plan["started"]).days > 70 else Phase.TREATMENT
        )
        plan["phase"] = phase
        return Enrollment(
            citizen=plan["citizen"],
            unit=plan["final"]["unit"],
            release=plan["place"]["release"],
            practitioner_id=plan["practitioner"],
            created_by_id=plan["from_practitioner"],
            phase=phase,
            start_date=plan["started"].date(),
            created_at=plan["started"],
            phase_changed_at=plan["closed"] or plan["started"],
            closed_at=plan["closed"],
            last_activity_at=end - self.rng.randint(0, 6) * DAY,
        )

    def _history(self, plan: dict, enrollment: Enrollment, rows: dict) -> None:
        def event(at, action, **detail):
            rows[HistoryEvent].append(
                HistoryEvent(enrollment=enrollment, at=at, action=action, detail=detail)
            )

        event(plan["started"], "enrollment.started")
        if plan["fate"] == "completed" or plan["phase"] == Phase.MAINTENANCE:
            maintained = (plan["closed"] or self.now) - self.rng.randint(14, 35) * DAY
            event(maintained, "phase.changed", old=Phase.TREATMENT, new=Phase.MAINTENANCE)
        if plan["closed"]:
            old = Phase.MAINTENANCE if plan["fate"] == "completed" else Phase.TREATMENT
            event(plan["closed"], "phase.changed", old=old, new=Phase.CLOSED)
        if "moved_at" in plan:
            rows[Handover].append(
                Handover(
                    enrollment=enrollment,
                    from_unit=plan["place"]["unit"],
                    to_unit=plan["final"]["unit"],
                    status=Handover.Status.APPROVED,
                    consent_confirmed_at=plan["moved_at"] - DAY,
                    started_at=plan["moved_at"] - DAY,
                    started_by_id=plan["from_practitioner"],
                    decided_at=plan["moved_at"],
                    previous_practitioner_id=plan["from_practitioner"],
                    new_practitioner_id=plan["practitioner"],
                )
            )
        if plan["fate"] == "running" and self.rng.random() < 0.3:
            rows[Flag].append(
                Flag(
                    enrollment=enrollment,
                    kind=Flag.Kind.INACTIVITY,
                    level=Flag.Level.YELLOW,
                    dedupe_key="history:inactivity",
                    raised_at=self.now - self.rng.randint(1, 5) * DAY,
                )
            )

    def _document(self, release):
        if release.pk not in self.documents:
            self.documents[release.pk] = document_of(release)
        return self.documents[release.pk]

    def _modules(self, plan: dict, enrollment: Enrollment, rows: dict) -> None:
        if plan["fate"] == "queued":
            return
        modules = self._document(enrollment.release).modules
        end = plan["closed"] or self.now
        done = len(modules) if plan["fate"] == "completed" else self.rng.randint(0, len(modules))
        step = (end - plan["started"]) / (len(modules) + 1)
        for n, module in enumerate(modules):
            opened = plan["started"] + step * n
            rows[ModuleState].append(
                ModuleState(
                    enrollment=enrollment,
                    module_key=module.key,
                    visibility=ModuleState.Visibility.OPEN,
                    opened_at=opened,
                    completed_at=opened + step * 0.8 if n < done else None,
                )
            )

    def _responses(self, plan: dict, enrollment: Enrollment, rows: dict) -> None:
        document = self._document(enrollment.release)
        end = plan["closed"] or self.now
        if plan["fate"] == "queued":
            return
        later = end - self.rng.randint(0, 3) * DAY
        occasions = [("first", plan["started"] + DAY, plan["severity"])]
        if (
            (later - plan["started"]).days >= 21 and plan["fate"] != "early"
        ) or self.rng.random() < 0.4:
            occasions.append(("later", later, plan["severity"] + plan["change"]))
        for key in list(document.questionnaires)[:2]:
            definition = document.questionnaire_definition(key)
            for name, due, severity in occasions:
                answers, score, version = scored(definition, severity, self.rng)
                late = self.rng.random() < 0.15
                completed = min(due + (2 * DAY if late else -dt.timedelta(hours=5)), self.now)
                rows[QuestionnaireResponse].append(
                    QuestionnaireResponse(
                        enrollment=enrollment,
                        questionnaire_key=key,
                        definition_version=version,
                        occasion=f"history:{key}:{name}",
                        answers=answers,
                        score=score,
                        started_at=completed - dt.timedelta(minutes=9),
                        updated_at=completed,
                        completed_at=completed,
                        due_at=due,
                    )
                )

    def _messages(self, plan: dict, enrollment: Enrollment, rows: dict) -> None:
        if plan["practitioner"] is None:
            return
        end = plan["closed"] or self.now
        span = max(1, (end - plan["started"]).days - 2)
        for n in range(self.rng.randint(0, 4)):
            asked = plan["started"] + self.rng.randint(1, span) * DAY + n * dt.timedelta(hours=1)
            replied = asked + dt.timedelta(hours=self.rng.choice([1, 3, 6, 20, 26, 50]))
            answered = replied < self.now
            rows[Message].append(self._message(enrollment, plan, asked, answered and replied))
            if answered:
                rows[Message].append(self._message(enrollment, plan, replied, None, team=True))

    def _message(self, enrollment, plan, at, read_at, *, team: bool = False) -> Message:
        return Message(
            enrollment=enrollment,
            author_id=plan["practitioner"] if team else plan["citizen"].pk,
            sender_side=SenderSide.TEAM if team else SenderSide.CITIZEN,
            author_role=AuthorRole.PRACTITIONER if team else AuthorRole.CITIZEN,
            body=self.rng.choice(TEAM_TEXT if team else CITIZEN_TEXT),
            created_at=at,
            read_by_team_at=None if team else (read_at or None),
            read_by_team_by_id=None if team or not read_at else plan["practitioner"],
            read_by_citizen_at=at + dt.timedelta(hours=4) if team else None,
        )

"""Modules, steps, answers, feedback and diary entries of one generated enrollment."""

import datetime as dt

from stegvis.care.models import (
    Answer,
    DiaryEntry,
    Feedback,
    Flag,
    ModuleState,
    StepProgress,
)

TEXTS = (
    "Jag gick en promenad varje dag den här veckan.",
    "Det var svårt att komma igång, men jag ringde en vän.",
    "Jag lagade middag och åt tillsammans med familjen.",
    "Morgnarna är fortfarande tunga, men kvällarna känns bättre.",
    "Jag har sovit bättre sedan jag slutade titta på mobilen sent.",
    "Jag provade övningen två gånger och skrev ner vad som hände.",
)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
FEEDBACK_REPLY = (
    "Tack för att du skriver! Det låter som att du har kommit en bra bit på vägen. Fortsätt "
    "med nästa steg i din egen takt, så hörs vi igen nästa vecka."
)


class StepsMixin:
    """Needs the attributes EnrollmentBuilder sets (rng, plan, times, ids, add, access)."""

    def _open_count(self) -> int:
        total = len(self.plan.modules)
        if self.shape in ("queued", "early"):
            return 1
        if self.shape in ("unlocked", "handed_over"):
            return min(2, total)
        if self.shape == "maintenance":
            return total
        return self.rng.randint(1, total)

    def _modules(self) -> None:
        """Open the first modules by their rules, complete all but the current one."""
        modules = self.plan.modules
        opened = self._open_count()
        until = self.treatment_end or self.ctx.anchor
        self.open_modules, self.completed = [], {}
        for m, module in enumerate(modules):
            if m >= opened:
                self.add(ModuleState, enrollment_id=self.id, module_key=module.key,
                         visibility="locked", opened_at=None, opened_by_id=None,
                         completed_at=None)  # fmt: skip
                continue
            at = self.created if m == 0 else self.at(
                self.created + (until - self.created) * (m / opened) * 0.8,
                self.created + (until - self.created) * (m / opened),
            )  # fmt: skip
            by_hand = module.opening == "practitioner"
            actor = self.staff if by_hand else None
            done = m < opened - 1 or (
                self.shape in ("maintenance", "closed") and self.rng.random() < 0.7
            )
            completed = None
            if done:
                completed = self.at(at + DAY, min(until, at + 21 * DAY))
                self.completed[module.key] = completed
            self.open_modules.append((module, at))
            self.add(ModuleState, enrollment_id=self.id, module_key=module.key,
                     visibility="open", opened_at=at,
                     opened_by_id=actor.id if actor is not None else None,
                     completed_at=completed)  # fmt: skip
            if m > 0:
                who = self.staff_at(at)[0] if by_hand else None
                self.history(at, who.id if who else None, "module.opened", module=module.key,
                             cause="practitioner" if by_hand else "previous_done")  # fmt: skip
                self.access(at, self.staff if by_hand else None, "care.module_open", "change",
                            ("care.modulestate", ""))  # fmt: skip
            if completed is not None:
                self._module_done(module, completed)
            self._steps(module, at, completed)

    def _module_done(self, module, completed: dt.datetime) -> None:
        self.history(completed, self.citizen_id, "module.completed", module=module.key)
        acknowledged = self.clip(self.at(completed + HOUR, completed + 3 * DAY))
        if self.rng.random() < 0.2:
            acknowledged = None
        self.flag(completed, Flag.Kind.MODULE_DONE, Flag.Level.GREEN,
                  f"module_done:{module.key}", module.title, acknowledged)  # fmt: skip

    def _steps(self, module, opened: dt.datetime, completed: dt.datetime | None) -> None:
        self.step_seen = getattr(self, "step_seen", {})
        end = completed or self.end
        for n, step in enumerate(module.steps):
            if completed is None and n > 0 and self.rng.random() < 0.35:
                break
            seen = self.at(opened, end)
            done = completed or (self.clip(self.at(seen, end)) if self.rng.random() < 0.5 else None)
            self.step_seen[step] = seen
            self.add(StepProgress, enrollment_id=self.id, step_key=step, first_seen_at=seen,
                     completed_at=done)  # fmt: skip
            self.access(seen, "citizen", "step.seen", "change", ("care.stepprogress", ""))
            self.touch(seen)
        self.open_step = (module.key, module.steps[0])

    def flag(self, at, kind, level, dedupe_key: str, reason: str, acknowledged) -> None:
        """A flag as raise_flag makes it, acknowledged by the practitioner when given a time."""
        who = self.staff_at(acknowledged)[0] if acknowledged else None
        if level == Flag.Level.RED and acknowledged is None:
            self.open_red_flags += 1
        self.add(Flag, enrollment_id=self.id, kind=kind, level=level, reason=reason,
                 dedupe_key=dedupe_key, raised_at=at, acknowledged_at=acknowledged,
                 acknowledged_by_id=who.id if who else None)  # fmt: skip
        self.history(at, None, "flag.raised", kind=str(kind), level=str(level))
        self.access(at, None, "care.flag_raise", "change", ("care.flag", ""))
        if acknowledged is not None:
            self.history(acknowledged, who.id, "flag.acknowledged", kind=str(kind),
                         level=str(level))  # fmt: skip
            self.access(acknowledged, self.staff, "care.flag_acknowledge", "change",
                        ("care.flag", ""))  # fmt: skip

    def _value(self, block) -> dict:
        if block.type in ("homework", "feedback"):
            return {"text": self.rng.choice(TEXTS)}
        if block.type == "checklist":
            keys = [item.key for item in block.items]
            return {"checked": sorted(self.rng.sample(keys, self.rng.randint(1, len(keys))))}
        return {f.key: self._field(f) for f in block.fields}

    def _field(self, field, typed: bool = True):
        """A field's value as the citizen types it (strings), or cleaned (numbers) for diaries."""
        if field.kind == "number":
            number = self.rng.randint(0, 10)
            return str(number) if typed else number
        if field.kind == "choice":
            return self.rng.choice(field.choices)
        if field.kind == "date":
            return (self.ctx.anchor - DAY * self.rng.randint(0, 30)).date().isoformat()
        return self.rng.choice(TEXTS)

    def _answers(self) -> None:
        """Answer blocks of the open modules in reading order; the rest of the citizen's
        writing goes into the diary."""
        mean = self.ctx.shape.answers
        wanted = max(0, round(self.rng.gauss(mean, mean / 3)))
        blocks = [b for module, _at in self.open_modules for b in module.answer_blocks]
        answered = 0
        for block, step_key, step_title in blocks:
            seen = self.step_seen.get(step_key)
            if seen is None or answered >= wanted:
                continue
            answered += 1
            saved = self.at(seen, seen + 2 * DAY)
            submitted = saved if self.rng.random() < 0.85 else None
            self.add(Answer, enrollment_id=self.id, block_key=block.key, value=self._value(block),
                     submitted_at=submitted, updated_at=saved)  # fmt: skip
            self.access(saved, "citizen", "answer.submit" if submitted else "answer.save",
                        "change", ("care.answer", ""))  # fmt: skip
            self.touch(saved)
            if submitted and block.type == "feedback":
                self._feedback(block, step_key, step_title, submitted)
        self._diary(wanted - answered)

    def _feedback(self, block, step_key: str, step_title: str, submitted: dt.datetime) -> None:
        self.history(submitted, self.citizen_id, "feedback.submitted", block=block.key,
                     step=step_key)  # fmt: skip
        responded = self.clip(self.at(submitted + 4 * HOUR, submitted + 2 * DAY))
        if self.rng.random() < 0.15 or self.practitioner is None:
            responded = None
        who = self.staff_at(responded)[0] if responded else None
        self.add(Feedback, enrollment_id=self.id, block_key=block.key, submitted_at=submitted,
                 response=FEEDBACK_REPLY if responded else "", responded_at=responded,
                 responded_by_id=who.id if who else None)  # fmt: skip
        self.flag(submitted, Flag.Kind.FEEDBACK, Flag.Level.YELLOW, f"feedback:{block.key}",
                  step_title, responded)  # fmt: skip
        if responded is not None:
            self.history(responded, who.id, "feedback.answered", block=block.key)
            self.access(responded, self.staff, "care.feedback_respond", "change",
                        ("care.feedback", ""))  # fmt: skip

    def _diary(self, count: int) -> None:
        diaries = [d for module, _at in self.open_modules for d in module.diaries]
        if not diaries or count <= 0:
            return
        diary = diaries[0]
        for n in range(count):
            day = (self.end - DAY * (n + 1)).date()
            if day < self.start_date:
                break
            created = self.at(
                dt.datetime.combine(day, dt.time(18), tzinfo=dt.UTC),
                dt.datetime.combine(day, dt.time(23), tzinfo=dt.UTC),
            )
            values = {f.key: self._field(f, typed=False) for f in diary.fields}
            self.add(DiaryEntry, enrollment_id=self.id, diary_key=diary.key, entry_date=day,
                     values=values, created_at=created)  # fmt: skip
            self.access(created, "citizen", "diary.add", "change", ("care.diaryentry", ""))
            self.touch(created)

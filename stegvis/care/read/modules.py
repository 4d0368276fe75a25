"""An enrollment's modules as a reader sees them: states, completed steps, progress."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from stegvis.care.models import Enrollment, ModuleState, StepProgress
from stegvis.catalog.document import Module, ReleaseDocument, Step
from stegvis.catalog.opening import OpeningRule

Visibility = ModuleState.Visibility


@dataclass
class Progress:
    done: int
    total: int
    next_step: Step | None = None  # the first open step not yet complete

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass
class ModuleView:
    """One module of the release with the enrollment's state of it."""

    module: Module
    index: int
    state: ModuleState | None
    steps_total: int
    steps_done: int

    @property
    def visibility(self) -> str:
        return self.state.visibility if self.state else Visibility.LOCKED

    @property
    def is_open(self) -> bool:
        return self.visibility == Visibility.OPEN

    @property
    def is_hidden(self) -> bool:
        return self.visibility == Visibility.HIDDEN

    @property
    def opened_at(self) -> dt.datetime | None:
        return self.state.opened_at if self.state else None

    @property
    def completed_at(self) -> dt.datetime | None:
        return self.state.completed_at if self.state else None


@dataclass
class ModuleStates:
    """An enrollment's module states (by module key) and the keys of its completed steps."""

    states: dict[str, ModuleState] = field(default_factory=dict)
    completed_steps: set[str] = field(default_factory=set)

    @property
    def open_keys(self) -> set[str]:
        return {k for k, s in self.states.items() if s.visibility == Visibility.OPEN}

    @property
    def hidden(self) -> set[str]:
        return {k for k, s in self.states.items() if s.visibility == Visibility.HIDDEN}

    def modules(self, doc: ReleaseDocument) -> list[ModuleView]:
        """Every module of the release in order, hidden ones included."""
        views = []
        for index, module in enumerate(doc.modules):
            step_keys = [s.key for section in module.sections for s in section.steps]
            views.append(
                ModuleView(
                    module=module,
                    index=index,
                    state=self.states.get(module.key),
                    steps_total=len(step_keys),
                    steps_done=len(self.completed_steps.intersection(step_keys)),
                )
            )
        return views

    def progress(self, doc: ReleaseDocument) -> Progress:
        """Steps done of the steps the citizen can see (hidden modules do not count)."""
        hidden, open_keys = self.hidden, self.open_keys
        done = total = 0
        next_step = None
        for module, _section, step in doc.steps():
            if module.key in hidden:
                continue
            total += 1
            if step.key in self.completed_steps:
                done += 1
            elif next_step is None and module.key in open_keys:
                next_step = step
        return Progress(done, total, next_step)


def load_states(enrollment_ids: Iterable[int], *, steps: bool = True) -> dict[int, ModuleStates]:
    """The module states (and, with `steps`, completed steps) of each enrollment: 2 queries
    (1 without steps), whatever their number."""
    ids = list(enrollment_ids)
    found: dict[int, ModuleStates] = defaultdict(ModuleStates)
    if not ids:
        return found
    for state in ModuleState.objects.filter(enrollment_id__in=ids):
        found[state.enrollment_id].states[state.module_key] = state
    if steps:
        for enrollment_id, key in StepProgress.objects.filter(
            enrollment_id__in=ids, completed_at__isnull=False
        ).values_list("enrollment_id", "step_key"):
            found[enrollment_id].completed_steps.add(key)
    return found


def module_states(enrollment: Enrollment, *, steps: bool = True) -> ModuleStates:
    """One enrollment's module states (and completed steps): 2 queries, 1 without steps."""
    return load_states([enrollment.pk], steps=steps)[enrollment.pk]


def opening_day(enrollment: Enrollment, module: Module) -> dt.date | None:
    """The day a module opens by its rule (days after start, or a date), else None."""
    rule = module.opening
    if rule.rule == OpeningRule.DAYS_AFTER_START:
        return enrollment.start_date + dt.timedelta(days=rule.days or 0)
    if rule.rule == OpeningRule.DATE:
        return rule.date
    return None

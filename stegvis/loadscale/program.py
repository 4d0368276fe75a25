"""What the generator needs to know of a release: modules, steps, answer blocks, schedules."""

from dataclasses import dataclass

from stegvis.catalog.models import ProgramRelease
from stegvis.catalog.parsed import release_document
from stegvis.loadscale.pools import Scored, build_pool

ANSWER_TYPES = ("worksheet", "homework", "checklist", "feedback")


@dataclass(frozen=True)
class ModulePlan:
    key: str
    title: str
    opening: str  # the opening rule: at_start, previous_done, practitioner, ...
    steps: tuple[str, ...]
    answer_blocks: tuple  # (block, step key, step title) the citizen answers, in reading order
    diaries: tuple
    questionnaire_blocks: tuple  # (block key, questionnaire key)


@dataclass(frozen=True)
class ProgramPlan:
    release_id: int
    key: str
    modules: tuple[ModulePlan, ...]
    schedules: tuple  # (index, questionnaire, when, days)
    flag_rules: tuple
    inactivity_days: int | None
    pools: dict[str, list[Scored]]

    @property
    def steps_of_module(self) -> dict[str, str]:
        return {step: m.key for m in self.modules for step in m.steps}


def _module(module) -> ModulePlan:
    steps, answers, diaries, questionnaires = [], [], [], []
    for section in module.sections:
        for step in section.steps:
            steps.append(step.key)
            for block in step.blocks:
                if block.type in ANSWER_TYPES:
                    answers.append((block, step.key, step.title))
                elif block.type == "diary":
                    diaries.append(block)
                elif block.type == "questionnaire":
                    questionnaires.append((block.key, block.questionnaire))
    return ModulePlan(
        module.key,
        module.title,
        module.opening.rule,
        tuple(steps),
        tuple(answers),
        tuple(diaries),
        tuple(questionnaires),
    )


def plan_of(release: ProgramRelease, seed: int) -> ProgramPlan:
    """Read the release once and score its questionnaires' answer pools."""
    document = release_document(release)
    return ProgramPlan(
        release_id=release.pk,
        key=release.program_key,
        modules=tuple(_module(m) for m in document.modules),
        schedules=tuple(
            (i, s.questionnaire, s.when, s.days) for i, s in enumerate(document.schedules)
        ),
        flag_rules=tuple(document.flags),
        inactivity_days=document.reminders.inactivity_days,
        pools={
            key: build_pool(data, seed) for key, data in sorted(document.questionnaires.items())
        },
    )

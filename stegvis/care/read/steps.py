"""The citizen's saved state for the blocks of one step, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from stegvis.care.models import Answer, DiaryEntry, Enrollment, Feedback, QuestionnaireResponse
from stegvis.catalog.blocks import ANSWER_BLOCKS
from stegvis.catalog.document import Step

DIARY_ROWS = 60  # entries shown per diary; the chart and table show the latest ones


@dataclass
class StepState:
    """The citizen's saved state for the blocks of one step."""

    answers: dict[str, Answer] = field(default_factory=dict)
    responses: dict[str, QuestionnaireResponse] = field(default_factory=dict)
    feedback: dict[str, Feedback] = field(default_factory=dict)
    diaries: dict[str, list[DiaryEntry]] = field(default_factory=dict)


def load_step_state(enrollment: Enrollment, step: Step) -> StepState:
    """Load the step's answers, questionnaire responses, feedback and diaries (4 queries)."""
    keys = {b.type: [] for b in step.blocks}
    for block in step.blocks:
        if hasattr(block, "key"):
            keys[block.type].append(block.key)
    state = StepState()
    answer_keys = [k for t in ANSWER_BLOCKS for k in keys.get(t, [])]
    if answer_keys:
        state.answers = {
            a.block_key: a
            for a in Answer.objects.filter(enrollment=enrollment, block_key__in=answer_keys)
        }
    if keys.get("questionnaire"):
        occasions = [f"block:{k}" for k in keys["questionnaire"]]
        state.responses = {
            r.occasion.removeprefix("block:"): r
            for r in QuestionnaireResponse.objects.filter(
                enrollment=enrollment, occasion__in=occasions
            )
        }
    if keys.get("feedback"):
        state.feedback = {
            f.block_key: f
            for f in Feedback.objects.filter(enrollment=enrollment, block_key__in=keys["feedback"])
        }
    if keys.get("diary"):
        for key in keys["diary"]:
            state.diaries[key] = []
        # One query for every diary on the step; each shows its latest DIARY_ROWS entries.
        entries = DiaryEntry.objects.filter(
            enrollment=enrollment, diary_key__in=keys["diary"]
        ).order_by("-entry_date", "-created_at")[: DIARY_ROWS * len(keys["diary"])]
        for entry in entries:
            rows = state.diaries[entry.diary_key]
            if len(rows) < DIARY_ROWS:
                rows.append(entry)
    return state

"""Questionnaire answers for the demo's history: a severity from 0 (well) to 1 (severe).

Each response is scored by the instrument engine (`stegvis.instruments.scoring.score`), as the
portal scores a citizen's answers, so the stored scores are exactly what the engine gives.
"""

import random

from stegvis.instruments.scoring import score

_NUMBERS = ("integer", "decimal", "slider")


def _leaf_items(items):
    for item in items:
        if item.items:
            yield from _leaf_items(item.items)
        else:
            yield item


def answers_for(definition, severity: float, rng: random.Random) -> dict:
    """Answers at `severity`: choices ordered well → severe, numbers (a VAS) best at 0.

    Items shown only under a condition are left out; scoring allows unanswered items.
    """
    answers = {}
    for item in _leaf_items(definition.items):
        if item.conditions:
            continue
        level = min(1.0, max(0.0, severity + rng.uniform(-0.12, 0.12)))
        if item.options:
            answers[item.link_id] = item.options[round(level * (len(item.options) - 1))].code
        elif item.type in _NUMBERS and item.min is not None and item.max is not None:
            answers[item.link_id] = round(item.max - level * (item.max - item.min))
    return answers


def scored(definition, severity: float, rng: random.Random) -> tuple[dict, dict, str]:
    """(answers, the engine's score, the definition's version) for one response."""
    answers = answers_for(definition, severity, rng)
    result = score(definition, answers)
    return answers, result.to_dict(), result.version

"""Questionnaire answers the scoring accepts, scored once by the instrument engine.

Scoring every generated response would cost more than inserting it, so each questionnaire gets
a pool of checked, scored answer sets ordered from mild to severe; enrollments pick from it.
"""

import random
from dataclasses import dataclass

from stegvis.instruments.definition import load_definition
from stegvis.instruments.responses import check_answers, drop_hidden_answers
from stegvis.instruments.schema import Definition
from stegvis.instruments.scoring import score

POOL_SIZE = 96
# Most severe answer sets raise an item alert (PHQ-9 item 9); real responses mostly do not.
KEEP_ALERT = 0.2


@dataclass(frozen=True)
class Scored:
    answers: dict
    score: dict
    version: str


def _items(items):
    for item in items:
        yield item
        yield from _items(item.items)


def _answer(definition: Definition, severity: float, rng: random.Random) -> dict:
    """Answer every item, leaning towards the option at `severity` (0 mild .. 1 severe)."""
    answers: dict = {}
    for item in _items(definition.items):
        if not item.answerable:
            continue
        if item.options:
            top = len(item.options) - 1
            position = round(min(top, max(0, severity * top + rng.gauss(0, 0.8))))
            answers[item.link_id] = item.options[position].code
        elif item.min is not None and item.max is not None:
            span = item.max - item.min
            value = item.min + (1 - severity) * span + rng.gauss(0, span / 10)
            answers[item.link_id] = int(min(item.max, max(item.min, value)))
    return drop_hidden_answers(definition, answers)


def build_pool(data: dict, seed: int) -> list[Scored]:
    """A pool of complete, valid, scored answer sets for one definition (mild first)."""
    definition = load_definition(data)
    rng = random.Random(f"{seed}:{definition.key}")
    pool: list[Scored] = []
    for n in range(POOL_SIZE * 2):
        answers = _answer(definition, (n % POOL_SIZE) / (POOL_SIZE - 1), rng)
        if check_answers(definition, answers, complete=True).errors:
            continue
        result = score(definition, answers)
        pool.append(Scored(answers, result.to_dict(), definition.version))
        if len(pool) == POOL_SIZE:
            break
    if not pool:
        raise ValueError(f"No valid answers could be made for {definition.key}.")
    return sorted(pool, key=lambda s: (s.score.get("total") is None, s.score.get("total") or 0))


def pick(pool: list[Scored], severity: float, rng: random.Random) -> Scored:
    """The answer set at `severity` (0..1); an alerting one is kept only now and then."""
    index = min(len(pool) - 1, max(0, round(severity * (len(pool) - 1))))
    if not pool[index].score.get("alerts") or rng.random() < KEEP_ALERT:
        return pool[index]
    for distance in range(1, len(pool)):
        for candidate in (index - distance, index + distance):
            if 0 <= candidate < len(pool) and not pool[candidate].score.get("alerts"):
                return pool[candidate]
    return pool[index]

"""Score a response: scales (total and subscales), severity bands, item alerts, EQ-5D index."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .compiled import CHOICE, MULTI, compare, compiled, enabled
from .eq5d import VALUE_SETS, index_value
from .messages import Text, text
from .responses import AnswerError, _check
from .schema import Definition


class ScoringError(ValueError):
    """The scoring cannot be done as asked (e.g. an unknown value set); ``message`` says why."""

    def __init__(self, message: Text):
        self.message = message
        super().__init__(message["en"])


@dataclass(frozen=True, slots=True)
class ScaleScore:
    value: float | int | None
    band: dict[str, Any] | None
    invalid_reason: Text | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "band": self.band, "invalidReason": self.invalid_reason}


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """What is stored with a response: scores, band, alerts and the definition version used."""

    instrument: str
    version: str
    complete: bool
    total: float | int | None = None
    band: dict[str, Any] | None = None
    subscales: dict[str, ScaleScore] = field(default_factory=dict)
    alerts: tuple[dict[str, Any], ...] = ()
    index: float | None = None
    value_set: str | None = None
    profile: str | None = None
    vas: float | int | None = None
    invalid_reason: Text | None = None
    unanswered: tuple[str, ...] = ()

    @property
    def prioritised(self) -> bool:
        return any(a["level"] == "prioritised" for a in self.alerts)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-serialisable dict with a fixed set of keys."""
        return {
            "instrument": self.instrument,
            "version": self.version,
            "complete": self.complete,
            "total": self.total,
            "band": self.band,
            "subscales": {k: v.to_dict() for k, v in self.subscales.items()},
            "alerts": list(self.alerts),
            "index": self.index,
            "valueSet": self.value_set,
            "profile": self.profile,
            "vas": self.vas,
            "invalidReason": self.invalid_reason,
            "unanswered": list(self.unanswered),
        }


def score(definition: Definition, answers: Any, *, value_set: str | None = None) -> ScoreResult:
    """Check and score ``answers``; raise ``AnswerError`` if any given answer is invalid.

    Unanswered items are allowed: each scale then follows its missing-items rule (invalid, or
    prorated up to ``maxMissing``), and ``complete`` is False while a required item is open.
    Alerts fire on the answers given, even in an incomplete response.
    """
    errors, unanswered = _check(definition, answers)
    if errors:
        raise AnswerError(errors)
    cd = compiled(definition)
    by_link = cd.by_link
    finals: dict[str, Any] = {}
    raws: dict[str, Any] = {}
    for link, value in answers.items():
        it = by_link[link]
        if value is None or value == "" or value == []:
            continue
        kind = it.kind
        if kind == CHOICE:
            raws[link], finals[link] = it.codes[value]
        elif kind == MULTI:
            pairs = [it.codes[v] for v in value]
            raws[link] = _sum_known(p[0] for p in pairs)
            finals[link] = _sum_known(p[1] for p in pairs)
        elif type(value) is int or type(value) is float:
            raws[link] = value
            base = it.lookup[str(int(value))] if it.lookup is not None else value
            finals[link] = it.transform(base)
    scales: dict[str, ScaleScore] = {}
    for scale in cd.scales:
        scales[scale.id] = _scale(scale, finals, by_link, answers)
    alerts = []
    for link, scale_id, op, threshold, out in cd.alerts:
        actual = raws.get(link) if link is not None else scales[scale_id].value
        if actual is not None and compare(op, actual, threshold):
            alerts.append({"item": link, "scale": scale_id, **out})
    total = scales.pop(cd.scales[0].id) if definition.scoring.total else None
    result = dict(
        instrument=cd.key,
        version=cd.version,
        complete=not unanswered,
        subscales=scales,
        alerts=tuple(alerts),
        unanswered=tuple(unanswered),
    )
    if total is not None:
        result.update(total=total.value, band=total.band, invalid_reason=total.invalid_reason)
    if cd.index is not None:
        result.update(_index(cd.index, answers, value_set))
    return ScoreResult(**result)


def _sum_known(values) -> Any:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _scale(scale, finals: dict, by_link: dict, answers: dict) -> ScaleScore:
    total = 0
    answered = applicable = 0
    for link in scale.items:
        it = by_link[link]
        if it.gates is not None and not enabled(it.gates, answers):
            continue
        applicable += 1
        value = finals.get(link)
        if value is not None:
            total += value
            answered += 1
    missing = applicable - answered
    if answered == 0 or missing > (scale.max_missing if scale.prorate else 0):
        return ScaleScore(None, None, _missing_reason(missing, scale))
    if scale.mean:
        value = total / answered
    elif missing:
        value = total * applicable / answered
    else:
        value = total
    if scale.integral:
        value = math.floor(value + 0.5) if type(value) is not int else value
    else:
        value = round(value, 4)
    return ScaleScore(value, _band(scale, value))


def _band(scale, value) -> dict[str, Any] | None:
    bands = scale.bands
    if not bands:
        return None
    if scale.integral:
        for lo, hi, out in bands:
            if lo <= value <= hi:
                return out
        return None
    last = len(bands) - 1
    for i, (lo, hi, out) in enumerate(bands):
        if lo <= value and (value < bands[i + 1][0] if i < last else value <= hi):
            return out
    return None


def _missing_reason(missing: int, scale) -> Text:
    if scale.prorate:
        return text(
            f"{missing} frågor saknar svar; högst {scale.max_missing} får saknas för att "
            f"poängen ska kunna räknas.",
            f"{missing} questions are unanswered; at most {scale.max_missing} may be missing "
            f"for the score to be calculated.",
        )
    return text(
        f"{missing} frågor saknar svar, så poängen kan inte räknas.",
        f"{missing} questions are unanswered, so the score cannot be calculated.",
    )


def _index(index, answers: dict, value_set: str | None) -> dict[str, Any]:
    name = value_set or index.default_value_set
    if name not in VALUE_SETS:
        raise ScoringError(
            text(
                f"Värderingssetet {name} finns inte; välj {' eller '.join(VALUE_SETS)}.",
                f"Value set {name} does not exist; choose {' or '.join(VALUE_SETS)}.",
            )
        )
    levels = [answers.get(link) for _, link in index.dimensions]
    vas = answers.get(index.vas) if index.vas else None
    if any(lv is None or lv == "" for lv in levels):
        return {"value_set": name, "vas": vas}
    profile = "".join(levels)
    return {
        "value_set": name,
        "profile": profile,
        "index": index_value(tuple(int(c) for c in profile), name),
        "vas": vas,
    }

"""Score a response: scales (total and subscales), severity bands, item alerts, EQ-5D index."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from .compiled import compare, compiled, enabled
from .eq5d import VALUE_SETS
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
    raws: dict[str, Any] = {}
    finals: dict[str, Any] = {}
    errors, unanswered = _check(definition, answers, (raws, finals))
    if errors:
        raise AnswerError(errors)
    cd = compiled(definition)
    by_link = cd.by_link
    scales: dict[str, ScaleScore] = {}
    for scale in cd.scales:
        scales[scale.id] = _scale(scale, finals, by_link, answers)
    alerts = []
    for link, scale_id, op, threshold, out in cd.alerts:
        actual = raws.get(link) if link is not None else scales[scale_id].value
        if actual is not None and compare(op, actual, threshold):
            alerts.append({"item": link, "scale": scale_id, **out})
    total = scales.pop(cd.scales[0].id) if cd.has_total else None
    index = profile = vas = name = None
    if cd.index is not None:
        name, profile, index, vas = _index(cd, answers, value_set)
    return ScoreResult(
        cd.key,
        cd.version,
        not unanswered,
        total.value if total is not None else None,
        total.band if total is not None else None,
        scales,
        tuple(alerts),
        index,
        name,
        profile,
        vas,
        total.invalid_reason if total is not None else None,
        tuple(unanswered),
    )


def _scale(scale, finals: dict, by_link: dict, answers: dict) -> ScaleScore:
    total = 0
    answered = 0
    if scale.gated:
        applicable = 0
        for link in scale.items:
            it = by_link[link]
            if it.gates is not None and not enabled(it.gates, answers):
                continue
            applicable += 1
            value = finals.get(link)
            if value is not None:
                total += value
                answered += 1
    else:
        applicable = len(scale.items)
        values = list(map(finals.get, scale.items))
        if None in values:
            values = [v for v in values if v is not None]
        answered = len(values)
        total = sum(values)
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
    if scale.band_of is not None:
        return scale.band_of.get(value)
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


def _index(cd, answers: dict, value_set: str | None) -> tuple:
    """Return (value set, profile, index, VAS); profile and index are None until complete."""
    name = value_set or cd.index.default_value_set
    table = cd.value_sets.get(name)
    if table is None:
        raise ScoringError(
            text(
                f"Värderingssetet {name} finns inte; välj {' eller '.join(VALUE_SETS)}.",
                f"Value set {name} does not exist; choose {' or '.join(VALUE_SETS)}.",
            )
        )
    vas = answers.get(cd.index.vas) if cd.index.vas else None
    levels = [answers.get(link) for link in cd.index_links]
    if None in levels or "" in levels:
        return name, None, None, vas
    start, any_level_5, decimals, decrements = table
    value = start
    for dim_table, level in zip(decrements, levels, strict=True):
        value -= dim_table[level]
    if "5" in levels:
        value -= any_level_5
    return name, "".join(levels), round(value, decimals), vas

"""A definition compiled for the hot path: plain tuples and dicts, no dataclass lookups.

Validating and scoring a response runs once per answer submitted and in batch jobs over
whole registers, so everything that can be worked out from the definition alone is done
here, once, and cached on the definition.
"""

from __future__ import annotations

import re
from typing import Any

from . import messages as m
from .definition import item_range
from .eq5d import DIMENSIONS, VALUE_SETS
from .schema import Definition, ItemRule

CHOICE, MULTI, INTEGER, DECIMAL, TEXT, DATE = range(6)
KINDS = {
    "choice": CHOICE,
    "multichoice": MULTI,
    "integer": INTEGER,
    "slider": INTEGER,
    "decimal": DECIMAL,
    "text": TEXT,
    "date": DATE,
}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CItem:
    """One answerable item, with its ancestors' conditions folded into ``gates``."""

    __slots__ = (
        "bad",
        "codes",
        "gates",
        "hi",
        "kind",
        "link",
        "lo",
        "lookup",
        "plain",
        "range_msg",
        "required",
        "reverse",
        "weight",
    )

    def __init__(self, item, gates, rule: ItemRule | None, lookups) -> None:
        self.link = item.link_id
        self.kind = KINDS[item.type]
        self.required = item.required
        self.gates = gates or None
        self.lo, self.hi = item.min, item.max
        self.range_msg = (
            m.between(self.lo, self.hi) if item.min is not None or item.max is not None else None
        )
        self.bad = {
            CHOICE: m.CHOOSE_ONE,
            MULTI: m.CHOOSE_MANY,
            INTEGER: m.WHOLE_NUMBER,
            DECIMAL: m.NUMBER,
            TEXT: m.TEXT_EXPECTED,
            DATE: m.DATE_EXPECTED,
        }[self.kind]
        rule = rule or ItemRule()
        table = lookups.get(rule.lookup) if rule.lookup else None
        rng = item_range(item, ItemRule(lookup=rule.lookup), lookups) if rule.reverse else None
        self.reverse = (rng[0] + rng[1]) if rule.reverse and rng else None
        self.weight = rule.weight
        self.lookup = table if item.type not in ("choice", "multichoice") else None
        # code -> (raw score, final score); raw drives alerts, final drives scales.
        self.plain = self.reverse is None and self.weight == 1 and self.lookup is None
        self.codes: dict[str, tuple[Any, Any]] = {}
        for option in item.options:
            raw = option.score
            base = table[option.code] if table else raw
            self.codes[option.code] = (raw, self.transform(base))

    def transform(self, base):
        if base is None:
            return None
        if self.reverse is not None:
            base = self.reverse - base
        return base * self.weight if self.weight != 1 else base


class CScale:
    __slots__ = (
        "band_of",
        "bands",
        "gated",
        "id",
        "integral",
        "items",
        "label",
        "max_missing",
        "mean",
        "prorate",
    )

    def __init__(self, scale, integral: bool, gated: bool) -> None:
        self.gated = gated
        self.id = scale.id
        self.label = scale.label
        self.items = scale.items
        self.mean = scale.method == "mean"
        self.prorate = scale.missing == "prorate"
        self.max_missing = scale.max_missing
        self.integral = integral
        self.bands = tuple(
            (b.min, b.max, {"code": b.code, "label": b.label, "level": b.level})
            for b in scale.bands
        )
        # A whole-number scale with a modest range looks its band up directly.
        self.band_of = None
        if integral and self.bands and self.bands[-1][1] - self.bands[0][0] <= 100_000:
            self.band_of = {
                value: out for lo, hi, out in self.bands for value in range(int(lo), int(hi) + 1)
            }


class Compiled:
    __slots__ = (
        "alerts",
        "by_link",
        "has_total",
        "index",
        "index_links",
        "items",
        "key",
        "not_answerable",
        "scales",
        "value_sets",
        "version",
    )

    def __init__(self, definition: Definition) -> None:
        scoring = definition.scoring
        self.key, self.version = definition.key, definition.version
        self.items: list[CItem] = []
        self.not_answerable: set[str] = set()
        for item, parents in definition.walk():
            if not item.answerable:
                self.not_answerable.add(item.link_id)
                continue
            gates = tuple(
                (
                    tuple((c.item, c.operator, c.value) for c in x.conditions),
                    x.enable_behavior == "any",
                )
                for x in (*parents, item)
                if x.conditions
            )
            self.items.append(CItem(item, gates, scoring.items.get(item.link_id), scoring.lookups))
        self.by_link = {ci.link: ci for ci in self.items}
        self.scales = []
        for scale in scoring.scales:
            integral = scale.method == "sum" and all(
                item_range(definition.item(link), scoring.items.get(link), scoring.lookups)[2]
                for link in scale.items
            )
            gated = any(self.by_link[link].gates is not None for link in scale.items)
            self.scales.append(CScale(scale, integral, gated))
        self.alerts = tuple(
            (a.item, a.scale, a.operator, a.value, {"level": a.level, "message": a.message})
            for a in scoring.alerts
        )
        self.index = scoring.index
        self.has_total = scoring.total is not None
        # EQ-5D-5L: per value set (start, level-5 extra, decimals, per dimension code->decrement).
        self.index_links = tuple(link for _, link in scoring.index.dimensions) if self.index else ()
        self.value_sets = {
            name: (
                vs.start,
                vs.any_level_5,
                vs.decimals,
                tuple(
                    {str(level): vs.decrements[dim][level - 1] for level in range(1, 6)}
                    for dim in DIMENSIONS
                ),
            )
            for name, vs in VALUE_SETS.items()
        }


def compiled(definition: Definition) -> Compiled:
    """Return the compiled form of ``definition``, building it on first use."""
    try:
        return definition.__dict__["_compiled"]
    except KeyError:
        built = Compiled(definition)
        object.__setattr__(definition, "_compiled", built)
        return built


def compare(op: str, actual: Any, expected: Any) -> bool:
    """Compare one answer value with a condition's value; mismatched types compare false."""
    try:
        if op == "=":
            return actual == expected
        if op == "!=":
            return actual != expected
        if op == ">":
            return actual > expected
        if op == ">=":
            return actual >= expected
        if op == "<":
            return actual < expected
        return actual <= expected
    except TypeError:
        return False


def enabled(gates, answers: dict) -> bool:
    """Say whether every gate (the item's and its groups' conditions) lets the item show."""
    for conditions, any_of in gates:
        results = (_holds(c, answers) for c in conditions)
        if not (any(results) if any_of else all(results)):
            return False
    return True


def _holds(condition, answers: dict) -> bool:
    link, op, expected = condition
    actual = answers.get(link)
    if op == "exists":
        return (actual is not None and actual != "" and actual != []) == expected
    if actual is None:
        return False
    if type(actual) is list:
        return any(compare(op, a, expected) for a in actual)
    return compare(op, actual, expected)

"""The questionnaire definition: frozen dataclasses and their JSON form.

A definition is built only by ``load_definition`` (in ``definition.py``), which checks every
rule; the classes here hold data and turn it back into the JSON form with ``to_dict``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .messages import Text

Number = int | float

ANSWER_TYPES = ("choice", "multichoice", "integer", "decimal", "slider", "text", "date")
ITEM_TYPES = (*ANSWER_TYPES, "display", "group")
NUMERIC_TYPES = ("integer", "decimal", "slider")
CHOICE_TYPES = ("choice", "multichoice")
OPERATORS = ("exists", "=", "!=", ">", ">=", "<", "<=")
ALERT_LEVELS = ("info", "warning", "prioritised")
MISSING_RULES = ("invalid", "prorate")
METHODS = ("sum", "mean")


@dataclass(frozen=True, slots=True)
class Coding:
    code: str
    system: str | None = None
    display: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code}
        if self.system:
            out["system"] = self.system
        if self.display:
            out["display"] = self.display
        return out


@dataclass(frozen=True, slots=True)
class Option:
    code: str
    label: Text
    score: Number | None = None
    # A step between two described steps (MADRS-S 1, 3, 5): the form shows only its number;
    # its label ("1 (mellan 0 och 2)") is its accessible name and is shown in results.
    between: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "label": dict(self.label)}
        if self.score is not None:
            out["score"] = self.score
        if self.between:
            out["between"] = True
        return out


@dataclass(frozen=True, slots=True)
class Condition:
    """Show an item only when ``item``'s answer compares to ``value`` with ``operator``."""

    item: str
    operator: str
    value: Any

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item, "operator": self.operator, "value": self.value}


@dataclass(frozen=True, slots=True)
class Item:
    link_id: str
    type: str
    text: Text
    required: bool = False
    options: tuple[Option, ...] = ()
    min: Number | None = None
    max: Number | None = None
    conditions: tuple[Condition, ...] = ()
    enable_behavior: str = "all"
    items: tuple[Item, ...] = ()
    codes: tuple[Coding, ...] = ()
    # The question's longer text under its heading (``text``), e.g. a MADRS-S item's question.
    help: Text | None = None

    @property
    def answerable(self) -> bool:
        return self.type in ANSWER_TYPES

    def option(self, code: str) -> Option | None:
        for option in self.options:
            if option.code == code:
                return option
        return None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"linkId": self.link_id, "type": self.type, "text": dict(self.text)}
        if self.help:
            out["help"] = dict(self.help)
        if self.required:
            out["required"] = True
        if self.codes:
            out["codes"] = [c.to_dict() for c in self.codes]
        if self.options:
            out["options"] = [o.to_dict() for o in self.options]
        if self.min is not None:
            out["min"] = self.min
        if self.max is not None:
            out["max"] = self.max
        if self.conditions:
            out["enableWhen"] = [c.to_dict() for c in self.conditions]
            if self.enable_behavior != "all":
                out["enableBehavior"] = self.enable_behavior
        if self.items:
            out["items"] = [i.to_dict() for i in self.items]
        return out


@dataclass(frozen=True, slots=True)
class Band:
    min: Number
    max: Number
    code: str
    label: Text
    level: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "min": self.min,
            "max": self.max,
            "code": self.code,
            "label": dict(self.label),
            "level": self.level,
        }


@dataclass(frozen=True, slots=True)
class Scale:
    id: str
    label: Text
    items: tuple[str, ...]
    method: str = "sum"
    missing: str = "invalid"
    max_missing: int = 0
    bands: tuple[Band, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "label": dict(self.label),
            "items": list(self.items),
            "method": self.method,
            "missing": {"rule": self.missing},
        }
        if self.missing == "prorate":
            out["missing"]["maxMissing"] = self.max_missing
        if self.bands:
            out["bands"] = [b.to_dict() for b in self.bands]
        return out


@dataclass(frozen=True, slots=True)
class ItemRule:
    reverse: bool = False
    weight: Number = 1
    lookup: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.reverse:
            out["reverse"] = True
        if self.weight != 1:
            out["weight"] = self.weight
        if self.lookup:
            out["lookup"] = self.lookup
        return out


@dataclass(frozen=True, slots=True)
class Alert:
    operator: str
    value: Number
    level: str
    message: Text
    item: str | None = None
    scale: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.item is not None:
            out["item"] = self.item
        if self.scale is not None:
            out["scale"] = self.scale
        out.update(
            operator=self.operator, value=self.value, level=self.level, message=dict(self.message)
        )
        return out


@dataclass(frozen=True, slots=True)
class Index:
    """A health index computed from a profile of dimension levels (EQ-5D-5L)."""

    method: str
    dimensions: tuple[tuple[str, str], ...]
    vas: str | None = None
    default_value_set: str = "sweden-2022"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "method": self.method,
            "dimensions": dict(self.dimensions),
            "defaultValueSet": self.default_value_set,
        }
        if self.vas:
            out["vas"] = self.vas
        return out


@dataclass(frozen=True, slots=True)
class Sourced:
    """A published figure and where it was published (author, year, journal)."""

    value: Number
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "source": self.source}


@dataclass(frozen=True, slots=True)
class Change:
    """What a change in a scale's score means (see ``stegvis.instruments.change``).

    ``reliability`` (test–retest) and ``sd`` (a norm or baseline SD) give the Jacobson &
    Truax reliable change index; ``cutoff`` is the lowest score counted as a case when lower
    is better (the highest when higher is better). Each is optional and names its source.
    """

    scale: str = "total"
    lower_is_better: bool = True
    reliability: Sourced | None = None
    sd: Sourced | None = None
    cutoff: Sourced | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "scale": self.scale,
            "better": "lower" if self.lower_is_better else "higher",
        }
        for name in ("reliability", "sd", "cutoff"):
            if (figure := getattr(self, name)) is not None:
                out[name] = figure.to_dict()
        return out


@dataclass(frozen=True, slots=True)
class Scoring:
    total: Scale | None = None
    subscales: tuple[Scale, ...] = ()
    items: dict[str, ItemRule] = field(default_factory=dict)
    lookups: dict[str, dict[str, Number]] = field(default_factory=dict)
    alerts: tuple[Alert, ...] = ()
    index: Index | None = None
    change: Change | None = None

    @property
    def scales(self) -> tuple[Scale, ...]:
        return ((self.total,) if self.total else ()) + self.subscales

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.total:
            out["total"] = self.total.to_dict()
        if self.subscales:
            out["subscales"] = [s.to_dict() for s in self.subscales]
        rules = {k: r.to_dict() for k, r in self.items.items() if r.to_dict()}
        if rules:
            out["items"] = rules
        if self.lookups:
            out["lookups"] = {k: dict(v) for k, v in self.lookups.items()}
        if self.alerts:
            out["alerts"] = [a.to_dict() for a in self.alerts]
        if self.index:
            out["index"] = self.index.to_dict()
        if self.change:
            out["change"] = self.change.to_dict()
        return out


@dataclass(frozen=True, eq=False)
class Definition:
    # Not slotted: the compiled form for answering and scoring is cached on the instance.
    key: str
    version: str
    title: Text
    items: tuple[Item, ...]
    scoring: Scoring = field(default_factory=Scoring)
    source: str = ""
    licence: str = ""
    codes: tuple[Coding, ...] = ()
    url: str | None = None

    def walk(self) -> Iterator[tuple[Item, tuple[Item, ...]]]:
        """Yield every item in document order with its ancestors (outermost first)."""

        def visit(items: tuple[Item, ...], parents: tuple[Item, ...]):
            for item in items:
                yield item, parents
                yield from visit(item.items, (*parents, item))

        yield from visit(self.items, ())

    def item(self, link_id: str) -> Item | None:
        # Indexed on first use (a frozen instance, so kept in __dict__): looking up every item
        # of a long form must stay linear.
        index = self.__dict__.get("_by_link")
        if index is None:
            index = {item.link_id: item for item, _ in self.walk()}
            object.__setattr__(self, "_by_link", index)
        return index.get(link_id)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": "stegvis-instrument/1",
            "key": self.key,
            "version": self.version,
            "title": dict(self.title),
        }
        if self.url:
            out["url"] = self.url
        if self.codes:
            out["codes"] = [c.to_dict() for c in self.codes]
        if self.source:
            out["source"] = self.source
        if self.licence:
            out["licence"] = self.licence
        out["items"] = [i.to_dict() for i in self.items]
        scoring = self.scoring.to_dict()
        if scoring:
            out["scoring"] = scoring
        return out

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Definition) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

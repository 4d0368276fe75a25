"""Check the scoring of a definition: scales, bands, item rules, lookups, alerts, index."""

from __future__ import annotations

import itertools
from typing import Any

from .loader_change import load_change
from .loader_items import ItemLoader, is_number
from .schema import (
    ALERT_LEVELS,
    CHOICE_TYPES,
    METHODS,
    MISSING_RULES,
    NUMERIC_TYPES,
    OPERATORS,
    Alert,
    Band,
    Index,
    Item,
    ItemRule,
    Number,
    Scale,
    Scoring,
)

SCORING_FIELDS = {"total", "subscales", "items", "lookups", "alerts", "index", "change"}
SCALE_FIELDS = {"id", "label", "items", "method", "missing", "bands"}
BAND_FIELDS = {"min", "max", "code", "label", "level"}
ALERT_FIELDS = {"item", "scale", "operator", "value", "level", "message"}
RULE_FIELDS = {"reverse", "weight", "lookup"}
INDEX_FIELDS = {"method", "dimensions", "vas", "defaultValueSet"}
INDEX_METHODS = {"eq5d5l": ("MO", "SC", "UA", "PD", "AD")}


class Loader(ItemLoader):
    # -- scoring -----------------------------------------------------------------------------
    def scoring(self, raw: Any) -> Scoring:
        if raw is None:
            return Scoring()
        if not isinstance(raw, dict):
            self.fail(
                "scoring",
                "scoring-object",
                "scoring måste vara ett objekt.",
                "scoring must be an object.",
            )
            return Scoring()
        self.known_fields(raw, SCORING_FIELDS, "scoring")
        lookups = self.lookups(raw.get("lookups"))
        rules = self.item_rules(raw.get("items"), lookups)
        total = (
            self.scale(raw["total"], "scoring.total", rules, lookups) if raw.get("total") else None
        )
        subs = []
        for i, sub in enumerate(raw.get("subscales") or []):
            scale = self.scale(sub, f"scoring.subscales[{i}]", rules, lookups)
            if scale and any(s.id == scale.id for s in [*subs, *([total] if total else [])]):
                self.fail(
                    f"scoring.subscales[{i}]",
                    "scale-id-unique",
                    f"Skalan {scale.id} finns två gånger.",
                    f"Scale {scale.id} appears twice.",
                )
            if scale:
                subs.append(scale)
        scales = {s.id: s for s in ([total] if total else []) + subs}
        alerts = tuple(
            a
            for i, r in enumerate(raw.get("alerts") or [])
            if (a := self.alert(r, f"scoring.alerts[{i}]", scales))
        )
        index = self.index(raw.get("index"))
        change = load_change(self, raw.get("change"), scales)
        return Scoring(total, tuple(subs), rules, lookups, alerts, index, change)

    def lookups(self, raw: Any) -> dict[str, dict[str, Number]]:
        if not raw:
            return {}
        if not isinstance(raw, dict) or not all(
            isinstance(t, dict) and t and all(is_number(v) for v in t.values())
            for t in raw.values()
        ):
            self.fail(
                "scoring.lookups",
                "lookup-table",
                "Varje uppslagstabell måste ge ett tal för varje värde.",
                "Each lookup table must map every value to a number.",
            )
            return {}
        return {name: {str(k): v for k, v in table.items()} for name, table in raw.items()}

    def item_rules(self, raw: Any, lookups: dict) -> dict[str, ItemRule]:
        out: dict[str, ItemRule] = {}
        for link, rule in (raw or {}).items():
            where = f"scoring.items.{link}"
            item = self.items.get(link)
            if item is None or not isinstance(rule, dict):
                self.fail(
                    where,
                    "rule-item",
                    f"Poängregeln gäller {link}, som inte finns.",
                    f"The scoring rule is for {link}, which does not exist.",
                    link,
                )
                continue
            self.known_fields(rule, RULE_FIELDS, where, link)
            weight = rule.get("weight", 1)
            if not is_number(weight) or weight <= 0:
                self.fail(
                    where,
                    "weight",
                    "Vikten måste vara ett positivt tal.",
                    "The weight must be a positive number.",
                    link,
                )
                weight = 1
            lookup = rule.get("lookup")
            if lookup is not None:
                self.check_lookup(item, lookup, lookups, where)
            out[link] = ItemRule(bool(rule.get("reverse", False)), weight, lookup)
        return out

    def check_lookup(self, item: Item, name: Any, lookups: dict, where: str) -> None:
        link = item.link_id
        table = lookups.get(name) if isinstance(name, str) else None
        if table is None:
            self.fail(
                where,
                "lookup-table",
                f"Uppslagstabellen {name} finns inte.",
                f"Lookup table {name} does not exist.",
                link,
            )
            return
        if item.type in CHOICE_TYPES:
            keys = [o.code for o in item.options]
        elif item.type in ("integer", "slider") and item.min is not None and item.max is not None:
            keys = [str(v) for v in range(int(item.min), int(item.max) + 1)]
        else:
            self.fail(
                where,
                "lookup-item",
                "Uppslag kräver en valfråga eller ett heltal med min och max.",
                "A lookup needs a choice item or an integer with min and max.",
                link,
            )
            return
        missing = [k for k in keys if k not in table]
        if missing:
            self.fail(
                where,
                "lookup-covers",
                f"Tabellen {name} saknar värden för {', '.join(missing[:5])}.",
                f"Table {name} has no value for {', '.join(missing[:5])}.",
                link,
            )

    def scale(self, raw: Any, where: str, rules: dict, lookups: dict) -> Scale | None:
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            self.fail(where, "scale-object", "Skalan behöver ett id.", "The scale needs an id.")
            return None
        self.known_fields(raw, SCALE_FIELDS, where)
        method = raw.get("method", "sum")
        if method not in METHODS:
            self.fail(
                where,
                "scale-method",
                "method måste vara sum eller mean.",
                "method must be sum or mean.",
            )
            method = "sum"
        links = raw.get("items")
        if not isinstance(links, list) or not links:
            self.fail(
                where,
                "scale-items",
                "Skalan måste ange sina frågor.",
                "The scale must list its items.",
            )
            links = []
        ranges, integral = self._item_ranges(links, where, rules, lookups)
        integral = integral and method == "sum"
        rule, max_missing = self._missing_rule(raw, where, len(links))
        scale = Scale(
            id=raw["id"],
            label=self.texts(raw.get("label"), where),
            items=tuple(links),
            method=method,
            missing=rule,
            max_missing=max_missing if rule == "prorate" else 0,
        )
        if ranges and len(ranges) == len(links):
            lo, hi = scale_range(method, ranges)
            bands = self.bands(raw.get("bands"), where, lo, hi, integral)
            scale = Scale(**{**_fields(scale), "bands": bands})
        return scale

    def _item_ranges(
        self, links: list, where: str, rules: dict, lookups: dict
    ) -> tuple[list[tuple[Number, Number]], bool]:
        """Each scored item's (lowest, highest) score, and whether all are whole numbers."""
        ranges = []
        integral = True
        for link in links:
            item = self.items.get(link) if isinstance(link, str) else None
            info = item_range(item, rules.get(link), lookups) if item else None
            if info is None:
                self.fail(
                    where,
                    "scale-item-scored",
                    f"{link} kan inte ge poäng (saknar poäng eller min/max).",
                    f"{link} cannot give a score (no scores or no min/max).",
                    link if isinstance(link, str) else None,
                )
                continue
            ranges.append(info[:2])
            integral = integral and info[2]
        return ranges, integral

    def _missing_rule(self, raw: dict, where: str, item_count: int) -> tuple[str, Any]:
        """The rule for unanswered items and how many may be missing when prorating."""
        missing = raw.get("missing", {"rule": "invalid"})
        rule = missing.get("rule") if isinstance(missing, dict) else None
        max_missing = missing.get("maxMissing", 0) if isinstance(missing, dict) else 0
        if rule not in MISSING_RULES:
            self.fail(
                where,
                "missing-rule",
                "missing.rule måste vara invalid eller prorate.",
                "missing.rule must be invalid or prorate.",
            )
            rule = "invalid"
        if rule == "prorate" and (
            not isinstance(max_missing, int) or not 0 < max_missing < max(item_count, 1)
        ):
            self.fail(
                where,
                "missing-rule",
                "maxMissing måste vara minst 1 och färre än frågorna.",
                "maxMissing must be at least 1 and fewer than the items.",
            )
            max_missing = 0
        return rule, max_missing

    def bands(
        self, raw: Any, where: str, lo: Number, hi: Number, integral: bool
    ) -> tuple[Band, ...]:
        if not raw:
            return ()
        out = []
        for i, b in enumerate(raw if isinstance(raw, list) else [None]):
            band = self._band(b, f"{where}.bands[{i}]", integral)
            if band is None:
                return ()
            out.append(band)
        out.sort(key=lambda b: b.min)
        self._check_bands_cover(out, f"{where}.bands", lo, hi, step=1 if integral else 0)
        return tuple(out)

    def _band(self, b: Any, at: str, integral: bool) -> Band | None:
        """One band; None (with a problem noted) when it is malformed."""
        if (
            not isinstance(b, dict)
            or not is_number(b.get("min"))
            or not is_number(b.get("max"))
            or b["min"] > b["max"]
        ):
            self.fail(
                at,
                "band-range",
                "Intervallet behöver min och max med min ≤ max.",
                "The band needs min and max with min ≤ max.",
            )
            return None
        self.known_fields(b, BAND_FIELDS, at)
        if integral and not (float(b["min"]).is_integer() and float(b["max"]).is_integer()):
            self.fail(
                at,
                "band-integer",
                "Poängen är heltal, så gränserna måste vara heltal.",
                "The score is a whole number, so the limits must be whole numbers.",
            )
            return None
        level = b.get("level")
        if (
            not isinstance(level, int)
            or isinstance(level, bool)
            or not isinstance(b.get("code"), str)
        ):
            self.fail(
                at,
                "band-level",
                "Intervallet behöver code och en nivå (heltal).",
                "The band needs a code and a level (whole number).",
            )
            return None
        return Band(b["min"], b["max"], b["code"], self.texts(b.get("label"), at), level)

    def _check_bands_cover(
        self, bands: list[Band], where: str, lo: Number, hi: Number, step: int
    ) -> None:
        """The sorted bands cover lo–hi exactly: no gap, no overlap."""
        if bands[0].min != lo or bands[-1].max != hi:
            self.fail(
                where,
                "bands-cover",
                f"Intervallen måste täcka hela poängområdet {lo}–{hi}.",
                f"The bands must cover the whole score range {lo}–{hi}.",
            )
        for prev, nxt in itertools.pairwise(bands):
            if nxt.min < prev.max + step:
                self.fail(
                    where,
                    "bands-overlap",
                    f"Intervallen {prev.code} och {nxt.code} överlappar.",
                    f"Bands {prev.code} and {nxt.code} overlap.",
                )
            elif nxt.min > prev.max + step:
                self.fail(
                    where,
                    "bands-gap",
                    f"Det finns ett glapp mellan {prev.code} och {nxt.code}.",
                    f"There is a gap between {prev.code} and {nxt.code}.",
                )

    def alert(self, raw: Any, where: str, scales: dict[str, Scale]) -> Alert | None:
        if not isinstance(raw, dict):
            self.fail(
                where,
                "alert-object",
                "Larmet måste vara ett objekt.",
                "The alert must be an object.",
            )
            return None
        self.known_fields(raw, ALERT_FIELDS, where, raw.get("item"))
        link, scale = raw.get("item"), raw.get("scale")
        ok = self._alert_target_ok(link, scale, where, scales)
        if raw.get("operator") not in OPERATORS[1:] or not is_number(raw.get("value")):
            self.fail(
                where,
                "alert-condition",
                "Larmet behöver operator (=, !=, >, >=, <, <=) och ett tal.",
                "The alert needs an operator (=, !=, >, >=, <, <=) and a number.",
                link,
            )
            ok = False
        if raw.get("level") not in ALERT_LEVELS:
            self.fail(
                where,
                "alert-level",
                "Nivån måste vara info, warning eller prioritised.",
                "The level must be info, warning or prioritised.",
                link,
            )
            ok = False
        message = self.texts(raw.get("message"), where, link)
        if not ok:
            return None
        return Alert(raw["operator"], raw["value"], raw["level"], message, link, scale)

    def _alert_target_ok(self, link: Any, scale: Any, where: str, scales: dict) -> bool:
        """The alert is for exactly one of: a scored or number item, or an existing scale."""
        if (link is None) == (scale is None):
            self.fail(
                where,
                "alert-target",
                "Larmet gäller antingen en fråga (item) eller en skala (scale).",
                "The alert is for either an item or a scale.",
                link,
            )
            return False
        if link is not None:
            # A link that is not a text (a list, a number) names no item: the same clear error.
            item = self.items.get(link) if isinstance(link, str) else None
            if item is None or item_range(item, None, {}) is None:
                self.fail(
                    where,
                    "alert-item",
                    f"Larmet gäller {link}, som inte är en fråga med poäng eller tal.",
                    f"The alert is for {link}, which is not a scored or number question.",
                    link,
                )
                return False
            return True
        if scale not in scales:
            self.fail(
                where,
                "alert-scale",
                f"Larmet gäller skalan {scale}, som inte finns.",
                f"The alert is for scale {scale}, which does not exist.",
            )
            return False
        return True

    def index(self, raw: Any) -> Index | None:
        if raw is None:
            return None
        where = "scoring.index"
        from .eq5d import VALUE_SETS

        if not isinstance(raw, dict) or raw.get("method") not in INDEX_METHODS:
            self.fail(
                where,
                "index-method",
                "Indexmetoden måste vara eq5d5l.",
                "The index method must be eq5d5l.",
            )
            return None
        self.known_fields(raw, INDEX_FIELDS, where)
        dims = raw.get("dimensions") or {}
        wanted = INDEX_METHODS[raw["method"]]
        if not isinstance(dims, dict) or set(dims) != set(wanted):
            self.fail(
                where,
                "index-dimensions",
                f"Dimensionerna måste vara {', '.join(wanted)}.",
                f"The dimensions must be {', '.join(wanted)}.",
            )
            return None
        for dim in wanted:
            item = self.items.get(dims[dim])
            codes = sorted(o.code for o in item.options) if item and item.type == "choice" else []
            if codes != ["1", "2", "3", "4", "5"]:
                self.fail(
                    where,
                    "index-dimension-item",
                    f"{dims[dim]} måste vara en valfråga med koderna 1–5.",
                    f"{dims[dim]} must be a choice item with codes 1–5.",
                    dims[dim],
                )
        vas = raw.get("vas")
        if vas is not None and (
            self.items.get(vas) is None or self.items[vas].type not in NUMERIC_TYPES
        ):
            self.fail(
                where,
                "index-vas",
                f"VAS-frågan {vas} måste vara en talfråga.",
                f"The VAS item {vas} must be a number item.",
                vas,
            )
        default = raw.get("defaultValueSet", "sweden-2022")
        if default not in VALUE_SETS:
            self.fail(
                where,
                "index-value-set",
                f"Värderingssetet {default} finns inte.",
                f"Value set {default} does not exist.",
            )
        return Index(raw["method"], tuple((d, dims[d]) for d in wanted), vas, default)


def _fields(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}


def item_range(
    item: Item, rule: ItemRule | None, lookups: dict[str, dict[str, Number]]
) -> tuple[Number, Number, bool] | None:
    """Return (lowest, highest, whole numbers only) of the item's score, or None if unscored."""
    rule = rule or ItemRule()
    table = lookups.get(rule.lookup) if rule.lookup else None
    if item.type in CHOICE_TYPES:
        scores = [
            table[o.code] if table else o.score
            for o in item.options
            if (table and o.code in table) or (not table and o.score is not None)
        ]
        if not scores:
            return None
        lo, hi = min(scores), max(scores)
        if item.type == "multichoice":
            lo = min(lo, sum(s for s in scores if s < 0))
            hi = max(hi, sum(s for s in scores if s > 0))
        integral = all(float(s).is_integer() for s in scores)
    elif item.type in NUMERIC_TYPES and item.min is not None and item.max is not None:
        if table:
            values = [
                table[k]
                for k in table
                if k.lstrip("-").isdigit() and item.min <= int(k) <= item.max
            ]
            lo, hi = min(values), max(values)
            integral = all(float(v).is_integer() for v in values)
        else:
            lo, hi, integral = item.min, item.max, item.type != "decimal"
    else:
        return None
    integral = integral and float(rule.weight).is_integer()
    return lo * rule.weight, hi * rule.weight, integral


def scale_range(method: str, ranges: list[tuple[Number, Number]]) -> tuple[Number, Number]:
    """Return the lowest and highest value a scale can take."""
    if method == "sum":
        return sum(r[0] for r in ranges), sum(r[1] for r in ranges)
    # A mean over the answered items can reach any single item's extreme.
    return min(r[0] for r in ranges), max(r[1] for r in ranges)

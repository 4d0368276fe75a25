"""Check the items of a definition: types, texts, options, ranges and conditions."""

from __future__ import annotations

import math
from typing import Any

from .errors import Problem
from .messages import Text, is_text, text
from .schema import (
    CHOICE_TYPES,
    ITEM_TYPES,
    NUMERIC_TYPES,
    OPERATORS,
    Coding,
    Condition,
    Item,
    Number,
    Option,
)


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


ITEM_FIELDS = {
    "linkId",
    "type",
    "text",
    "required",
    "options",
    "min",
    "max",
    "enableWhen",
    "enableBehavior",
    "items",
    "codes",
    "help",
}
OPTION_FIELDS = {"code", "label", "score", "between"}


class ItemLoader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.items: dict[str, Item] = {}
        self.parents: dict[str, str] = {}
        self.order: list[str] = []  # every linkId met, in document order
        self.seen: set[str] = set()  # the same, for constant-time "used twice" checks

    def fail(self, where: str, rule: str, sv: str, en: str, item: str | None = None) -> None:
        self.problems.append(Problem(where, rule, text(sv, en), item))

    def known_fields(
        self, raw: dict, allowed: set[str], where: str, item: str | None = None
    ) -> None:
        """Refuse fields the schema does not know, so that a misspelt rule is not ignored."""
        unknown = sorted(str(k) for k in raw if k not in allowed)
        if unknown:
            names = ", ".join(unknown)
            self.fail(
                where, "unknown-field", f"Okända fält: {names}.", f"Unknown fields: {names}.", item
            )

    # -- items -------------------------------------------------------------------------------
    def texts(self, value: Any, where: str, item: str | None = None) -> Text:
        if not is_text(value):
            self.fail(
                where,
                "text-sv-en",
                "Texten måste finnas på svenska och engelska (sv, en).",
                "The text must be given in Swedish and English (sv, en).",
                item,
            )
            return {"sv": "?", "en": "?"}
        return {"sv": value["sv"], "en": value["en"]}

    def codings(self, value: Any, where: str, item: str | None = None) -> tuple[Coding, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(
            isinstance(c, dict) and isinstance(c.get("code"), str) for c in value
        ):
            self.fail(where, "codes", "Koderna är felaktiga.", "The codes are malformed.", item)
            return ()
        return tuple(Coding(c["code"], c.get("system"), c.get("display")) for c in value)

    def item(self, raw: Any, where: str) -> Item | None:
        link = self._link_of(raw, where)
        if link is None:
            return None
        where = f"item {link}"
        self._register(raw, link, where)
        kind = raw.get("type")
        if kind not in ITEM_TYPES:
            self.fail(
                where,
                "item-type",
                f"Frågan {link} har okänd typ {kind!r}.",
                f"Item {link} has unknown type {kind!r}.",
                link,
            )
            return None
        label = self.texts(raw.get("text"), where, link)
        help_text = (
            self.texts(raw["help"], f"{where}.help", link) if raw.get("help") is not None else None
        )
        required = self._required(raw, kind, where, link)
        options = self.options(raw.get("options"), kind, link)
        lo, hi = self.bounds(raw, kind, link)
        conditions, behaviour = self.conditions(raw, link)
        children = self._children(raw, kind, where, link)
        built = Item(
            link_id=link,
            type=kind,
            text=label,
            required=required,
            options=options,
            min=lo,
            max=hi,
            conditions=conditions,
            enable_behavior=behaviour,
            items=children,
            codes=self.codings(raw.get("codes"), where, link),
            help=help_text,
        )
        self.items[link] = built
        return built

    def _link_of(self, raw: Any, where: str) -> str | None:
        """The item's linkId; None (with a problem noted) for a malformed item."""
        if not isinstance(raw, dict):
            self.fail(
                where, "item-object", "Frågan måste vara ett objekt.", "An item must be an object."
            )
            return None
        link = raw.get("linkId")
        if not isinstance(link, str) or not link.strip():
            self.fail(where, "linkId", "Frågan saknar linkId.", "The item has no linkId.")
            return None
        return link

    def _register(self, raw: dict, link: str, where: str) -> None:
        """Check the item's fields and that its linkId is new; remember it in reading order."""
        self.known_fields(raw, ITEM_FIELDS, where, link)
        if link in self.seen:
            self.fail(
                where,
                "linkId-unique",
                f"linkId {link} används två gånger.",
                f"linkId {link} is used twice.",
                link,
            )
        self.order.append(link)
        self.seen.add(link)

    def _required(self, raw: dict, kind: str, where: str, link: str) -> bool:
        required = raw.get("required", False)
        if not isinstance(required, bool):
            self.fail(
                where,
                "required",
                "required måste vara true eller false.",
                "required must be true or false.",
                link,
            )
            required = False
        if required and kind in ("display", "group"):
            self.fail(
                where,
                "required",
                "Bara frågor kan vara obligatoriska.",
                "Only questions can be required.",
                link,
            )
        return required

    def _children(self, raw: dict, kind: str, where: str, link: str) -> tuple[Item, ...]:
        """A group's items (a group needs at least one); other kinds may have none."""
        if kind != "group":
            if raw.get("items"):
                self.fail(
                    where,
                    "group-items",
                    "Bara grupper kan innehålla frågor.",
                    "Only groups can contain items.",
                    link,
                )
            return ()
        subs = raw.get("items")
        if not isinstance(subs, list) or not subs:
            self.fail(
                where,
                "group-items",
                f"Gruppen {link} har inga frågor.",
                f"Group {link} has no items.",
                link,
            )
            return ()
        children = tuple(
            c for i, s in enumerate(subs) if (c := self.item(s, f"{where}.items[{i}]"))
        )
        for child in children:
            self.parents[child.link_id] = link
        return children

    def options(self, raw: Any, kind: str, link: str) -> tuple[Option, ...]:
        where = f"item {link}"
        if kind not in CHOICE_TYPES:
            if raw:
                self.fail(
                    where,
                    "options",
                    "Bara valfrågor har alternativ.",
                    "Only choice items have options.",
                    link,
                )
            return ()
        if not isinstance(raw, list) or not raw:
            self.fail(
                where,
                "options",
                f"Valfrågan {link} saknar alternativ.",
                f"Choice item {link} has no options.",
                link,
            )
            return ()
        codes: set[str] = set()
        return tuple(
            option
            for i, opt in enumerate(raw)
            if (option := self._option(opt, f"{where}.options[{i}]", link, codes))
        )

    def _option(self, opt: Any, at: str, link: str, codes: set[str]) -> Option | None:
        """One answer option; None for one without a code. Adds its code to `codes`."""
        if not isinstance(opt, dict) or not isinstance(opt.get("code"), str) or not opt["code"]:
            self.fail(
                at, "option-code", "Alternativet saknar kod.", "The option has no code.", link
            )
            return None
        self.known_fields(opt, OPTION_FIELDS, at, link)
        score = opt.get("score")
        if score is not None and not is_number(score):
            self.fail(
                at,
                "option-score",
                "Poängen måste vara ett tal.",
                "The score must be a number.",
                link,
            )
            score = None
        if opt["code"] in codes:
            self.fail(
                at,
                "option-code-unique",
                f"Koden {opt['code']} används två gånger.",
                f"Code {opt['code']} is used twice.",
                link,
            )
        codes.add(opt["code"])
        between = opt.get("between", False)
        if not isinstance(between, bool):
            self.fail(
                at,
                "option-between",
                "between måste vara true eller false.",
                "between must be true or false.",
                link,
            )
            between = False
        label = self.texts(opt.get("label"), at, link)
        return Option(opt["code"], label, score, between)

    def bounds(self, raw: dict, kind: str, link: str) -> tuple[Number | None, Number | None]:
        where = f"item {link}"
        lo, hi = raw.get("min"), raw.get("max")
        if kind not in NUMERIC_TYPES:
            if lo is not None or hi is not None:
                self.fail(
                    where,
                    "min-max",
                    "Bara talfrågor har min och max.",
                    "Only number items have min and max.",
                    link,
                )
            return None, None
        if kind == "slider":
            lo = 0 if lo is None else lo
            hi = 100 if hi is None else hi
        for name, value in (("min", lo), ("max", hi)):
            if value is not None and (
                not is_number(value) or (kind != "decimal" and not float(value).is_integer())
            ):
                self.fail(
                    where,
                    "min-max",
                    f"{name} måste vara ett tal av frågans typ.",
                    f"{name} must be a number of the item's type.",
                    link,
                )
                return None, None
        if kind != "decimal":
            lo = None if lo is None else int(lo)
            hi = None if hi is None else int(hi)
        if lo is not None and hi is not None and lo >= hi:
            self.fail(
                where,
                "min-max",
                "min måste vara mindre än max.",
                "min must be less than max.",
                link,
            )
        return lo, hi

    def conditions(self, raw: dict, link: str) -> tuple[tuple[Condition, ...], str]:
        where = f"item {link}"
        behaviour = raw.get("enableBehavior", "all")
        if behaviour not in ("all", "any"):
            self.fail(
                where,
                "enableBehavior",
                "enableBehavior måste vara all eller any.",
                "enableBehavior must be all or any.",
                link,
            )
            behaviour = "all"
        conds = raw.get("enableWhen") or []
        out = []
        for cond in conds if isinstance(conds, list) else [None]:
            if (
                not isinstance(cond, dict)
                or not isinstance(cond.get("item"), str)
                or cond.get("operator") not in OPERATORS
                or "value" not in cond
            ):
                self.fail(
                    where,
                    "enableWhen",
                    "Villkoret behöver item, operator och value.",
                    "The condition needs item, operator and value.",
                    link,
                )
                continue
            out.append(Condition(cond["item"], cond["operator"], cond["value"]))
        return tuple(out), behaviour

    def check_conditions(self) -> None:
        for link in self.order:
            item = self.items.get(link)
            for cond in item.conditions if item else ():
                self.check_condition(item, cond)
        self.check_cycles()

    def check_cycles(self) -> None:
        """Refuse conditions that depend on themselves, directly or through groups."""
        deps = {
            link: [c.item for c in item.conditions if c.item in self.items]
            + ([self.parents[link]] if link in self.parents else [])
            for link, item in self.items.items()
        }
        state: dict[str, int] = {}  # 1: on the current path, 2: done
        reported: set[str] = set()
        # Depth-first without recursion: a chain of thousands of conditions must not overflow
        # the stack. `path` is the current chain, `position` where each link sits in it.
        for start in self.order:
            if start in state or start not in deps:
                continue
            path, position = [start], {start: 0}
            pending = [iter(deps[start])]
            state[start] = 1
            while pending:
                dep = next(pending[-1], None)
                if dep is None:
                    pending.pop()
                    done = path.pop()
                    del position[done]
                    state[done] = 2
                elif state.get(dep) == 1 and dep not in reported:
                    self.report_cycle([*path[position[dep] :], dep], reported)
                elif dep not in state:
                    state[dep] = 1
                    position[dep] = len(path)
                    path.append(dep)
                    pending.append(iter(deps.get(dep, ())))

    def report_cycle(self, loop: list[str], reported: set[str]) -> None:
        reported.update(loop)
        shown = " → ".join(loop)
        self.fail(
            f"item {loop[0]}",
            "enableWhen-cycle",
            f"Villkoren beror på varandra i en cirkel: {shown}.",
            f"The conditions depend on each other in a circle: {shown}.",
            loop[0],
        )

    def check_condition(self, item: Item, cond: Condition) -> None:
        where, link = f"item {item.link_id}", item.link_id
        target = self.items.get(cond.item)
        if target is None or not target.answerable:
            self.fail(
                where,
                "enableWhen-item",
                f"Villkoret pekar på {cond.item}, som inte är en fråga i formuläret.",
                f"The condition refers to {cond.item}, which is not a question in the form.",
                link,
            )
            return
        if cond.operator == "exists":
            if not isinstance(cond.value, bool):
                self.fail(
                    where,
                    "enableWhen-value",
                    "exists kräver true eller false.",
                    "exists needs true or false.",
                    link,
                )
        elif target.type in CHOICE_TYPES:
            if cond.operator not in ("=", "!=") or target.option(str(cond.value)) is None:
                self.fail(
                    where,
                    "enableWhen-value",
                    f"Villkoret måste jämföra med ett alternativ i {cond.item} (= eller !=).",
                    f"The condition must compare with an option of {cond.item} (= or !=).",
                    link,
                )
        elif target.type in NUMERIC_TYPES:
            if not is_number(cond.value):
                self.fail(
                    where,
                    "enableWhen-value",
                    "Villkoret måste jämföra med ett tal.",
                    "The condition must compare with a number.",
                    link,
                )
        elif not isinstance(cond.value, str):
            self.fail(
                where,
                "enableWhen-value",
                "Villkoret måste jämföra med en text.",
                "The condition must compare with a text.",
                link,
            )

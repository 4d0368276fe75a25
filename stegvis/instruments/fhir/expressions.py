"""Read SDC calculated expressions that are sums of item scores; nothing else is evaluated.

Stegvis never runs FHIRPath from a file. It reads the shapes that published forms use for a
total score and turns them into a sum scale:

- ``%a + %b + ...`` with ``variable`` extensions (on the Questionnaire or an enclosing item)
  such as ``%resource.item.where(linkId='q1').answer.value.ordinal()`` (also ``weight()`` or
  ``extension('…ordinalValue').value``), any name, also ``q1_value``;
- ``iif(%a.exists(), %a, 0)`` terms (the form counts a missing answer as 0; reported, because
  Stegvis gives no score then) and guards ``iif(<count check>, <sum>, {})``;
- aggregates ``%resource.repeat(item).answer.value.ordinal().sum()``,
  ``%resource.answers().value.ordinal().sum()``, ``%resource.item.where(linkId='g').item...``
  with ``where`` on ``linkId`` (``=``, ``!=``, ``startsWith``, ``in``, joined by ``and``);
- numbers entered in integer or decimal items (``.answer.value`` without ``ordinal()``), and
  the value of another calculated item (a total of subtotals).

Anything else (products, means, conditions on answers, ``x-fhir-query``) is ``Unreadable``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .common import CALCULATED, SCORE_EXTENSIONS

VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable"
MAX_DEPTH = 20
_NAME = re.compile(r"%([A-Za-z_][A-Za-z0-9_]*)")
_ENVIRONMENT = {"resource", "context", "questionnaire", "qItem", "ucum", "sct", "loinc"}


class Unreadable(ValueError):
    """The expression is not a sum Stegvis can read; the argument says which part."""


@dataclass
class Node:
    link: str
    kind: str
    children: list[Node] = field(default_factory=list)

    def descendants(self) -> list[Node]:
        out = []
        for child in self.children:
            out.append(child)
            out.extend(child.descendants())
        return out


@dataclass
class Selection:
    """What an expression adds up: items' scores, or the numbers entered (``numeric``)."""

    links: list[str]
    numeric: list[str] = field(default_factory=list)
    missing_zero: bool = False
    method: str = "sum"  # "mean" for (a + b + c) / 3

    def plus(self, other: Selection) -> Selection:
        return Selection(
            self.links + [x for x in other.links if x not in self.links],
            self.numeric + [x for x in other.numeric if x not in self.numeric],
            self.missing_zero or other.missing_zero,
            "sum" if "mean" not in (self.method, other.method) else "mixed",
        )


@dataclass
class Calculation:
    """A calculated item: what its expression sums, or why it could not be read."""

    link: str
    item: Any
    selection: Selection | None = None
    problem: str | None = None


def calculations(q: Any, renamed: dict[str, str] | None = None) -> list[Calculation]:
    """Every item with an SDC calculatedExpression, in document order, read as a sum.

    ``renamed`` maps variable names the lenient parse changed back to the file's own names,
    which the expressions use.
    """
    root = Node("", "root", [_node(i) for i in q.item or []])
    out: list[Calculation] = []
    names = renamed or {}
    _collect(q.item or [], _variables(q, {}, names), root, out, names)
    return out


def _node(item: Any) -> Node:
    return Node(item.linkId, item.type, [_node(c) for c in item.item or []])


def _variables(
    element: Any, inherited: dict[str, str | None], renamed: dict[str, str]
) -> dict[str, str | None]:
    found = dict(inherited)
    for ext in element.extension or []:
        expr = ext.valueExpression if ext.url == VARIABLE else None
        if expr is not None and expr.name:
            readable = expr.language in (None, "text/fhirpath") and expr.expression
            found[renamed.get(expr.name, expr.name)] = expr.expression if readable else None
    return found


def _collect(
    items: list, scope: dict, root: Node, out: list[Calculation], renamed: dict[str, str]
) -> None:
    for item in items:
        own = _variables(item, scope, renamed)
        for ext in item.extension or []:
            expr = ext.valueExpression if ext.url == CALCULATED else None
            if expr is None:
                continue
            calc = Calculation(item.linkId, item)
            try:
                if expr.language not in (None, "text/fhirpath") or not expr.expression:
                    raise Unreadable(f"language {expr.language}")
                reader = _Reader(root, own)
                calc.selection = reader.sum_of(reader.expand(expr.expression))
            except Unreadable as exc:
                calc.problem = str(exc)
            out.append(calc)
        _collect(item.item or [], own, root, out, renamed)


def _split(expression: str, separator: str) -> list[str]:
    """Split at ``separator`` outside parentheses, braces and quotes."""
    parts, depth, quote, start, i = [], 0, None, 0, 0
    while i < len(expression):
        ch = expression[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "'\"`":
            quote = ch
        elif ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        elif depth == 0 and expression.startswith(separator, i):
            parts.append(expression[start:i].strip())
            start = i + len(separator)
            i = start
            continue
        i += 1
    parts.append(expression[start:].strip())
    return parts


def _unwrap(expression: str) -> str:
    """``expression`` without parentheses around the whole of it."""
    expression = expression.strip()
    while expression.startswith("(") and _closes_at_end(expression):
        expression = expression[1:-1].strip()
    return expression


def _closes_at_end(expression: str) -> bool:
    """Whether the parenthesis opening ``expression`` is the one closing it."""
    depth = 0
    plain = re.sub(r"'(?:\\.|[^'])*'", "''", expression)
    for i, ch in enumerate(plain):
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            return i == len(plain) - 1
    return False


class _Reader:
    def __init__(self, root: Node, variables: dict[str, str | None]) -> None:
        self.root = root
        self.variables = variables

    def expand(self, expression: str, seen: frozenset = frozenset()) -> str:
        if len(seen) > MAX_DEPTH:
            raise Unreadable("variables nested too deep")

        def substitute(match: re.Match) -> str:
            name = match.group(1)
            if name in _ENVIRONMENT:
                return match.group(0)
            if name in seen:
                raise Unreadable(f"variable %{name} refers to itself")
            if name not in self.variables:
                raise Unreadable(f"variable %{name} is not defined")
            value = self.variables[name]
            if value is None:
                raise Unreadable(f"variable %{name} is not FHIRPath")
            return "(" + self.expand(value, seen | {name}) + ")"

        return _NAME.sub(substitute, expression)

    def sum_of(self, expression: str) -> Selection:
        expression = _unwrap(" ".join(expression.split()))
        divided = _split(expression, " / ")
        if len(divided) == 2 and divided[1].isdigit():
            selection = self.sum_of(divided[0])
            count = len(selection.links) + len(selection.numeric)
            if selection.method == "sum" and count == int(divided[1]) and count > 1:
                selection.method = "mean"
                return selection
            raise Unreadable(f"/ {divided[1]} is not the mean of the {count} items summed")
        for operator, name in (
            (" / ", "a division"),
            (" * ", "a product"),
            (" - ", "a difference"),
        ):
            if len(_split(expression, operator)) > 1:
                raise Unreadable(f"{name} is not a sum")
        terms = _split(expression, "+")
        if len(terms) > 1:
            total = Selection([])
            for term in terms:
                total = total.plus(self.sum_of(term))
            return total
        if expression.startswith("iif(") and expression.endswith(")"):
            return self._iif(_split(expression[4:-1], ","))
        return self.path(expression)

    def _iif(self, args: list[str]) -> Selection:
        if len(args) != 3:
            raise Unreadable("iif with other than three arguments")
        condition, then, otherwise = (_unwrap(a) for a in args)
        if otherwise == "0" and condition in (f"{then}.exists()", f"({then}).exists()"):
            selection = self.sum_of(then)
            selection.missing_zero = True
            return selection
        if otherwise == "{}" and ".count()" in condition:
            return self.sum_of(then)  # a completeness guard: Stegvis's "invalid" rule
        raise Unreadable(f"a condition (iif) on {condition[:60]}")

    def path(self, expression: str) -> Selection:
        steps = _split(expression, ".")
        while steps[0].startswith("(") and _closes_at_end(steps[0]):
            steps = _split(steps[0][1:-1].strip(), ".") + steps[1:]  # (%resource.x).sum()
        if steps[0] != "%resource":
            raise Unreadable(f"{expression[:60]} does not start at %resource")
        nodes, mode, summed = [self.root], "items", False
        for step in steps[1:]:
            nodes, mode, summed = self._step(step, nodes, mode, summed)
        if mode not in ("score", "value"):
            raise Unreadable(f"{expression[:60]} gives no score")
        if len(nodes) > 1 and not summed:
            raise Unreadable(f"{expression[:60]} selects several items without sum()")
        links = [n.link for n in nodes]
        return Selection(links) if mode == "score" else Selection([], numeric=links)

    def _step(self, step: str, nodes: list[Node], mode: str, summed: bool):
        if mode == "items" and step == "item":
            return [c for n in nodes for c in n.children], mode, summed
        if mode == "items" and step in ("repeat(item)", "descendants()"):
            return [d for n in nodes for d in n.descendants()], mode, summed
        if mode == "items" and step == "answers()":
            return [d for n in nodes for d in n.descendants()], "answer", summed
        if mode == "items" and step.startswith("where(") and step.endswith(")"):
            return [n for n in nodes if _matches(step[6:-1], n.link)], mode, summed
        if (mode, step) in (("items", "answer"), ("answer", "value")):
            return nodes, {"items": "answer", "answer": "value"}[mode], summed
        if mode == "value" and step in ("ordinal()", "weight()"):
            return nodes, "score", summed
        extension = re.fullmatch(r"extension\('([^']+)'\)", step)
        if mode == "value" and extension and extension.group(1) in SCORE_EXTENSIONS:
            return nodes, "score-extension", summed
        if mode == "score-extension" and step in ("value", "valueDecimal", "valueInteger"):
            return nodes, "score", summed
        if mode in ("score", "value") and step == "first()":
            return nodes, mode, summed
        if mode in ("score", "value") and step == "sum()" and not summed:
            return nodes, mode, True
        raise Unreadable(f"{step[:60]} is not read")


def _matches(condition: str, link: str) -> bool:
    for part in _split(condition, " and "):
        part = part.strip()
        equal = re.fullmatch(r"linkId\s*(=|!=|~)\s*'((?:\\.|[^'])*)'", part)
        starts = re.fullmatch(r"linkId\.startsWith\('((?:\\.|[^'])*)'\)", part)
        within = re.fullmatch(r"linkId\s+in\s*\((.*)\)", part)
        if equal:
            if (link == equal.group(2)) == (equal.group(1) == "!="):
                return False
        elif starts:
            if not link.startswith(starts.group(1)):
                return False
        elif within:
            options = re.findall(r"'((?:\\.|[^'])*)'", within.group(1))
            if link not in options:
                return False
        else:
            raise Unreadable(f"where({condition[:80]})")
    return True

"""The error a definition that breaks a rule raises, with one problem per broken rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .messages import Text


@dataclass(frozen=True)
class Problem:
    where: str
    rule: str
    message: Text
    item: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item, "where": self.where, "rule": self.rule, "message": self.message}


class DefinitionError(ValueError):
    """The definition breaks one or more rules; ``problems`` lists each of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.where}: {p.message['en']} [{p.rule}]" for p in problems))

    def to_dict(self) -> dict[str, Any]:
        return {"problems": [p.to_dict() for p in self.problems]}

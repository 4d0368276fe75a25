"""The kinds of due work (Activity) and the typed payload of each: the one place that reads
and writes `Activity.payload`.

The runtime schedules an Activity with a payload object (`OpenModule(module="sleep")`);
`payload_json` turns it into the row's kind and JSON, `read_payload` turns a row back into
the object. A row whose JSON lacks a required field (written by hand, or by a bug) raises
`PayloadError` when run, so the worker logs it and retries; pages reading the plan skip it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import models


class ActivityKind(models.TextChoices):
    OPEN_MODULE = "open_module"  # key open:<module>
    QUESTIONNAIRE = "questionnaire"  # key schedule:<i>:<n>
    OVERDUE = "overdue"  # key overdue:<occasion>
    INACTIVITY = "inactivity"  # key inactivity:<n>


@dataclass(frozen=True)
class OpenModule:
    """Open the module when due (its opening rule is at_start, days_after_start or date)."""

    kind: ClassVar[str] = ActivityKind.OPEN_MODULE
    module: str


@dataclass(frozen=True)
class ScheduledQuestionnaire:
    """Ask for the questionnaire of the release's schedule number `schedule`, occurrence `n`
    (a number, the module's key for before_module, or "end")."""

    kind: ClassVar[str] = ActivityKind.QUESTIONNAIRE
    schedule: int
    n: int | str


@dataclass(frozen=True)
class Overdue:
    """Raise an overdue flag if the scheduled response is still not completed."""

    kind: ClassVar[str] = ActivityKind.OVERDUE
    response: int | None = None


@dataclass(frozen=True)
class Inactivity:
    """Check for inactivity; `n` numbers the checks."""

    kind: ClassVar[str] = ActivityKind.INACTIVITY
    n: int = 1


Payload = OpenModule | ScheduledQuestionnaire | Overdue | Inactivity
_TYPES: dict[str, type] = {
    t.kind: t for t in (OpenModule, ScheduledQuestionnaire, Overdue, Inactivity)
}


class PayloadError(ValueError):
    """An Activity's JSON does not fit its kind."""


def payload_json(payload: Payload) -> tuple[str, dict[str, Any]]:
    """Return the kind and the JSON to store for `payload`."""
    return payload.kind, dataclasses.asdict(payload)


def read_payload(kind: str, data: Any) -> Payload:
    """Return the typed payload of an Activity of `kind` (extra keys are ignored).

    Raise PayloadError for an unknown kind or JSON missing a required field.
    """
    payload_type = _TYPES.get(kind)
    if payload_type is None:
        raise PayloadError(f"unknown activity kind {kind!r}")
    data = data if isinstance(data, dict) else {}
    names = {f.name for f in dataclasses.fields(payload_type)}
    try:
        payload = payload_type(**{k: v for k, v in data.items() if k in names})
    except TypeError as error:
        raise PayloadError(f"{kind}: {error}") from None
    if isinstance(payload, ScheduledQuestionnaire) and not isinstance(payload.schedule, int):
        raise PayloadError(f"{kind}: schedule must be a number")
    return payload


def read_payload_or_none(kind: str, data: Any) -> Payload | None:
    """As `read_payload`, but None for a row that does not fit (pages skip it)."""
    try:
        return read_payload(kind, data)
    except PayloadError:
        return None

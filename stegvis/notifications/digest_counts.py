"""What the staff digest counts: apps above notifications register the counters (a registry).

Notifications is a channel: it knows how to tell a staff member that something waits at their
units, not what messages or flags are. Messaging registers the unread citizen messages and care
the unacknowledged red flags, each in its AppConfig.ready. A missing registration is an error,
never a digest that silently leaves something out.
"""

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

# (unit ids, since or None for "ever") -> {unit id: count} for the units with something.
UnitCounter = Callable[[set[int], dt.datetime | None], dict[int, int]]

# The digest's counts in the order its text shows them.
UNREAD_MESSAGES = "unread_messages"
OPEN_RED_FLAGS = "open_red_flags"
COUNTS = (UNREAD_MESSAGES, OPEN_RED_FLAGS)

_counters: dict[str, UnitCounter] = {}


def register(name: str, counter: UnitCounter) -> None:
    if name not in COUNTS:
        raise ValueError(f"The staff digest has no count {name!r}")
    _counters[name] = counter


def count_per_unit(name: str, unit_ids: set[int], since: dt.datetime | None = None):
    """{unit id: count} of `name` at `unit_ids` (only new since `since`, when given)."""
    try:
        counter = _counters[name]
    except KeyError:
        raise ImproperlyConfigured(f"No app registered the staff digest's {name!r}.") from None
    return counter(unit_ids, since)

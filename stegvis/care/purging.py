"""Rows above care that hang off enrollments, deleted by their own app (a registry).

Only training data is ever deleted (a provider admin's reset, care/services/training.py). Care
sits below messaging and relatives and must not import them, yet their rows (messages,
attachments, relatives' grants) protect the enrollments they belong to. Each registers a purger
in its AppConfig.ready; a missing registration is an error, never "nothing to delete".
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

# enrollment ids -> delete the app's rows of those enrollments (inside the caller's transaction).
Purger = Callable[[list[int]], None]

REQUIRED = ("messaging", "relatives")
_purgers: dict[str, Purger] = {}


def register(name: str, purger: Purger) -> None:
    _purgers[name] = purger


def purge_above_care(enrollment_ids: list[int]) -> None:
    """Have every app above care delete its rows of `enrollment_ids`."""
    missing = [name for name in REQUIRED if name not in _purgers]
    if missing:
        raise ImproperlyConfigured(f"No purger registered by: {', '.join(missing)}")
    for name in REQUIRED:
        _purgers[name](enrollment_ids)

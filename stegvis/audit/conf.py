"""Settings of the log review, with the defaults documented in docs/access-log.md."""

from django.conf import settings

DEFAULTS = {
    # A staff member who opens more distinct citizens than this in one day is flagged.
    "AUDIT_MANY_CITIZENS_PER_DAY": 30,
    # Reads from this hour (local time) until AUDIT_NIGHT_END are "at night".
    "AUDIT_NIGHT_START": 22,
    "AUDIT_NIGHT_END": 6,
    # The patterns page looks this many days back unless a period is chosen.
    "AUDIT_PATTERN_DAYS": 30,
}


def setting(name: str) -> int:
    if name not in DEFAULTS:
        raise KeyError(f"Unknown audit setting {name}")
    return int(getattr(settings, name, DEFAULTS[name]))

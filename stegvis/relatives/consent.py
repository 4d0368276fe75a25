"""Whose approval a relative's access needs (docs/relatives.md, "The citizen's approval").

- A relative (anhörig) of any citizen, child or adult: the citizen approves the invitation
  before the relative sees anything.
- A guardian (vårdnadshavare) of a child under 13: no approval; access starts at once.
- A guardian of a child aged 13–17: as the region decides with
  RELATIVES_GUARDIAN_APPROVAL_FROM_AGE (13 to 18): from that age the child approves.
- An adult (18 or over) approves everyone; a "guardian" of an adult is treated as a relative.

The age is counted from the personnummer (or samordningsnummer, day plus 60) on the day asked.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

YOUNGEST_APPROVAL_AGE = 13
ADULT_AGE = 18


def guardian_approval_from_age() -> int:
    """The region's setting; outside 13–18 is a configuration error, not a silent default."""
    age = settings.RELATIVES_GUARDIAN_APPROVAL_FROM_AGE
    if not YOUNGEST_APPROVAL_AGE <= age <= ADULT_AGE:
        raise ImproperlyConfigured(
            "RELATIVES_GUARDIAN_APPROVAL_FROM_AGE must be between 13 and 18 (docs/relatives.md)."
        )
    return age


def birth_date(personnummer: str) -> dt.date | None:
    """The day of birth in a 12-digit personnummer or samordningsnummer, or None."""
    digits = personnummer or ""
    if len(digits) != 12 or not digits.isdigit():
        return None
    day = int(digits[6:8])
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), day - 60 if day > 60 else day)
    except ValueError:
        return None


def age_of(citizen, on: dt.date | None = None) -> int | None:
    """Whole years since birth on `on` (default: today), or None without a personnummer."""
    born = birth_date(getattr(citizen, "personnummer", ""))
    if born is None:
        return None
    on = on or timezone.localdate()
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def needs_citizen_approval(citizen, relation: str, on: dt.date | None = None) -> bool:
    """Whether a grant of `relation` to `citizen`'s enrollment waits for the citizen's approval.

    Without a readable age the citizen is asked (an approval too many, never one too few).
    """
    if relation != "guardian":
        return True
    age = age_of(citizen, on)
    if age is None:
        return True
    return age >= guardian_approval_from_age()

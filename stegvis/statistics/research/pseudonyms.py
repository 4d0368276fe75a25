"""Keyed pseudonyms, age bands and sex: what stands in for a citizen's identity in an export.

A pseudonym is HMAC-SHA256(export key, "citizen:<id>"), shortened. The key is random per
export and never stored (only its fingerprint), so pseudonyms are stable within one export,
unlinkable across exports, and only the holder of the key can re-identify (by recomputing the
HMAC over the provider's own citizen ids).
"""

import base64
import hashlib
import hmac
import secrets
from datetime import date

KEY_BYTES = 32
# 80 bits of the HMAC: collisions stay out of reach (birthday bound ~2^40) at national volume.
_PSEUDONYM_BYTES = 10

# Age at the start of the enrollment, in the bands researchers and registers commonly use.
AGE_BANDS: tuple[tuple[int, int | None, str], ...] = (
    (0, 17, "0-17"),
    (18, 24, "18-24"),
    (25, 34, "25-34"),
    (35, 44, "35-44"),
    (45, 54, "45-54"),
    (55, 64, "55-64"),
    (65, 74, "65-74"),
    (75, None, "75+"),
)
SEX_FEMALE = "female"
SEX_MALE = "male"
UNKNOWN = "unknown"


def new_key() -> str:
    """A fresh random export key, as URL-safe text (what the provider keeps)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode().rstrip("=")


def key_fingerprint(key: str) -> str:
    """A short public name for a key: tells which key belongs to an export, reveals nothing."""
    return hashlib.sha256(b"stegvis-research-key:" + key.encode()).hexdigest()[:16]


class Pseudonymiser:
    """Pseudonyms for one export's key."""

    def __init__(self, key: str):
        self._key = key.encode()

    def _code(self, kind: str, value: int) -> str:
        digest = hmac.new(self._key, f"{kind}:{value}".encode(), hashlib.sha256).digest()
        return base64.b32encode(digest[:_PSEUDONYM_BYTES]).decode().lower()

    def citizen(self, citizen_id: int) -> str:
        return "p-" + self._code("citizen", citizen_id)

    def enrollment(self, enrollment_id: int) -> str:
        return "e-" + self._code("enrollment", enrollment_id)

    def response(self, response_id: int) -> str:
        return "r-" + self._code("response", response_id)


def _birth_date(personnummer: str) -> date | None:
    """The birth date in a 12-digit personnummer or samordningsnummer (day + 60)."""
    if not personnummer or len(personnummer) != 12 or not personnummer.isdigit():
        return None
    day = int(personnummer[6:8])
    if day > 60:
        day -= 60
    try:
        return date(int(personnummer[:4]), int(personnummer[4:6]), day)
    except ValueError:
        return None


def age_band(personnummer: str | None, on: date) -> str:
    """The citizen's age band on `on` (the enrollment's start), never the birth date itself."""
    born = _birth_date(personnummer or "")
    if born is None or born > on:
        return UNKNOWN
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for low, high, label in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return label
    return UNKNOWN


def sex(personnummer: str | None) -> str:
    """Legal sex as the personnummer gives it: its second-to-last digit, odd male, even female."""
    if not personnummer or len(personnummer) != 12 or not personnummer.isdigit():
        return UNKNOWN
    return SEX_MALE if int(personnummer[10]) % 2 else SEX_FEMALE

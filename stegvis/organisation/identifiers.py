"""Validation of Swedish identifiers: personnummer, samordningsnummer and HSA-id."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.exceptions import InvalidFormat
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import personnummer

# HSA-id: the country code, the organisation number of the issuer (10 digits), a hyphen and a
# local part; at most 31 characters in all (Inera's HSA specification).
HSA_ID_RE = re.compile(r"^SE\d{10}-[A-Z0-9]{1,19}$")


def normalise_hsa_id(value: str) -> str:
    return (value or "").strip().upper()


def validate_hsa_id(value: str) -> None:
    if not HSA_ID_RE.match(normalise_hsa_id(value)):
        raise ValidationError(
            _("Enter a valid HSA-id, for example SE2321000065-1234."), code="invalid_hsa_id"
        )


def normalise_personnummer(value: str) -> str:
    """Return the 12-digit form YYYYMMDDNNNN; raise ValidationError when it is not valid.

    Accepts the common written forms (with or without century, hyphen or plus) and
    samordningsnummer, whose day of birth is written plus 60. python-stdnum checks the date and
    the Luhn digit; for a samordningsnummer it checks the date with the real day.
    """
    raw = (value or "").strip()
    try:
        compact = personnummer.compact(raw)
        if not re.fullmatch(r"(\d{2})?\d{6}[-+]\d{4}", compact):
            raise InvalidFormat()
        day = int(compact[-7:-5])
        if day > 60:
            luhn.validate(compact[-11:-5] + compact[-4:])
            birth_date = personnummer.get_birth_date(
                compact[:-7] + f"{day - 60:02d}" + compact[-5:]
            )
        else:
            personnummer.validate(compact)
            birth_date = personnummer.get_birth_date(compact)
    except StdnumError:
        raise ValidationError(
            _("Enter a valid personnummer or samordningsnummer, e.g. 19121212-1212."),
            code="invalid_personnummer",
        ) from None
    return f"{birth_date.year // 100:02d}{compact[-11:-5]}{compact[-4:]}"


def is_samordningsnummer(digits: str) -> bool:
    return int(digits[6:8]) > 60


def format_personnummer(digits: str) -> str:
    return f"{digits[:8]}-{digits[8:]}"

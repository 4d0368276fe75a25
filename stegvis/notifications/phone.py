"""Swedish mobile numbers in E.164 form (+467...)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID = _("Enter a Swedish mobile number, for example 070-123 45 67.")
_SEPARATORS = re.compile(r"[\s\-()./]")


def normalise_mobile(value: str) -> str:
    """Return the number as +467XXXXXXXX; accept 07..., 467..., +467..., 00467...

    Raises ValidationError for anything that is not a Swedish mobile number.
    """
    digits = _SEPARATORS.sub("", value or "")
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("00"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = "46" + digits[1:]
    if digits.startswith("460"):
        digits = "46" + digits[3:]
    # Swedish mobile numbers: 07X followed by seven digits.
    if not re.fullmatch(r"467[02369]\d{7}", digits):
        raise ValidationError(INVALID, code="invalid_mobile")
    return "+" + digits

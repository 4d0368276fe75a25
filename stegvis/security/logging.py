"""Mask personnummer and samordningsnummer in log records (defence in depth).

Code must not log personal identity numbers in the first place; this filter catches the ones
that slip through anyway (an exception message, a third-party library echoing input).
"""

import logging
import re

# 10 or 12 digits, with an optional - or + before the last four: 19900101-1234, 9001011234.
_SHAPE = re.compile(r"(?<!\d)(?:(?:19|20)\d{2}|\d{2})\d{4}[-+]?\d{4}(?!\d)")
MASK = "[personnummer]"


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _looks_like_identity_number(match: str) -> bool:
    digits = re.sub(r"\D", "", match)[-10:]
    month, day = int(digits[2:4]), int(digits[4:6])
    # Samordningsnummer add 60 to the day.
    return 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91) and _luhn_ok(digits)


def mask_identity_numbers(text: str) -> str:
    """Replace every personnummer- or samordningsnummer-shaped number (valid check digit)."""
    return _SHAPE.sub(lambda m: MASK if _looks_like_identity_number(m.group()) else m.group(), text)


class MaskIdentityNumbers(logging.Filter):
    """A handler filter: rewrite the record's message and traceback with numbers masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record
            message = str(record.msg)
        masked = mask_identity_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_identity_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_identity_numbers(record.stack_info)
        return True

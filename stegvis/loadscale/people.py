"""Generated citizens: valid personnummer (Luhn, real dates), names and e-mail addresses."""

import datetime as dt

from stdnum import luhn

FIRST_NAMES = (
    "Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Anders", "Emma", "Per",
    "Elin", "Mikael", "Ida", "Oskar", "Linnea", "Nils", "Hanna", "Gustav", "Maja", "Ali",
    "Fatima", "Mohammed", "Sofia", "Ahmed", "Alva", "Leo", "Ebba", "Hugo", "Wilma", "Omar",
)  # fmt: skip
LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson",
    "Bengtsson", "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Lindström", "Hassan",
    "Ali", "Mohammed", "Lundgren", "Berglund", "Öberg", "Åström", "Sandberg", "Holm", "Ek",
)  # fmt: skip

_FIRST_BIRTH = dt.date(1940, 1, 1)
_BIRTH_DAYS = 23000  # births 1940 to 2002: every citizen is an adult
_SERIALS = 400  # serials 600..999, apart from the demo's and the tests' own


def personnummer(index: int) -> str:
    """The index-th generated personnummer (YYYYMMDDNNNC), unique for 9.2 million indexes."""
    birth = _FIRST_BIRTH + dt.timedelta(days=index % _BIRTH_DAYS)
    serial = f"{600 + (index // _BIRTH_DAYS) % _SERIALS:03d}"
    check = luhn.calc_check_digit(birth.strftime("%y%m%d") + serial)
    return f"{birth:%Y%m%d}{serial}{check}"


def citizen_email(index: int, domain: str) -> str:
    return f"invanare{index + 1}@{domain}"

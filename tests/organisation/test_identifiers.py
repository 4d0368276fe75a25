import pytest
from django.core.exceptions import ValidationError

from stegvis.organisation.identifiers import (
    is_samordningsnummer,
    normalise_hsa_id,
    normalise_personnummer,
    validate_hsa_id,
)


@pytest.mark.parametrize(
    "written",
    ["19121212-1212", "191212121212", " 19121212-1212 "],
)
def test_personnummer_is_normalised_to_twelve_digits(written):
    assert normalise_personnummer(written) == "191212121212"


def test_ten_digit_personnummer_gets_its_century_from_the_separator():
    assert normalise_personnummer("121212-1212") == "201212121212"
    assert normalise_personnummer("121212+1212") == "191212121212"


def test_samordningsnummer_is_accepted():
    # Born on the 12th: the day is written 72 (12 + 60); the check digit follows Luhn.
    from stdnum import luhn

    short = "121272" + "123"
    digits = normalise_personnummer(f"19{short[:6]}-{short[6:]}{luhn.calc_check_digit(short)}")
    assert digits.startswith("19121272")
    assert is_samordningsnummer(digits)


@pytest.mark.parametrize(
    "bad", ["19121212-1213", "abc", "", "19131312-1212", "1912121212121212", "19121212_1212"]
)
def test_invalid_personnummer_gives_a_clear_message(bad):
    with pytest.raises(ValidationError) as excinfo:
        normalise_personnummer(bad)
    assert excinfo.value.code == "invalid_personnummer"


@pytest.mark.parametrize("good", ["SE2321000065-1234", "se2321000065-abc1", "SE1234567890-X"])
def test_valid_hsa_ids_pass(good):
    validate_hsa_id(good)


@pytest.mark.parametrize(
    "bad",
    [
        "2321000065-1234",
        "SE232100006-1234",
        "SE2321000065",
        "SE2321000065-",
        "SE2321000065-12/4",
        "SE2321000065-" + "1" * 20,
    ],
)
def test_invalid_hsa_ids_are_refused(bad):
    with pytest.raises(ValidationError):
        validate_hsa_id(bad)


def test_hsa_id_is_normalised_to_upper_case():
    assert normalise_hsa_id(" se2321000065-ab12 ") == "SE2321000065-AB12"

"""Names in the possessive: "Elsas program", never "Elsa program"."""

import pytest
from django.utils import translation

from stegvis.relatives.templatetags.relatives import genitive


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Elsa", "Elsas"), ("Lars", "Lars"), ("Max", "Max"), ("Liz", "Liz"), ("Åke", "Åkes")],
)
def test_swedish_adds_s_except_after_s_x_and_z(name, expected):
    with translation.override("sv"):
        assert genitive(name) == expected


def test_english_adds_apostrophe_s():
    with translation.override("en"):
        assert genitive("Elsa") == "Elsa's"
        assert genitive("Lars") == "Lars'"


def test_an_empty_name_stays_empty():
    assert genitive("") == ""

"""Published PHQ-9 and GAD-7 FHIR Questionnaires score exactly like the built-in ones."""

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from stegvis.instruments.fhir import questionnaire_from_fhir
from stegvis.instruments.library import builtin
from stegvis.instruments.responses import answers_from_plain
from stegvis.instruments.scoring import score

FIXTURES = Path(__file__).parent / "fixtures"


def imported(name: str):
    return questionnaire_from_fhir(json.loads((FIXTURES / name).read_text())).definition


PHQ9 = builtin("phq9")
GAD7 = builtin("gad7")
PHQ9_IMPORTS = [imported("lhc-forms-phq9-44249-1.json"), imported("hl7-sdc-phq9.json")]
GAD7_IMPORTS = [
    imported("lhc-forms-gad7-69737-5.json"),
    imported("gad7-itemweight-enablewhen.json"),
]


def same_score(reference, others, values: list[int]) -> None:
    expected = score(reference, {str(i + 1): str(v) for i, v in enumerate(values)})
    for other in others:
        links = other.scoring.total.items
        answers = answers_from_plain(other, dict(zip(links, values, strict=True)))
        got = score(other, answers)
        assert got.total == expected.total
        assert got.band == expected.band
        assert [(a["level"], a["message"]) for a in got.alerts] == [
            (a["level"], a["message"]) for a in expected.alerts
        ]
        # The alert points at the imported item that stands for built-in item 9.
        assert [a["item"] for a in got.alerts] == [links[-1]] * len(expected.alerts)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=9, max_size=9))
def test_imported_phq9s_give_the_built_in_total_band_and_item_9_alert(values):
    same_score(PHQ9, PHQ9_IMPORTS, values)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=7, max_size=7))
def test_imported_gad7s_give_the_built_in_total_and_band(values):
    same_score(GAD7, GAD7_IMPORTS, values)


def test_every_phq9_total_from_0_to_27_agrees():
    for total in range(28):
        values = [min(3, max(0, total - 3 * i)) for i in range(9)]
        same_score(PHQ9, PHQ9_IMPORTS, values)

"""`scoring.change`: the published figures behind reliable and clinical change, with sources."""

import pytest

from stegvis.instruments.definition import DefinitionError, load_definition
from stegvis.instruments.fhir import definition_to_fhir, questionnaire_from_fhir
from stegvis.instruments.library import builtin, builtin_data


def _rules(data) -> set[str]:
    with pytest.raises(DefinitionError) as caught:
        load_definition(data)
    return {p.rule for p in caught.value.problems}


def test_phq9_and_gad7_carry_reliability_sd_and_cut_off_with_sources(phq9, gad7, madrs):
    change = phq9.scoring.change
    assert (change.reliability.value, change.sd.value, change.cutoff.value) == (0.84, 3.52, 10)
    assert "Kroenke" in change.reliability.source and "Kocalevent" in change.sd.source
    change = gad7.scoring.change
    assert (change.reliability.value, change.sd.value, change.cutoff.value) == (0.83, 3.41, 8)
    assert "Spitzer" in change.reliability.source and "Löwe" in change.sd.source
    assert "Kroenke" in change.cutoff.source
    change = madrs.scoring.change
    assert change.reliability is None and change.cutoff.value == 13
    assert all(c.lower_is_better for c in (phq9.scoring.change, gad7.scoring.change, change))


def test_the_figures_survive_the_json_form_and_the_fhir_round_trip(phq9):
    assert load_definition(phq9.to_dict()).scoring.change == phq9.scoring.change
    again = questionnaire_from_fhir(definition_to_fhir(phq9))
    assert again.definition.scoring.change == phq9.scoring.change


def test_broken_change_figures_are_refused_with_a_reason():
    data = builtin_data("phq9")
    data["scoring"]["change"] = {
        "scale": "nope",
        "better": "down",
        "reliability": {"value": 1.2, "source": ""},
        "cutoff": 10,
        "extra": True,
    }
    rules = _rules(data)
    assert {"change-scale", "change-better", "change-value", "change-source"} <= rules
    assert "change-figure" in rules
    data["scoring"]["change"] = {"reliability": {"value": 0.8, "source": "Someone 2001"}}
    assert _rules(data) == {"change-reliability-sd"}  # the RCI needs the SD too


def test_an_instrument_without_change_figures_still_loads():
    data = builtin_data("phq9")
    del data["scoring"]["change"]
    assert load_definition(data).scoring.change is None
    assert builtin("eq5d5l").scoring.change is None

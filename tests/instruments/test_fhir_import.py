"""FHIR R4 Questionnaires import as definitions; what cannot be imported is listed per item."""

import copy
import json
from pathlib import Path

import pytest

from stegvis.instruments.fhir import FhirImportError, questionnaire_from_fhir
from stegvis.instruments.responses import check_answers
from stegvis.instruments.scoring import score

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def features(result) -> set[tuple[str | None, str]]:
    return {(u["linkId"], u["feature"]) for u in result.unsupported}


def test_the_lhc_forms_phq9_imports_with_its_loinc_items_and_ordinal_scores():
    result = questionnaire_from_fhir(load("lhc-forms-phq9-44249-1.json"))
    d = result.definition
    assert result.recognised == "phq9"
    assert d.key == "44249-1-x"
    first = d.item("/44250-9")
    assert first.required and first.codes[0].code == "44250-9"
    assert [(o.code, o.score) for o in first.options] == [
        ("LA6568-5", 0),
        ("LA6569-3", 1),
        ("LA6570-1", 2),
        ("LA6571-9", 3),
    ]
    assert first.text == {
        "sv": first.text["en"],
        "en": "Little interest or pleasure in doing things?",
    }
    assert d.scoring.total.items[-1] == "/44260-8"
    # The functional item 10 is imported but has no scores, so it is not in the total.
    assert d.item("/69722-7") is not None and "/69722-7" not in d.scoring.total.items


def test_the_total_score_item_is_reported_and_not_asked():
    result = questionnaire_from_fhir(load("lhc-forms-phq9-44249-1.json"))
    assert result.definition.item("/39156-5") is None
    assert ("/39156-5", "calculatedExpression") in features(result)


def test_extensions_that_are_not_imported_are_listed_for_each_item():
    found = features(questionnaire_from_fhir(load("lhc-forms-phq9-44249-1.json")))
    assert ("/44250-9", "extension sdc-questionnaire-observationExtract") in found
    assert ("/44250-9", "itemControl drop-down") in found
    assert ("/44250-9", "extension questionnaire-optionPrefix") in found


def test_the_hl7_sdc_phq9_imports_answer_lists_from_its_contained_value_set():
    result = questionnaire_from_fhir(load("hl7-sdc-phq9.json"))
    d = result.definition
    assert result.recognised == "phq9"
    assert d.item("H1/T1").type == "group"
    assert [o.score for o in d.item("H1/T1/Q9").options] == [0, 1, 2, 3]
    assert ("H1/TS", "calculatedExpression") in features(result)
    assert (None, "extension rendering-styleSensitive") in features(result)
    assert d.source.startswith("Imported from FHIR Questionnaire http://hl7.org/fhir/uv/sdc/")
    assert "Pfizer" in d.licence


def test_the_lhc_forms_gad7_imports_and_gets_the_gad7_bands():
    result = questionnaire_from_fhir(load("lhc-forms-gad7-69737-5.json"))
    assert result.recognised == "gad7"
    assert [b.code for b in result.definition.scoring.total.bands] == [
        "minimal",
        "mild",
        "moderate",
        "severe",
    ]
    assert result.definition.item("/68509-9").options[2].code == "LA18938-3"


def test_item_weight_extensions_give_scores_and_enable_when_becomes_a_condition():
    result = questionnaire_from_fhir(load("gad7-itemweight-enablewhen.json"))
    d = result.definition
    assert [o.score for o in d.item("/69725-0").options] == [0, 1, 2, 3]
    difficulty = d.item("difficulty")
    assert difficulty.enable_behavior == "any"
    assert [(c.item, c.operator, c.value) for c in difficulty.conditions] == [
        ("/69725-0", "!=", "LA6568-5"),
        ("/68509-9", "!=", "LA6568-5"),
    ]
    assert difficulty.text["sv"].startswith("Hur svårt")
    calm = {link: "LA6568-5" for link in d.scoring.total.items}
    assert check_answers(d, calm, complete=True).complete
    assert check_answers(d, calm | {"/69725-0": "LA6569-3"}, complete=True).errors == {
        "difficulty": {"sv": "Frågan måste besvaras.", "en": "This question must be answered."}
    }


def test_unsupported_types_and_features_are_reported_item_by_item():
    result = questionnaire_from_fhir(load("constructed-mixed-features.json"))
    d = result.definition
    found = features(result)
    assert {
        ("smoker", "type boolean"),
        ("photo", "type attachment"),
        ("drug", "answerValueSet"),
        ("mood", "open-choice"),
        ("mood", "prefix"),
        ("seen", "initial"),
        ("cigs", "enableWhen"),
        ("vas", "extension questionnaire-sliderStepValue"),
    } <= found
    assert [i.link_id for i, _ in d.walk()] == ["cigs", "mood", "vas", "seen"]
    assert (d.item("cigs").min, d.item("cigs").max) == (0, 100)
    assert d.item("vas").type == "slider"
    assert [o.code for o in d.item("mood").options] == ["good", "bad"]
    for entry in result.unsupported:
        assert entry["message"]["sv"] and entry["message"]["en"]


def test_a_questionnaire_without_scores_imports_without_scoring():
    d = questionnaire_from_fhir(load("constructed-mixed-features.json")).definition
    assert d.scoring.total is None
    assert score(d, {"cigs": 3}).total is None


def test_an_unknown_questionnaire_with_scores_gets_a_plain_sum():
    data = load("lhc-forms-phq9-44249-1.json")
    data["code"] = []
    data["identifier"] = []
    for item in data["item"]:
        item.pop("code", None)
    data["item"] = [i for i in data["item"] if i["linkId"] != "/39156-5"]
    result = questionnaire_from_fhir(data)
    assert result.recognised is None
    assert result.definition.scoring.total.bands == ()
    assert len(result.definition.scoring.total.items) == 9


def test_a_phq9_lookalike_that_does_not_match_is_imported_without_bands_and_says_why():
    data = load("lhc-forms-phq9-44249-1.json")
    data["item"] = data["item"][:5]
    result = questionnaire_from_fhir(data)
    assert result.recognised is None
    assert (None, "recognition") in features(result)
    assert result.definition.scoring.total.bands == ()


def test_a_key_that_clashes_with_a_built_in_gets_a_prefix():
    data = load("hl7-sdc-phq9.json")
    data["id"] = "phq9"
    assert questionnaire_from_fhir(data).definition.key == "fhir-phq9"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ("{not json", "not valid JSON"),
        ({"resourceType": "Patient"}, "not a FHIR Questionnaire"),
        ([], "not a FHIR Questionnaire"),
        ({"resourceType": "Questionnaire", "item": []}, "no items"),
        ({"resourceType": "Questionnaire", "item": [{"type": "string"}]}, "Invalid FHIR"),
        ({"resourceType": "Questionnaire", "status": "draft", "id": "empty"}, "no items"),
    ],
)
def test_bad_input_is_refused_with_a_message(data, fragment):
    with pytest.raises(FhirImportError) as caught:
        questionnaire_from_fhir(data)
    assert fragment in caught.value.message["en"]
    assert caught.value.message["sv"]


def test_importing_does_not_change_the_input():
    data = load("hl7-sdc-phq9.json")
    before = copy.deepcopy(data)
    questionnaire_from_fhir(data)
    assert data == before


def test_questions_nested_under_a_question_follow_it_and_empty_groups_are_reported():
    data = {
        "resourceType": "Questionnaire",
        "status": "draft",
        "id": "nested",
        "item": [
            {
                "linkId": "q",
                "type": "string",
                "text": "Why?",
                "item": [{"linkId": "q.1", "type": "string", "text": "More?"}],
            },
            {
                "linkId": "g",
                "type": "group",
                "text": "Only unsupported",
                "item": [{"linkId": "b", "type": "boolean", "text": "Yes?"}],
            },
            {
                "linkId": "later",
                "type": "string",
                "text": "Later",
                "enableWhen": [{"question": "last", "operator": "exists", "answerBoolean": True}],
            },
            {"linkId": "last", "type": "integer", "text": "Last"},
        ],
    }
    result = questionnaire_from_fhir(data)
    assert [i.link_id for i, _ in result.definition.walk()] == ["q", "q.1", "later", "last"]
    assert {("q", "nested items"), ("g", "empty group"), ("b", "type boolean")} <= features(result)
    # A condition on a later question is kept.
    assert result.definition.item("later").conditions[0].item == "last"


def test_modifier_extensions_are_not_guessed_at():
    modifier = [{"url": "http://example.org/negated", "valueBoolean": True}]
    data = {
        "resourceType": "Questionnaire",
        "status": "draft",
        "id": "mod",
        "item": [
            {"linkId": "a", "type": "string", "text": "A", "modifierExtension": modifier},
            {"linkId": "b", "type": "string", "text": "B"},
        ],
    }
    result = questionnaire_from_fhir(data)
    assert [i.link_id for i in result.definition.items] == ["b"]
    assert ("a", "modifierExtension") in features(result)
    with pytest.raises(FhirImportError, match="modifier extension"):
        questionnaire_from_fhir(data | {"modifierExtension": modifier})


def test_texts_without_swedish_are_counted_in_one_note():
    result = questionnaire_from_fhir(load("hl7-sdc-phq9.json"))
    (note,) = [u for u in result.unsupported if u["feature"] == "no sv text"]
    assert note["linkId"] is None
    assert note["message"]["sv"].endswith("används tills de översätts.")

"""Real-world Questionnaires import: harmless problems are repaired and listed, SDC sums score.

The fixtures are written for these tests in the shapes that form tools and implementation
guides publish (see fixtures/README.md); nothing was copied from the web.
"""

import copy
import json
from pathlib import Path

import pytest

from stegvis.instruments.fhir import FhirImportError, questionnaire_from_fhir
from stegvis.instruments.scoring import score

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def features(entries) -> set[tuple[str | None, str]]:
    return {(u["linkId"], u["feature"]) for u in entries}


def test_a_renderers_phq9_with_underscored_expression_names_imports_as_the_phq9():
    result = questionnaire_from_fhir(load("renderer-phq9-variables.json"))
    assert result.recognised == "phq9"
    assert result.definition.key == "phq9-test-form"
    assert (None, "Expression.name") in features(result.adjusted)
    renamed = [u["message"]["en"] for u in result.adjusted if u["feature"] == "Expression.name"]
    assert "'q1_value' is not a valid FHIR id" in renamed[0]
    # The contained answer list had an underscore id too; its reference still resolves.
    assert [o.score for o in result.definition.item("/44250-9").options] == [0, 1, 2, 3]
    answers = {link: "LA6570-1" for link in result.definition.scoring.total.items}
    assert score(result.definition, answers).total == 18


def test_variables_are_read_not_reported_as_unsupported():
    result = questionnaire_from_fhir(load("renderer-phq9-variables.json"))
    assert not any(u["feature"] == "extension variable" for u in result.unsupported)
    assert (None, "extension sdc-questionnaire-launchContext") in features(result.unsupported)


def test_calculated_sums_become_a_total_and_subscales():
    result = questionnaire_from_fhir(load("constructed-subscales-sv.json"))
    scoring = result.definition.scoring
    assert result.recognised is None
    assert list(scoring.total.items) == [
        "sleep.q1",
        "sleep.q2",
        "sleep.nights",
        "mood.q1",
        "mood.q2",
    ]
    assert scoring.total.label == {"sv": "Totalpoäng", "en": "Total score"}
    assert [(s.id, list(s.items)) for s in scoring.subscales] == [
        ("sleep_total", ["sleep.q1", "sleep.q2", "sleep.nights"]),
        ("mood_total", ["mood.q1", "mood.q2"]),
    ]
    assert scoring.subscales[0].label == {"sv": "Sömnpoäng", "en": "Sleep score"}
    assert [c["linkId"] for c in result.calculations] == ["total", "sleep_total", "mood_total"]


def test_the_imported_subscales_score_like_the_forms_own_calculation():
    d = questionnaire_from_fhir(load("constructed-subscales-sv.json")).definition
    answers = {
        "sleep.q1": "often",
        "sleep.q2": "never",
        "sleep.nights": 4,
        "mood.q1": "always",
        "mood.q2": "sometimes",
    }
    result = score(d, answers)
    assert result.total == 2 + 0 + 4 + 3 + 1
    assert result.subscales["sleep_total"].value == 6
    assert result.subscales["mood_total"].value == 4
    # A scored item left unanswered gives no score (the form would have counted nothing).
    assert score(d, answers | {"mood.q1": None}).total is None


def test_swedish_texts_and_conditions_come_through():
    d = questionnaire_from_fhir(load("constructed-subscales-sv.json")).definition
    assert d.title == {"sv": "Sömn- och stämningskoll", "en": "Sleep and mood check"}
    more = d.item("mood.q2.more")
    assert more.enable_behavior == "any"
    assert [c.value for c in more.conditions] == ["always", "often"]


def test_r5_and_tool_quirks_are_repaired_and_listed():
    result = questionnaire_from_fhir(load("r5-export-quirks.json"))
    adjusted = features(result.adjusted)
    assert {("w1", "type coding"), (None, "status"), ("w1", "code")} <= adjusted
    assert {
        ("w1", "element disabledDisplay"),
        (None, "element versionAlgorithmString"),
        (None, "element copyrightLabel"),
    } <= features(result.unsupported)
    assert [o.code for o in result.definition.item("w1").options] == ["no", "partly", "yes"]
    for entry in result.adjusted + result.unsupported:
        assert entry["message"]["sv"] and entry["message"]["en"]


def test_a_mean_of_item_scores_becomes_a_mean_scale():
    result = questionnaire_from_fhir(load("r5-export-quirks.json"))
    total = result.definition.scoring.total
    assert (total.method, list(total.items)) == ("mean", ["w1", "w2", "w3"])
    assert score(result.definition, {"w1": "yes", "w2": "partly", "w3": "no"}).total == 1


def test_calculations_that_are_not_sums_are_reported_item_by_item():
    result = questionnaire_from_fhir(load("r5-export-quirks.json"))
    notes = {
        u["linkId"]: u["message"]["en"]
        for u in result.unsupported
        if u["feature"] == "calculatedExpression" and "not a sum" in u["message"]["en"]
    }
    assert set(notes) == {"band", "age"}
    assert "condition (iif)" in notes["band"]
    assert "not FHIRPath" in notes["age"]


def _with_total(expression: str) -> dict:
    data = load("r5-export-quirks.json")
    calculated = [
        {
            "linkId": "sum",
            "type": "integer",
            "text": "Sum",
            "extension": [
                {
                    "url": "http://hl7.org/fhir/uv/sdc/StructureDefinition/"
                    "sdc-questionnaire-calculatedExpression",
                    "valueExpression": {"language": "text/fhirpath", "expression": expression},
                }
            ],
        }
    ]
    data["item"] = [*data["item"][:3], *calculated]
    return data


@pytest.mark.parametrize(
    ("expression", "items"),
    [
        ("%resource.answers().value.ordinal().sum()", ["w1", "w2", "w3"]),
        ("%resource.repeat(item).answer.value.ordinal().sum()", ["w1", "w2", "w3"]),
        ("%resource.item.where(linkId != 'w2').answer.value.weight().sum()", ["w1", "w3"]),
        (
            "%resource.item.where(linkId='w1').answer.value.extension("
            "'http://hl7.org/fhir/StructureDefinition/ordinalValue').value"
            " + %resource.item.where(linkId='w3').answer.value.ordinal().first()",
            ["w1", "w3"],
        ),
        (
            "iif(%resource.item.answer.value.count() = 3, "
            "%resource.item.where(linkId in ('w1' | 'w2')).answer.value.ordinal().sum(), {})",
            ["w1", "w2"],
        ),
    ],
)
def test_published_shapes_of_a_sum_are_read(expression, items):
    result = questionnaire_from_fhir(_with_total(expression))
    assert list(result.definition.scoring.total.items) == items


@pytest.mark.parametrize(
    ("expression", "why"),
    [
        ("%resource.item.where(linkId='w1').answer.value.ordinal() * 2", "a product"),
        ("%resource.item.answer.value.ordinal()", "without sum()"),
        ("%unknown_name + 1", "is not defined"),
        ("%resource.item.where(text='x').answer.value.ordinal()", "where(text='x')"),
        ("%resource.item.where(linkId='w1').answer.value", "is not a number"),
    ],
)
def test_other_calculations_give_no_score_and_say_why(expression, why):
    result = questionnaire_from_fhir(_with_total(expression))
    assert result.definition.scoring.total is None
    notes = [u["message"]["en"] for u in result.unsupported if u["linkId"] == "sum"]
    assert any(why in note for note in notes), notes


def test_a_missing_answer_counted_as_zero_is_reported():
    expression = "iif(%a.exists(), %a, 0) + iif(%b.exists(), %b, 0)"
    data = _with_total(expression)
    data["extension"] = [
        {
            "url": "http://hl7.org/fhir/StructureDefinition/variable",
            "valueExpression": {
                "name": name,
                "language": "text/fhirpath",
                "expression": f"%resource.item.where(linkId='{link}').answer.value.ordinal()",
            },
        }
        for name, link in (("a", "w1"), ("b", "w2"))
    ]
    result = questionnaire_from_fhir(data)
    assert list(result.definition.scoring.total.items) == ["w1", "w2"]
    assert ("sum", "missing as 0") in features(result.unsupported)


def test_a_sum_of_an_item_that_was_not_imported_gives_no_score():
    data = _with_total("%resource.item.where(linkId='w1').answer.value.ordinal()")
    data["item"][0]["modifierExtension"] = [{"url": "http://example.org/x", "valueBoolean": True}]
    result = questionnaire_from_fhir(data)
    assert result.definition.scoring.total is None
    assert any("w1 was not imported" in u["message"]["en"] for u in result.unsupported)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["item"][1].pop("linkId"), "item.1.linkId"),
        (lambda d: d["item"][0].update(required="maybe"), "item w1: item.0.required"),
        (
            lambda d: d["item"][0]["answerOption"][0].update(valueCoding="no"),
            "item w1: item.0.answerOption.0.valueCoding",
        ),
    ],
)
def test_broken_files_are_refused_naming_the_item(change, where):
    data = copy.deepcopy(load("r5-export-quirks.json"))
    change(data)
    with pytest.raises(FhirImportError) as caught:
        questionnaire_from_fhir(data)
    assert where in caught.value.message["en"]
    assert caught.value.message["sv"].startswith("Ogiltig FHIR Questionnaire")


def test_an_invalid_extension_the_import_does_not_read_is_dropped_with_a_note():
    data = load("r5-export-quirks.json")
    data["item"][0]["extension"] = [
        {"url": "http://example.org/fhir/colour", "valueQuantity": {"value": "lots"}}
    ]
    result = questionnaire_from_fhir(data)
    assert ("w1", "extension colour") in features(result.unsupported)

"""Definition -> FHIR Questionnaire -> definition gives the same definition; responses export."""

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import given, settings
from hypothesis import strategies as st

from stegvis.instruments.definition import load_definition
from stegvis.instruments.fhir import (
    answers_from_fhir_response,
    definition_to_fhir,
    questionnaire_from_fhir,
    response_to_fhir,
)
from stegvis.instruments.fhir.common import ORDINAL, STEGVIS_SCORE
from stegvis.instruments.library import BUILTIN_KEYS, builtin
from stegvis.instruments.scoring import score

from .conftest import t

RICH = {
    "key": "rich",
    "version": "2.1",
    "title": t("Rich"),
    "source": "Made for tests",
    "licence": "CC0",
    "codes": [{"system": "http://loinc.org", "code": "0000-0"}],
    "items": [
        {"linkId": "intro", "type": "display", "text": t("Intro")},
        {
            "linkId": "smoke",
            "type": "choice",
            "text": t("Smoke?"),
            "required": True,
            "options": [
                {"code": "y", "label": t("Yes"), "score": 1},
                {"code": "n", "label": t("No"), "score": 0},
            ],
        },
        {
            "linkId": "kinds",
            "type": "multichoice",
            "text": t("Kinds"),
            "options": [{"code": "a", "label": t("A")}, {"code": "b", "label": t("B")}],
            "enableWhen": [{"item": "smoke", "operator": "=", "value": "y"}],
        },
        {
            "linkId": "n",
            "type": "integer",
            "text": t("Count"),
            "min": 0,
            "max": 40,
            "enableWhen": [
                {"item": "smoke", "operator": "exists", "value": True},
                {"item": "smoke", "operator": "!=", "value": "n"},
            ],
            "enableBehavior": "any",
        },
        {"linkId": "kg", "type": "decimal", "text": t("Weight"), "min": 20.5, "max": 300},
        {
            "linkId": "g",
            "type": "group",
            "text": t("Group"),
            "enableWhen": [{"item": "kg", "operator": ">", "value": 50.5}],
            "items": [
                {
                    "linkId": "vas",
                    "type": "slider",
                    "text": t("VAS"),
                    "min": 0,
                    "max": 100,
                    "required": True,
                },
                {"linkId": "note", "type": "text", "text": t("Note")},
                {"linkId": "when", "type": "date", "text": t("When")},
                {
                    "linkId": "after",
                    "type": "text",
                    "text": t("After"),
                    "enableWhen": [{"item": "when", "operator": ">=", "value": "2024-01-01"}],
                },
            ],
        },
    ],
    "scoring": {
        "total": {
            "id": "total",
            "label": t("Total"),
            "items": ["smoke", "n"],
            "method": "sum",
            "missing": {"rule": "prorate", "maxMissing": 1},
            "bands": [
                {"min": 0, "max": 20, "code": "lo", "label": t("Lo"), "level": 0},
                {"min": 21, "max": 41, "code": "hi", "label": t("Hi"), "level": 1},
            ],
        },
        "subscales": [
            {
                "id": "vas",
                "label": t("VAS"),
                "items": ["vas"],
                "method": "mean",
                "missing": {"rule": "invalid"},
            }
        ],
        "items": {"n": {"reverse": True}},
        "alerts": [
            {"item": "smoke", "operator": "=", "value": 1, "level": "info", "message": t("Smoker")}
        ],
    },
}


def round_trip(definition):
    exported = definition_to_fhir(definition)
    Questionnaire.model_validate(exported)
    result = questionnaire_from_fhir(exported)
    assert result.unsupported == []
    return result.definition


@pytest.mark.parametrize("key", BUILTIN_KEYS)
def test_every_built_in_survives_the_round_trip(key):
    assert round_trip(builtin(key)) == builtin(key)


def test_a_definition_with_every_item_type_survives_the_round_trip():
    rich = load_definition(RICH)
    assert round_trip(rich).to_dict() == rich.to_dict()


def test_the_export_is_swedish_first_with_english_translations_and_ordinal_scores():
    exported = definition_to_fhir(builtin("phq9"))
    assert exported["language"] == "sv"
    item = exported["item"][1]
    assert item["text"].startswith("Lite intresse")
    assert item["_text"]["extension"][0]["extension"][1]["valueString"].startswith("Little")
    assert item["answerOption"][3]["extension"] == [{"url": ORDINAL, "valueDecimal": 3}]
    assert exported["copyright"].startswith("PHQ-9 copyright")


@st.composite
def definitions(draw):
    n = draw(st.integers(1, 5))
    items = []
    for i in range(n):
        kind = draw(
            st.sampled_from(
                ["choice", "multichoice", "integer", "decimal", "slider", "text", "date", "display"]
            )
        )
        item = {
            "linkId": f"i{i}",
            "type": kind,
            "text": t(draw(st.text(min_size=1, max_size=8).filter(str.strip))),
        }
        if kind in ("choice", "multichoice"):
            k = draw(st.integers(1, 4))
            item["options"] = [
                {"code": f"c{j}", "label": t(f"o{j}"), "score": draw(st.integers(-2, 5))}
                for j in range(k)
            ]
        if kind in ("integer", "decimal"):
            lo = draw(st.integers(-5, 5))
            item["min"], item["max"] = lo, lo + draw(st.integers(1, 50))
        if kind != "display" and draw(st.booleans()):
            item["required"] = True
        earlier = [x for x in items if x["type"] in ("choice", "integer")]
        if earlier and draw(st.booleans()):
            target = draw(st.sampled_from(earlier))
            value = target["options"][0]["code"] if target["type"] == "choice" else 1
            item["enableWhen"] = [{"item": target["linkId"], "operator": "=", "value": value}]
        items.append(item)
    return load_definition({"key": "gen", "version": "1", "title": t("Gen"), "items": items})


@settings(max_examples=100, deadline=None)  # timing varies on a shared machine
@given(definitions())
def test_any_generated_definition_survives_the_round_trip(definition):
    assert round_trip(definition).to_dict() == definition.to_dict()


def test_a_scored_response_exports_as_a_valid_questionnaire_response():
    phq9 = builtin("phq9")
    answers = {str(i): "2" for i in range(1, 10)}
    result = score(phq9, answers)
    exported = response_to_fhir(phq9, answers, result, authored="2026-01-02T10:00:00+01:00")
    QuestionnaireResponse.model_validate(exported)
    assert exported["status"] == "completed"
    assert exported["questionnaire"] == "https://stegvis.se/fhir/Questionnaire/phq9|1.0.1"
    assert exported["item"][0]["answer"][0]["valueCoding"] == {
        "code": "2",
        "display": "Mer än hälften av dagarna",
    }
    (score_ext,) = exported["extension"]
    assert score_ext["url"] == STEGVIS_SCORE
    parts = {e["url"]: e for e in score_ext["extension"]}
    assert parts["total"]["valueDecimal"] == 18
    assert parts["band"]["valueCoding"]["code"] == "moderately-severe"
    assert parts["alert"]["extension"][0]["valueCode"] == "prioritised"


def test_an_eq5d_response_exports_its_index_and_profile():
    eq = builtin("eq5d5l")
    answers = {"MO": "1", "SC": "1", "UA": "2", "PD": "2", "AD": "1", "VAS": 80}
    exported = response_to_fhir(eq, answers, score(eq, answers))
    parts = {e["url"]: e for e in exported["extension"][0]["extension"]}
    assert parts["profile"]["valueString"] == "11221"
    assert parts["index"]["valueDecimal"] == pytest.approx(1 - 0.022 - 0.010)
    assert exported["item"][-1] == {
        "linkId": "VAS",
        "text": "[Licensierad EQ VAS-text]",
        "answer": [{"valueInteger": 80}],
    }


def test_a_partial_response_exports_as_in_progress_and_keeps_groups():
    rich = load_definition(RICH)
    answers = {"smoke": "y", "kinds": ["a", "b"], "kg": 72.5, "note": "hej", "when": "2024-05-01"}
    exported = response_to_fhir(rich, answers, score(rich, answers))
    assert exported["status"] == "in-progress"
    group = next(i for i in exported["item"] if i["linkId"] == "g")
    assert [i["linkId"] for i in group["item"]] == ["note", "when"]
    assert answers_from_fhir_response(rich, exported) == answers


def test_answers_come_back_from_a_questionnaire_response():
    phq9 = builtin("phq9")
    answers = {str(i): str(i % 4) for i in range(1, 10)} | {"10": "1"}
    exported = response_to_fhir(phq9, answers)
    assert exported["status"] == "in-progress"
    assert answers_from_fhir_response(phq9, exported) == answers


def test_a_response_may_give_choices_as_scores():
    phq9 = builtin("phq9")
    qr = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "item": [{"linkId": str(i), "answer": [{"valueInteger": 1}]} for i in range(1, 10)],
    }
    assert score(phq9, answers_from_fhir_response(phq9, qr)).total == 9

"""A definition that breaks a rule is refused, naming the item and the rule."""

import json
import re
from pathlib import Path

import pytest

from stegvis.instruments.definition import DefinitionError, load_definition
from stegvis.instruments.library import BUILTIN_KEYS, builtin_data

from .conftest import options, t


def problems(data) -> list[tuple[str | None, str]]:
    with pytest.raises(DefinitionError) as caught:
        load_definition(data)
    for p in caught.value.problems:
        assert p.message["sv"] and p.message["en"]
    return [(p.item, p.rule) for p in caught.value.problems]


def test_a_valid_definition_loads_and_round_trips_through_its_json_form(mini):
    definition = load_definition(mini)
    again = load_definition(definition.to_dict())
    assert again.to_dict() == definition.to_dict()
    assert [i.link_id for i, _ in definition.walk()] == ["a", "b", "c"]


@pytest.mark.parametrize("key", BUILTIN_KEYS)
def test_every_built_in_definition_passes_the_rules(key):
    data = builtin_data(key)
    definition = load_definition(data)
    assert definition.licence and definition.source
    assert load_definition(definition.to_dict()) == definition


def test_duplicate_link_ids_are_refused(mini):
    mini["items"][1]["linkId"] = "a"
    assert ("a", "linkId-unique") in problems(mini)


def test_an_unknown_item_type_is_refused(mini):
    mini["items"][0]["type"] = "radio"
    assert ("a", "item-type") in problems(mini)


def test_a_text_without_swedish_is_refused(mini):
    mini["items"][2]["text"] = {"en": "C only in English"}
    assert ("c", "text-sv-en") in problems(mini)


def test_a_choice_item_needs_options(mini):
    mini["items"][0]["options"] = []
    assert ("a", "options") in problems(mini)


def test_option_codes_must_be_unique(mini):
    mini["items"][0]["options"][1]["code"] = "0"
    assert ("a", "option-code-unique") in problems(mini)


def test_an_option_score_must_be_a_number(mini):
    mini["items"][0]["options"][1]["score"] = "1"
    assert ("a", "option-score") in problems(mini)


def test_min_must_be_below_max(mini):
    mini["items"][2]["min"] = 10
    assert ("c", "min-max") in problems(mini)


def test_an_integer_item_needs_whole_number_limits(mini):
    mini["items"][2]["max"] = 9.5
    assert ("c", "min-max") in problems(mini)


def test_only_number_items_have_limits(mini):
    mini["items"][0]["min"] = 0
    assert ("a", "min-max") in problems(mini)


def test_a_group_needs_items_and_only_groups_have_items(mini):
    mini["items"].append({"linkId": "g", "type": "group", "text": t("G"), "items": []})
    mini["items"][0]["items"] = [{"linkId": "x", "type": "text", "text": t("X")}]
    found = problems(mini)
    assert ("g", "group-items") in found
    assert ("a", "group-items") in found


def test_a_display_item_cannot_be_required(mini):
    mini["items"].append({"linkId": "d", "type": "display", "text": t("D"), "required": True})
    assert ("d", "required") in problems(mini)


def test_a_condition_must_refer_to_an_existing_question(mini):
    mini["items"][1]["enableWhen"] = [{"item": "zz", "operator": "=", "value": "1"}]
    assert ("b", "enableWhen-item") in problems(mini)


def test_a_condition_may_refer_to_a_later_question(mini):
    mini["items"][0]["enableWhen"] = [{"item": "c", "operator": ">", "value": 1}]
    assert load_definition(mini).items[0].conditions[0].item == "c"


def test_conditions_that_depend_on_each_other_in_a_circle_are_refused(mini):
    mini["items"][0]["enableWhen"] = [{"item": "b", "operator": "=", "value": "1"}]
    mini["items"][1]["enableWhen"] = [{"item": "a", "operator": "=", "value": "1"}]
    assert ("a", "enableWhen-cycle") in problems(mini)


def test_a_group_cannot_depend_on_its_own_question(mini):
    mini["items"].append(
        {
            "linkId": "g",
            "type": "group",
            "text": t("G"),
            "enableWhen": [{"item": "inner", "operator": "exists", "value": True}],
            "items": [{"linkId": "inner", "type": "text", "text": t("Inner")}],
        }
    )
    assert ("g", "enableWhen-cycle") in problems(mini)


def test_a_condition_on_a_choice_must_name_one_of_its_options(mini):
    mini["items"][1]["enableWhen"] = [{"item": "a", "operator": "=", "value": "9"}]
    assert ("b", "enableWhen-value") in problems(mini)


def test_a_condition_needs_a_known_operator(mini):
    mini["items"][1]["enableWhen"] = [{"item": "a", "operator": "~", "value": "1"}]
    assert ("b", "enableWhen") in problems(mini)


def test_bands_with_a_gap_are_refused(mini):
    mini["scoring"]["total"]["bands"][1]["min"] = 4
    assert (None, "bands-gap") in problems(mini)


def test_overlapping_bands_are_refused(mini):
    mini["scoring"]["total"]["bands"][1]["min"] = 2
    assert (None, "bands-overlap") in problems(mini)


def test_bands_must_cover_the_whole_score_range(mini):
    mini["scoring"]["total"]["bands"][1]["max"] = 5
    assert (None, "bands-cover") in problems(mini)


def test_bands_of_a_whole_number_score_need_whole_number_limits(mini):
    mini["scoring"]["total"]["bands"][0]["max"] = 2.5
    assert (None, "band-integer") in problems(mini)


def test_a_scale_item_must_be_able_to_give_a_score(mini):
    mini["items"].append({"linkId": "free", "type": "text", "text": t("Free")})
    mini["scoring"]["total"]["items"].append("free")
    assert ("free", "scale-item-scored") in problems(mini)


def test_a_number_item_in_a_scale_needs_min_and_max(mini):
    del mini["items"][2]["max"]
    mini["scoring"]["subscales"] = [
        {"id": "c-only", "label": t("C"), "items": ["c"], "method": "sum"}
    ]
    assert ("c", "scale-item-scored") in problems(mini)


def test_an_unknown_missing_rule_is_refused(mini):
    mini["scoring"]["total"]["missing"] = {"rule": "guess"}
    assert (None, "missing-rule") in problems(mini)


def test_prorating_needs_a_sensible_number_of_missing_items(mini):
    mini["scoring"]["total"]["missing"] = {"rule": "prorate", "maxMissing": 2}
    assert (None, "missing-rule") in problems(mini)


def test_a_weight_must_be_positive(mini):
    mini["scoring"]["items"] = {"a": {"weight": -1}}
    assert ("a", "weight") in problems(mini)


def test_a_lookup_table_must_cover_every_option(mini):
    mini["scoring"]["lookups"] = {"t": {"0": 0, "1": 1}}
    mini["scoring"]["items"] = {"a": {"lookup": "t"}}
    assert ("a", "lookup-covers") in problems(mini)


def test_a_lookup_table_must_exist(mini):
    mini["scoring"]["items"] = {"a": {"lookup": "nope"}}
    assert ("a", "lookup-table") in problems(mini)


def test_an_alert_needs_a_scored_item_a_condition_a_level_and_a_message(mini):
    mini["scoring"]["alerts"] = [
        {"item": "zz", "operator": ">", "value": 1, "level": "prioritised", "message": t("m")},
        {"item": "a", "operator": "~", "value": 1, "level": "prioritised", "message": t("m")},
        {"item": "a", "operator": ">", "value": 1, "level": "red", "message": t("m")},
        {"item": "a", "operator": ">", "value": 1, "level": "info", "message": {"sv": "x"}},
    ]
    found = problems(mini)
    assert ("zz", "alert-item") in found
    assert ("a", "alert-condition") in found
    assert ("a", "alert-level") in found
    assert ("a", "text-sv-en") in found


def test_an_alert_on_an_unknown_scale_is_refused(mini):
    mini["scoring"]["alerts"] = [
        {"scale": "sub", "operator": ">", "value": 1, "level": "info", "message": t("m")}
    ]
    assert (None, "alert-scale") in problems(mini)


def test_the_index_needs_five_dimension_items_with_levels_1_to_5(mini):
    mini["scoring"]["index"] = {
        "method": "eq5d5l",
        "dimensions": {"MO": "a", "SC": "a", "UA": "a", "PD": "a", "AD": "a"},
    }
    assert ("a", "index-dimension-item") in problems(mini)


def test_a_bad_key_and_missing_version_are_refused(mini):
    mini["key"] = "Bad Key!"
    del mini["version"]
    found = problems(mini)
    assert (None, "key") in found
    assert (None, "version") in found


def test_all_problems_are_reported_at_once(mini):
    mini["items"][0]["options"] = []
    mini["items"][2]["min"] = 20
    mini["scoring"]["total"]["bands"][1]["min"] = 5
    found = {rule for _, rule in problems(mini)}
    assert {"options", "min-max"} <= found


def test_the_error_message_names_the_item_and_the_rule(mini):
    mini["items"][2]["min"] = 20
    with pytest.raises(DefinitionError) as caught:
        load_definition(mini)
    assert "item c" in str(caught.value)
    assert "[min-max]" in str(caught.value)
    assert caught.value.to_dict()["problems"][0]["item"] == "c"


def test_something_that_is_not_an_object_is_refused():
    assert (None, "definition-object") in problems(["not", "a", "definition"])


def test_mean_scales_use_boundaries_that_belong_to_the_upper_band(mini):
    mini["items"].append({"linkId": "d", "type": "decimal", "text": t("D"), "min": 0, "max": 1})
    mini["scoring"]["subscales"] = [
        {
            "id": "mean",
            "label": t("Mean"),
            "items": ["a", "b"],
            "method": "mean",
            "bands": [
                {"min": 0, "max": 1.5, "code": "low", "label": t("Low"), "level": 0},
                {"min": 1.5, "max": 3, "code": "high", "label": t("High"), "level": 1},
            ],
        }
    ]
    load_definition(mini)
    mini["scoring"]["subscales"][0]["bands"][1]["min"] = 1.6
    assert (None, "bands-gap") in problems(mini)


def test_options_without_a_score_are_allowed(mini):
    mini["items"][0]["options"].append({"code": "dk", "label": t("Don't know")})
    load_definition(mini)
    assert options(1)[0]["score"] == 1


def test_a_misspelt_field_is_refused_rather_than_ignored(mini):
    mini["items"][0]["requierd"] = True
    mini["items"][0]["options"][0]["scroe"] = 1
    mini["scoring"]["total"]["bands"][0]["lvl"] = 0
    mini["scoring"]["alerts"] = [
        {"item": "a", "operator": ">", "value": 1, "level": "info", "message": t("m"), "x": 1}
    ]
    mini["scoring"]["totl"] = {}
    mini["sauce"] = "?"
    found = problems(mini)
    assert found.count(("a", "unknown-field")) == 3
    assert found.count((None, "unknown-field")) == 3


def test_an_unknown_schema_version_is_refused(mini):
    mini["schema"] = "stegvis-instrument/9"
    assert (None, "schema") in problems(mini)


def test_the_example_in_the_documentation_is_a_valid_definition():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "instruments.md").read_text()
    example = re.search(r"```json\n(\{\n  \"key\": \"mini\".*?)\n```", doc, re.S).group(1)
    assert load_definition(json.loads(example)).scoring.total.bands[1].code == "high"

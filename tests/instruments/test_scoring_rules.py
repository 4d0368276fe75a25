"""Scales: sum or mean, reverse-scored, weighted and looked-up items, missing-item rules."""

import pytest

from stegvis.instruments.definition import load_definition
from stegvis.instruments.scoring import score

from .conftest import t


def scale(items, **extra):
    return {"id": extra.pop("id", "total"), "label": t("Scale"), "items": items, **extra}


def build(mini, **scoring):
    mini["scoring"] = scoring
    return load_definition(mini)


def test_a_reverse_scored_item_counts_from_the_other_end(mini):
    d = build(mini, total=scale(["a", "b"]), items={"b": {"reverse": True}})
    assert score(d, {"a": "0", "b": "0"}).total == 3
    assert score(d, {"a": "3", "b": "3"}).total == 3
    assert score(d, {"a": "1", "b": "2"}).total == 2


def test_a_weighted_item_is_multiplied_by_its_weight(mini):
    d = build(mini, total=scale(["a", "b"]), items={"a": {"weight": 2}})
    assert score(d, {"a": "3", "b": "1"}).total == 7


def test_reverse_then_weight(mini):
    d = build(mini, total=scale(["a"]), items={"a": {"reverse": True, "weight": 3}})
    assert score(d, {"a": "1", "b": "0"}).total == 6


def test_a_lookup_table_gives_the_score_for_each_option(mini):
    d = build(
        mini,
        total=scale(["a", "b"]),
        lookups={"steps": {"0": 0, "1": 10, "2": 25, "3": 50}},
        items={"a": {"lookup": "steps"}},
    )
    assert score(d, {"a": "2", "b": "1"}).total == 26


def test_a_lookup_table_can_map_a_number_item(mini):
    mini["items"][2]["min"], mini["items"][2]["max"] = 0, 3
    d = build(
        mini,
        total=scale(["c"]),
        lookups={"c": {"0": 5, "1": 4, "2": 2, "3": 0}},
        items={"c": {"lookup": "c"}},
    )
    assert score(d, {"a": "0", "b": "0", "c": 2}).total == 2


def test_a_mean_scale_divides_by_the_answered_items(mini):
    d = build(
        mini, total=scale(["a", "b"], method="mean", missing={"rule": "prorate", "maxMissing": 1})
    )
    assert score(d, {"a": "1", "b": "2"}).total == 1.5
    assert score(d, {"a": "3"}).total == 3


def test_missing_items_make_the_score_invalid_by_default(mini):
    d = build(mini, total=scale(["a", "b"]))
    result = score(d, {"a": "3"})
    assert result.total is None and result.band is None
    assert result.invalid_reason["sv"].startswith("1 frågor saknar svar")


def test_a_prorated_sum_scales_up_and_rounds_half_up(mini):
    mini["items"].append(
        {"linkId": "e", "type": "choice", "text": t("E"), "options": mini["items"][0]["options"]}
    )
    d = build(mini, total=scale(["a", "b", "e"], missing={"rule": "prorate", "maxMissing": 1}))
    assert score(d, {"a": "1", "b": "2"}).total == 5  # 3 * 3 / 2 = 4.5 -> 5
    assert score(d, {"a": "1", "b": "1"}).total == 3
    result = score(d, {"a": "1"})
    assert result.total is None
    assert "at most 1 may be missing" in result.invalid_reason["en"]


def test_subscales_are_scored_beside_the_total(mini):
    d = build(
        mini,
        total=scale(["a", "b"]),
        subscales=[scale(["a"], id="first"), scale(["b"], id="second")],
    )
    result = score(d, {"a": "1", "b": "3"})
    assert result.total == 4
    assert result.subscales["first"].value == 1
    assert result.to_dict()["subscales"]["second"] == {
        "value": 3,
        "band": None,
        "invalidReason": None,
    }


def test_an_item_hidden_by_its_condition_is_left_out_rather_than_missing(mini):
    mini["items"][1]["enableWhen"] = [{"item": "a", "operator": "!=", "value": "0"}]
    d = build(mini, total=scale(["a", "b"]))
    result = score(d, {"a": "0"})
    assert (result.total, result.complete) == (0, True)


def test_an_alert_can_watch_a_scale(mini):
    d = build(
        mini,
        total=scale(["a", "b"]),
        alerts=[
            {
                "scale": "total",
                "operator": ">=",
                "value": 5,
                "level": "warning",
                "message": t("High total"),
            }
        ],
    )
    assert score(d, {"a": "2", "b": "2"}).alerts == ()
    (alert,) = score(d, {"a": "3", "b": "2"}).alerts
    assert alert == {"item": None, "scale": "total", "level": "warning", "message": t("High total")}


def test_a_number_item_can_raise_an_alert(mini):
    d = build(
        mini,
        alerts=[{"item": "c", "operator": "<", "value": 2, "level": "info", "message": t("Low")}],
    )
    assert score(d, {"c": 1}).alerts[0]["level"] == "info"
    assert score(d, {"c": 2}).alerts == ()


def test_an_unscored_option_counts_as_missing(mini):
    mini["items"][0]["options"].append({"code": "dk", "label": t("Don't know")})
    d = build(mini, total=scale(["a", "b"]))
    assert score(d, {"a": "dk", "b": "1"}).total is None


def test_a_multiple_choice_item_scores_the_sum_of_its_chosen_options(mini):
    mini["items"][1]["type"] = "multichoice"
    d = build(mini, total=scale(["a", "b"]))
    assert score(d, {"a": "1", "b": ["1", "3"]}).total == 5


def test_the_result_dict_has_a_stable_set_of_keys(mini_definition):
    data = score(mini_definition, {"a": "1", "b": "1"}).to_dict()
    assert list(data) == [
        "instrument",
        "version",
        "complete",
        "total",
        "band",
        "subscales",
        "alerts",
        "index",
        "valueSet",
        "profile",
        "vas",
        "invalidReason",
        "unanswered",
    ]


@pytest.mark.parametrize(
    ("a", "b", "band"), [("0", "0", "low"), ("1", "1", "low"), ("3", "0", "high")]
)
def test_the_band_is_the_one_whose_range_holds_the_total(mini_definition, a, b, band):
    assert score(mini_definition, {"a": a, "b": b}).band["code"] == band


def test_an_item_alert_reads_the_options_own_score_not_the_reversed_one(mini):
    d = build(
        mini,
        total=scale(["a", "b"]),
        items={"a": {"reverse": True}},
        alerts=[
            {
                "item": "a",
                "operator": ">=",
                "value": 3,
                "level": "prioritised",
                "message": t("Item a at its top option"),
            }
        ],
    )
    result = score(d, {"a": "3", "b": "0"})
    assert result.total == 0  # reversed: 3 counts as 0
    assert [a["item"] for a in result.alerts] == ["a"]

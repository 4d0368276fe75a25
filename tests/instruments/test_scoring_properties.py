"""Scoring invariants, for any answers: bounds, band coverage, reverse scoring."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from stegvis.instruments.definition import load_definition
from stegvis.instruments.library import builtin
from stegvis.instruments.scoring import score

from .conftest import t

PHQ9, GAD7, MADRS = builtin("phq9"), builtin("gad7"), builtin("madrs-s")


def answers_for(n: int, top: int):
    return st.lists(st.integers(0, top), min_size=n, max_size=n).map(
        lambda values: {str(i + 1): str(v) for i, v in enumerate(values)}
    )


@settings(deadline=None)  # timing varies on a shared machine
@given(answers_for(9, 3))
def test_phq9_total_is_the_item_sum_within_0_to_27_and_always_has_a_band(answers):
    result = score(PHQ9, answers)
    assert result.total == sum(int(v) for v in answers.values())
    assert 0 <= result.total <= 27
    assert result.band is not None
    assert bool(result.alerts) is (answers["9"] != "0")


@settings(deadline=None)  # timing varies on a shared machine
@given(answers_for(7, 3))
def test_gad7_total_is_within_0_to_21_and_always_has_a_band(answers):
    result = score(GAD7, answers)
    assert 0 <= result.total <= 21 and result.band is not None


@settings(deadline=None)  # timing varies on a shared machine
@given(answers_for(9, 6))
def test_madrs_s_total_is_within_0_to_54_and_bands_rise_with_the_total(answers):
    result = score(MADRS, answers)
    assert 0 <= result.total <= 54
    higher = dict(answers)
    bumped = next((k for k, v in answers.items() if v != "6"), None)
    if bumped:
        higher[bumped] = str(int(answers[bumped]) + 1)
        assert score(MADRS, higher).band["level"] >= result.band["level"]


@st.composite
def scored_definitions(draw):
    """A random definition: 1–6 choice items with random scores, some reversed or weighted."""
    n = draw(st.integers(1, 6))
    items, rules = [], {}
    for i in range(n):
        scores = draw(st.lists(st.integers(-3, 6), min_size=2, max_size=5, unique=True))
        items.append(
            {
                "linkId": f"q{i}",
                "type": "choice",
                "text": t(f"Q{i}"),
                "required": True,
                "options": [
                    {"code": str(j), "label": t(str(j)), "score": s} for j, s in enumerate(scores)
                ],
            }
        )
        rule = {}
        if draw(st.booleans()):
            rule["reverse"] = True
        if draw(st.booleans()):
            rule["weight"] = draw(st.integers(1, 3))
        if rule:
            rules[f"q{i}"] = rule
    lo = sum(
        min(o["score"] for o in it["options"]) * rules.get(it["linkId"], {}).get("weight", 1)
        for it in items
    )
    hi = sum(
        max(o["score"] for o in it["options"]) * rules.get(it["linkId"], {}).get("weight", 1)
        for it in items
    )
    cuts = sorted(draw(st.sets(st.integers(lo + 1, hi), max_size=3))) if hi > lo else []
    edges = [lo, *cuts, hi + 1]
    bands = [
        {"min": a, "max": b - 1, "code": f"b{k}", "label": t(f"B{k}"), "level": k}
        for k, (a, b) in enumerate(itertools.pairwise(edges))
    ]
    definition = load_definition(
        {
            "key": "random",
            "version": "1",
            "title": t("Random"),
            "items": items,
            "scoring": {
                "total": {
                    "id": "total",
                    "label": t("Total"),
                    "items": [i["linkId"] for i in items],
                    "bands": bands,
                },
                "items": rules,
            },
        }
    )
    answers = {
        it["linkId"]: draw(st.sampled_from([o["code"] for o in it["options"]])) for it in items
    }
    return definition, answers, lo, hi


@settings(max_examples=200, deadline=None)
@given(scored_definitions())
def test_any_total_lies_within_the_scale_range_and_falls_in_exactly_one_band(case):
    definition, answers, lo, hi = case
    result = score(definition, answers)
    assert lo <= result.total <= hi
    bands = definition.scoring.total.bands
    holding = [b for b in bands if b.min <= result.total <= b.max]
    assert len(holding) == 1
    assert result.band["code"] == holding[0].code


@settings(deadline=None)  # timing varies on a shared machine
@given(scored_definitions())
def test_reversing_an_item_mirrors_its_score_within_its_range(case):
    definition, answers, _, _ = case
    item = definition.items[0]
    scores = [o.score for o in item.options]
    data = definition.to_dict()
    data["scoring"]["total"]["items"] = [item.link_id]
    data["scoring"]["total"].pop("bands")
    data["scoring"]["items"] = {}
    plain = load_definition(data)
    data["scoring"]["items"] = {item.link_id: {"reverse": True}}
    flipped = load_definition(data)
    raw = score(plain, answers).total
    assert score(flipped, answers).total == min(scores) + max(scores) - raw

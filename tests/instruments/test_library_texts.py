"""The built-in instruments carry the published Swedish wording.

MADRS-S: every item has its heading, its question and the descriptions of steps 0, 2, 4 and 6
(Svanborg & Åsberg 1994); 1, 3 and 5 are steps between two descriptions. PHQ-9 and GAD-7:
Pfizer's Swedish translation (phqscreeners.com).
"""

import pytest

from stegvis.instruments.definition import DefinitionError, load_definition
from stegvis.instruments.library import builtin, builtin_data

MADRS_HEADINGS = [
    "Sinnesstämning",
    "Oroskänslor",
    "Sömn",
    "Matlust",
    "Koncentrationsförmåga",
    "Initiativförmåga",
    "Känslomässigt engagemang",
    "Pessimism",
    "Livslust",
]


def madrs_items():
    return [i for i, _parents in builtin("madrs-s").walk() if i.answerable]


def test_madrs_s_has_nine_items_with_heading_and_question():
    items = madrs_items()
    assert [i.text["sv"] for i in items] == MADRS_HEADINGS
    for item in items:
        assert item.help and len(item.help["sv"]) > 80 and len(item.help["en"]) > 80


@pytest.mark.parametrize("index", range(9))
def test_madrs_s_describes_steps_0_2_4_6_and_names_the_steps_between(index):
    item = madrs_items()[index]
    assert [o.score for o in item.options] == list(range(7))
    for option in item.options:
        if option.score % 2 == 0:
            assert not option.between
            assert len(option.label["sv"]) > 15 and option.label["sv"].endswith(".")
        else:
            n = option.score
            assert option.between
            assert option.label["sv"] == f"{n} (mellan {n - 1} och {n + 1})"
            assert option.label["en"] == f"{n} (between {n - 1} and {n + 1})"


def test_madrs_s_keeps_its_published_anchor_texts():
    mood, *_rest, zest = madrs_items()
    assert mood.options[0].label["sv"] == (
        "Jag kan känna mig glad eller ledsen, allt efter omständigheterna."
    )
    assert zest.options[0].label["sv"] == "Jag har normal aptit på livet."
    assert "tre dagarna" in mood.help["sv"]


def test_madrs_s_cites_its_source_and_scores_as_before():
    definition = builtin("madrs-s")
    assert "Svanborg P, Åsberg M" in definition.source
    assert "Acta Psychiatr Scand 1994" in definition.source
    assert "free to use" in definition.licence
    assert definition.scoring.total.items == tuple(str(n) for n in range(1, 10))


def test_help_and_between_round_trip_through_the_json_form():
    data = builtin_data("madrs-s")
    assert load_definition(builtin("madrs-s").to_dict()) == builtin("madrs-s")
    assert data["items"][1]["help"]["sv"].startswith("Här ska du beskriva")
    assert data["items"][1]["options"][1]["between"] is True


def test_a_help_text_must_be_in_both_languages_and_between_a_boolean():
    data = builtin_data("madrs-s")
    data["items"][1]["help"] = {"sv": "Bara svenska"}
    data["items"][1]["options"][1]["between"] = "ja"
    with pytest.raises(DefinitionError) as caught:
        load_definition(data)
    rules = {p.rule for p in caught.value.problems}
    assert {"text-sv-en", "option-between"} <= rules


PHQ_STEM = "Under de senaste två veckorna, hur ofta har du besvärats av något av följande problem?"
FREQUENCY = ["Inte alls", "Flera dagar", "Mer än hälften av dagarna", "Nästan varje dag"]


@pytest.mark.parametrize("key", ["phq9", "gad7"])
def test_phq9_and_gad7_use_pfizers_swedish_stem_and_options(key):
    definition = builtin(key)
    assert definition.item("intro").text["sv"] == PHQ_STEM
    assert [o.label["sv"] for o in definition.item("1").options] == FREQUENCY
    assert "phqscreeners.com" in definition.licence


def test_phq9_items_follow_the_swedish_translation():
    phq9 = builtin("phq9")
    assert phq9.item("7").text["sv"].endswith("när du läser tidningen eller tittar på TV")
    assert phq9.item("10").text["sv"].endswith("komma överens med andra människor?")
    assert [o.label["sv"] for o in phq9.item("10").options] == [
        "Inte alls svårt",
        "Ganska svårt",
        "Mycket svårt",
        "Extremt svårt",
    ]


def test_gad7_item_1_follows_the_swedish_translation():
    assert builtin("gad7").item("1").text["sv"] == "Känt dig nervös, ängslig eller väldigt stressad"

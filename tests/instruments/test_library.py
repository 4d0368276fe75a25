"""The built-in library carries its sources and licences, and ships no licensed EQ-5D text."""

import pytest

from stegvis.instruments.library import BUILTIN_KEYS, builtin, builtin_data


@pytest.mark.parametrize("key", BUILTIN_KEYS)
def test_every_built_in_names_its_source_and_licence(key):
    definition = builtin(key)
    assert len(definition.source) > 40
    assert len(definition.licence) > 40
    assert definition.version == VERSIONS[key]


# A wording change gets a new version, so a stored answer says which wording it answered.
VERSIONS = {"phq9": "1.0.1", "gad7": "1.0.1", "madrs-s": "1.1.0", "eq5d5l": "1.0.0"}


@pytest.mark.parametrize("key", ["phq9", "gad7"])
def test_phq9_and_gad7_carry_the_pfizer_permission_notice(key):
    assert "No permission required to reproduce" in builtin(key).licence


def test_eq5d_ships_only_placeholders_for_the_euroqol_text():
    definition = builtin("eq5d5l")
    texts = [definition.title["sv"]]
    for item, _ in definition.walk():
        texts += [item.text["sv"], item.text["en"]]
        texts += [o.label[lang] for o in item.options for lang in ("sv", "en")]
    assert all(t.startswith("[") and t.endswith("]") for t in texts[1:])
    assert "EuroQol" in definition.licence and "not included" in definition.licence


def test_the_built_in_linkids_are_the_documented_ones():
    def answerable(key):
        return [i.link_id for i, _ in builtin(key).walk() if i.answerable]

    assert answerable("phq9") == [str(i) for i in range(1, 11)]
    assert answerable("gad7") == [str(i) for i in range(1, 8)]
    assert answerable("madrs-s") == [str(i) for i in range(1, 10)]
    assert answerable("eq5d5l") == ["MO", "SC", "UA", "PD", "AD", "VAS"]


def test_the_scored_built_in_items_are_all_required():
    for key in ("phq9", "gad7", "madrs-s"):
        definition = builtin(key)
        assert all(definition.item(link).required for link in definition.scoring.total.items)


def test_builtin_data_is_a_copy():
    data = builtin_data("phq9")
    data["items"].clear()
    assert builtin_data("phq9")["items"]
    with pytest.raises(KeyError):
        builtin_data("nope")

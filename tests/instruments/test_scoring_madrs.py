"""MADRS-S: nine items 0–6, total 0–54, bands 0–12, 13–19, 20–34, 35–54, item 9 >= 4 alert."""

import pytest

from stegvis.instruments.definition import DefinitionError, load_definition, with_bands
from stegvis.instruments.library import builtin_data
from stegvis.instruments.scoring import score

BANDS = [(0, 12, "minimal"), (13, 19, "mild"), (20, 34, "moderate"), (35, 54, "severe")]


def answers(total: int, item9: int = 0) -> dict[str, str]:
    values = [min(6, max(0, total - 6 * i)) for i in range(8)] + [item9]
    return {str(i + 1): str(v) for i, v in enumerate(values)}


@pytest.mark.parametrize("total", [0, 12, 13, 19, 20, 34, 35, 48])
def test_madrs_s_bands_have_the_documented_limits(madrs, total):
    band = next(code for lo, hi, code in BANDS if lo <= total <= hi)
    result = score(madrs, answers(total))
    assert (result.total, result.band["code"]) == (total, band)


def test_madrs_s_maximum_is_54(madrs):
    result = score(madrs, answers(48, item9=6))
    assert result.total == 54
    assert result.band["code"] == "severe"


@pytest.mark.parametrize(("item9", "alerted"), [(0, False), (3, False), (4, True), (6, True)])
def test_madrs_s_item_9_at_4_or_more_is_prioritised(madrs, item9, alerted):
    alerts = score(madrs, answers(0, item9)).alerts
    assert bool(alerts) is alerted
    if alerted:
        assert alerts[0]["level"] == "prioritised"
        assert alerts[0]["item"] == "9"


def test_madrs_s_bands_can_be_configured_and_are_checked_again():
    data = builtin_data("madrs-s")
    data["scoring"]["total"]["bands"] = [
        {"min": 0, "max": 10, "code": "low", "label": {"sv": "Låg", "en": "Low"}, "level": 0},
        {"min": 11, "max": 54, "code": "high", "label": {"sv": "Hög", "en": "High"}, "level": 1},
    ]
    local = load_definition(data)
    assert score(local, answers(11)).band["code"] == "high"
    data["scoring"]["total"]["bands"][1]["min"] = 12
    with pytest.raises(DefinitionError, match="bands-gap"):
        load_definition(data)


def test_with_bands_gives_a_checked_copy_under_a_new_version(madrs):
    bands = [
        {"min": 0, "max": 19, "code": "low", "label": {"sv": "Låg", "en": "Low"}, "level": 0},
        {"min": 20, "max": 54, "code": "high", "label": {"sv": "Hög", "en": "High"}, "level": 1},
    ]
    local = with_bands(madrs, bands, key="madrs-s-region", version="1.0.0-region")
    result = score(local, answers(19))
    assert (result.band["code"], result.instrument, result.version) == (
        "low",
        "madrs-s-region",
        "1.0.0-region",
    )
    assert score(madrs, answers(19)).band["code"] == "mild"
    with pytest.raises(ValueError, match="new version"):
        with_bands(madrs, bands, version=madrs.version)
    with pytest.raises(DefinitionError, match="bands-cover"):
        with_bands(madrs, bands[:1], version="2")

"""PHQ-9 and GAD-7 score as their manuals say: sum of items, five and four bands, item 9 alert."""

import pytest

from stegvis.instruments.scoring import score

PHQ9_BANDS = [
    (0, 4, "minimal"),
    (5, 9, "mild"),
    (10, 14, "moderate"),
    (15, 19, "moderately-severe"),
    (20, 27, "severe"),
]
GAD7_BANDS = [(0, 4, "minimal"), (5, 9, "mild"), (10, 14, "moderate"), (15, 21, "severe")]


def spread(total: int, n: int) -> dict[str, str]:
    """Answers for n items (0–3 each) that add up to total."""
    values = [min(3, max(0, total - 3 * i)) for i in range(n)]
    assert sum(values) == total
    return {str(i + 1): str(v) for i, v in enumerate(values)}


def test_phq9_all_zero_is_zero_and_minimal_without_alert(phq9):
    result = score(phq9, spread(0, 9))
    assert (result.total, result.band["code"], result.alerts) == (0, "minimal", ())
    assert result.complete


@pytest.mark.parametrize("total", range(28))
def test_phq9_bands_follow_the_manual(phq9, total):
    answers = spread(total, 9)
    answers["9"] = "0"
    # Keep item 9 at 0 so only the band is tested; move its points to items 1–8.
    rest = spread(min(total, 24), 8)
    answers.update(rest)
    total = min(total, 24)
    band = next(code for lo, hi, code in PHQ9_BANDS if lo <= total <= hi)
    result = score(phq9, answers)
    assert result.total == total
    assert result.band["code"] == band


def test_phq9_maximum_is_27_and_severe(phq9):
    result = score(phq9, spread(27, 9))
    assert result.total == 27
    assert result.band == {"code": "severe", "label": {"sv": "Svåra", "en": "Severe"}, "level": 4}


@pytest.mark.parametrize("item9", ["1", "2", "3"])
def test_phq9_any_answer_above_zero_on_item_9_raises_a_prioritised_alert(phq9, item9):
    answers = spread(0, 9) | {"9": item9}
    (alert,) = score(phq9, answers).alerts
    assert alert["item"] == "9"
    assert alert["level"] == "prioritised"
    assert "suicid" in alert["message"]["sv"]
    assert score(phq9, answers).prioritised


def test_phq9_item_9_alert_fires_even_in_a_partial_response(phq9):
    result = score(phq9, {"9": "2"})
    assert not result.complete
    assert result.total is None
    assert result.invalid_reason["en"].startswith("8 questions are unanswered")
    assert result.alerts[0]["item"] == "9"


def test_phq9_functional_item_10_does_not_count(phq9):
    assert score(phq9, spread(5, 9) | {"10": "3"}).total == 5


def test_phq9_result_records_the_definition_version(phq9):
    data = score(phq9, spread(12, 9)).to_dict()
    assert data["instrument"] == "phq9"
    assert data["version"] == "1.0.1"
    assert data["band"]["code"] == "moderate"


@pytest.mark.parametrize("total", range(22))
def test_gad7_bands_follow_the_manual(gad7, total):
    band = next(code for lo, hi, code in GAD7_BANDS if lo <= total <= hi)
    result = score(gad7, spread(total, 7))
    assert (result.total, result.band["code"], result.alerts) == (total, band, ())

"""EQ-5D-5L: profile, VAS and index from the Swedish value sets, checked by hand."""

import pytest

from stegvis.instruments.eq5d import index_value
from stegvis.instruments.scoring import ScoringError, score


def eq(profile: str, vas: int = 50) -> dict:
    return dict(zip(["MO", "SC", "UA", "PD", "AD"], profile, strict=True)) | {"VAS": vas}


def test_full_health_is_1_in_the_2022_value_set():
    assert index_value("11111", "sweden-2022") == 1.0


def test_full_health_is_the_start_value_in_the_experience_based_2020_set():
    # Burström 2020 is experience-based; its constant is 0.9755, so 11111 is not 1.
    assert index_value("11111", "sweden-2020") == 0.9755


def test_the_worst_state_matches_the_published_minimum():
    # 1 - (0.132 + 0.159 + 0.187 + 0.442 + 0.394); Sun et al. report -0.31.
    assert index_value("55555", "sweden-2022") == -0.314
    # 0.9755 - (0.0523 + 0.0824 + 0.1639 + 0.1974 + 0.2339) - 0.0023
    assert index_value("55555", "sweden-2020") == 0.2433


@pytest.mark.parametrize(
    ("profile", "value_set", "expected"),
    [
        ("21111", "sweden-2022", 1 - 0.022),
        ("12345", "sweden-2022", 1 - 0.019 - 0.048 - 0.319 - 0.394),
        ("33333", "sweden-2022", 1 - 0.026 - 0.056 - 0.048 - 0.047 - 0.122),
        ("11114", "sweden-2022", 1 - 0.277),
        ("21111", "sweden-2020", 0.9755 - 0.0287),
        ("12345", "sweden-2020", 0.9755 - 0.0254 - 0.1143 - 0.1024 - 0.2339 - 0.0023),
        ("44444", "sweden-2020", 0.9755 - 0.0523 - 0.0824 - 0.1639 - 0.1024 - 0.2002),
        ("15111", "sweden-2020", 0.9755 - 0.0824 - 0.0023),
    ],
)
def test_spot_checked_profiles_match_the_coefficients(profile, value_set, expected):
    assert index_value(profile, value_set) == pytest.approx(expected, abs=1e-9)


def test_a_bad_profile_is_refused():
    with pytest.raises(ValueError):
        index_value("61111")
    with pytest.raises(ValueError):
        index_value("1111")


def test_scoring_gives_profile_vas_and_default_2022_index(eq5d):
    result = score(eq5d, eq("12345", vas=65))
    assert (result.profile, result.vas, result.value_set) == ("12345", 65, "sweden-2022")
    assert result.index == pytest.approx(0.22)
    assert result.total is None and result.band is None


def test_scoring_can_use_the_2020_value_set(eq5d):
    assert score(eq5d, eq("11111"), value_set="sweden-2020").index == 0.9755


def test_an_unknown_value_set_is_a_clear_error(eq5d):
    with pytest.raises(ScoringError) as caught:
        score(eq5d, eq("11111"), value_set="uk-2018")
    assert "sweden-2022" in caught.value.message["sv"]


def test_an_incomplete_profile_has_no_index(eq5d):
    result = score(eq5d, {"MO": "1", "VAS": 40})
    assert result.index is None and result.profile is None
    assert result.vas == 40 and not result.complete


def test_every_profile_lies_between_the_worst_state_and_full_health():
    for value_set, lo, hi in (("sweden-2022", -0.314, 1.0), ("sweden-2020", 0.2433, 0.9755)):
        values = [
            index_value((a, b, c, d, e), value_set)
            for a in range(1, 6)
            for b in range(1, 6)
            for c in range(1, 6)
            for d in range(1, 6)
            for e in range(1, 6)
        ]
        assert min(values) == lo and max(values) == hi


def test_scoring_gives_the_same_index_as_the_value_set_for_every_profile(eq5d):
    for value_set in ("sweden-2022", "sweden-2020"):
        for n in range(5**5):
            profile = "".join(str(n // 5**i % 5 + 1) for i in range(5))
            result = score(eq5d, eq(profile), value_set=value_set)
            assert result.index == index_value(profile, value_set), profile

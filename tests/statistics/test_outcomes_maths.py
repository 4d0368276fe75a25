"""Every outcome figure against a hand computation on five PHQ-9 pairs.

The data set (pre, post): (15, 9), (20, 10), (12, 11), (10, 12), (18, 8).

    differences post − pre: −6, −10, −1, +2, −10; sum −25, mean −5.0
    mean pre = 75 / 5 = 15.0; mean post = 50 / 5 = 10.0
    deviations from −5: −1, −5, 4, 7, −5; squares 1 + 25 + 16 + 49 + 25 = 116
    SD of the differences = √(116 / 4) = √29 = 5.385164807
    SE = 5.385164807 / √5 = 2.408318916
    t(0.975, df 4) = 2.776445105 (a t table); half-width = 2.776445105 · 2.408318916 = 6.686565
    95 % CI = −5 ± 6.686565 = (−11.686565, 1.686565)
    t = −5 / 2.408318916 = −2.076136; two-sided p = 2 · P(T₄ > 2.076136) ≈ 0.1065
    (a printed t table only brackets it: 0.10 < p < 0.20)
    Cohen's d_z = −5 / 5.385164807 = −0.928477
    Hedges' J(4) = Γ(2) / (√2 · Γ(1.5)) = 1 / (1.414213562 · 0.886226925) = 0.797885
    Hedges' g_z = −0.928477 · 0.797885 = −0.740818

PHQ-9's figures (stegvis/instruments/library/phq9.py): r = 0.84, SD = 3.52, cut-off 10.

    S_diff = √2 · 3.52 · √(1 − 0.84) = 1.414214 · 3.52 · 0.4 = 1.991213
    RCI per pair: −6/1.991213 = −3.013, −5.022, −0.502, +1.004, −5.022
    |RCI| > 1.96: improved 3 (−6, −10, −10), unchanged 2, deteriorated 0
    cases at pre (≥ 10): all 5; post below 10: 9 and 8, so clinically improved 2
    recovered (both): (15→9) and (18→8), both reliably improved: 2
"""

import pytest

from stegvis.instruments.change import (
    DETERIORATED,
    IMPROVED,
    UNCHANGED,
    change_of,
    classify_change,
    reliable_change_points,
    s_diff,
)
from stegvis.instruments.library import builtin
from stegvis.statistics.outcomes_maths import hedges_correction, summarise

PAIRS = [(15, 9), (20, 10), (12, 11), (10, 12), (18, 8)]
PHQ9 = change_of(builtin("phq9"))


def test_means_confidence_interval_and_p_value():
    summary = summarise(PAIRS, PHQ9)
    assert summary.n == 5
    assert summary.mean_pre == 15.0
    assert summary.mean_post == 10.0
    assert summary.mean_change == -5.0
    assert summary.sd_change == pytest.approx(5.385164807)
    assert summary.ci_low == pytest.approx(-11.686565, abs=1e-5)
    assert summary.ci_high == pytest.approx(1.686565, abs=1e-5)
    assert summary.p_value == pytest.approx(0.1065, abs=2e-4)


def test_effect_sizes():
    summary = summarise(PAIRS, PHQ9)
    assert summary.cohens_dz == pytest.approx(-0.928477, abs=1e-6)
    assert hedges_correction(4) == pytest.approx(0.797885, abs=1e-6)
    # The usual approximation 1 − 3/(4·df − 1) = 0.8 is close to the exact J.
    assert hedges_correction(4) == pytest.approx(1 - 3 / 15, abs=0.003)
    assert summary.hedges_gz == pytest.approx(-0.740818, abs=1e-6)


def test_reliable_and_clinical_change_counts():
    summary = summarise(PAIRS, PHQ9)
    assert (summary.improved, summary.unchanged, summary.deteriorated) == (3, 2, 0)
    assert summary.pre_cases == 5
    assert summary.clinically_improved == 2
    assert summary.recovered == 2


def test_the_reliable_change_of_phq9_and_gad7_from_their_stored_figures():
    # PHQ-9: √2 · 3.52 · 0.4 = 1.991213, · 1.96 = 3.902777 points.
    assert s_diff(PHQ9) == pytest.approx(1.991213, abs=1e-6)
    assert reliable_change_points(PHQ9) == pytest.approx(3.902777, abs=1e-6)
    # GAD-7: √2 · 3.41 · √0.17 = 1.414214 · 3.41 · 0.412311 = 1.988355, · 1.96 = 3.897175 points.
    assert reliable_change_points(change_of(builtin("gad7"))) == pytest.approx(3.897175, abs=1e-6)


def test_one_person_is_classified_by_direction_and_cut_off():
    improved = classify_change(PHQ9, 15, 9)
    assert improved.rci == pytest.approx(-6 / 1.991213, abs=1e-5)
    assert improved.reliable == IMPROVED and improved.recovered
    worse = classify_change(PHQ9, 8, 13)  # +5 > 3.90: reliably worse, and now a case
    assert worse.reliable == DETERIORATED and worse.post_case and not worse.clinically_improved
    small = classify_change(PHQ9, 11, 9)  # −2: below the cut-off but not a reliable change
    assert small.reliable == UNCHANGED and small.clinically_improved and not small.recovered


def test_madrs_s_has_a_cut_off_but_no_reliable_change():
    madrs = change_of(builtin("madrs-s"))
    assert madrs.cutoff.value == 13 and reliable_change_points(madrs) is None
    found = classify_change(madrs, 20, 10)
    assert found.reliable is None and found.clinically_improved and not found.recovered
    summary = summarise([(20, 10)] * 3 + [(25, 14), (30, 12)], madrs)
    assert summary.improved is None and summary.clinically_improved == 4


def test_eq5d5l_has_no_change_figures_and_no_pairs_give_no_summary():
    assert change_of(builtin("eq5d5l")) is None
    assert summarise([(1, 2)]) is None
    flat = summarise([(10, 8)] * 5)  # no spread: no CI, no effect size, but a mean change
    assert flat.mean_change == -2 and flat.ci_low is None and flat.cohens_dz is None

"""Treatment outcomes from the database: pre and post, attrition, training data, suppression."""

import pytest

from stegvis.care.models import Enrollment
from stegvis.statistics.outcomes import Selection, outcomes
from stegvis.statistics.outcomes_table import row
from stegvis.statistics.summaries.refresh import refresh
from tests.factories import CitizenFactory, StaffFactory
from tests.statistics.helpers import outcome_data, scored


def _selection(world, **extra):
    options = {"unit_ids": (world.unit.pk, world.other_unit.pk), **extra}
    return Selection(provider=world.provider, program_key="depression", **options)


def _outcomes(selection, **options):
    """The published figures (from the summaries), after a refresh."""
    refresh(full=True)
    return outcomes(selection, **options)


def _phq9(world, **extra):
    return next(o for o in _outcomes(_selection(world, **extra)) if o.instrument == "phq9")


def test_pre_is_the_first_score_and_post_the_latest_and_training_never_counts(world, start):
    outcome_data(world, start)
    phq9 = _phq9(world)
    # 7 counted enrollments (5 pairs, one with only a pre, one never answered); the two
    # training enrollments (27 → 0 and 27 → 27) would change every figure if they counted.
    assert phq9.enrollments == 7
    assert (phq9.with_pre, phq9.with_pre_and_post, phq9.missing_post) == (6, 5, 1)
    summary = phq9.summary
    assert (summary.mean_pre, summary.mean_post, summary.mean_change) == (15.0, 10.0, -5.0)
    assert summary.cohens_dz == pytest.approx(-0.928477, abs=1e-6)
    assert (summary.improved, summary.unchanged, summary.deteriorated) == (3, 2, 0)
    assert (summary.clinically_improved, summary.recovered) == (2, 2)


def test_the_row_suppresses_counts_under_five(world, start):
    outcome_data(world, start)
    figures = row(_phq9(world))
    assert figures["with_pre_and_post"] == 5 and figures["missing_post"] == "< 5"
    assert figures["improved"] == "< 5" and figures["improved_share"] is None
    assert figures["pre_cases"] == 5
    assert figures["mean_change"] == -5.0
    assert figures["reliable_change_points"] == pytest.approx(3.902777, abs=1e-6)


def test_a_group_under_five_pairs_shows_no_figures(world, start):
    data = outcome_data(world, start)
    last = data["counted"][-1]
    last.is_training = True
    last.save(update_fields=["is_training"])
    phq9 = _phq9(world)
    assert phq9.with_pre_and_post == 4 and phq9.suppressed and phq9.summary is None
    figures = row(phq9)
    assert figures["with_pre_and_post"] == "< 5"
    assert figures["mean_change"] == "< 5" and figures["improved"] == "< 5"


def test_filters_by_unit_version_and_period(world, start):
    outcome_data(world, start)
    assert _phq9(world, version=(1, 0)).with_pre_and_post == 5
    assert _outcomes(_selection(world, version=(2, 0))) == []
    assert _outcomes(_selection(world, unit_ids=(world.other_unit.pk,))) == []
    today = start(citizen=CitizenFactory()).start_date
    assert _outcomes(_selection(world, started_to=today.replace(year=today.year - 1))) == []


def test_eq5d5l_index_uses_the_swedish_2022_value_set_and_vas(world, start):
    # Stored index 0.5 (as if another value set) is ignored: the profile is valued again.
    # Pre 22222 = 1 − (0.022 + 0.019 + 0.022 + 0.010 + 0.031) = 0.896 for all five.
    # Post 11111 = 1.0 (three) and 11112 = 1 − 0.031 = 0.969 (two): mean 4.938 / 5 = 0.9876.
    # VAS pre 50, 60, 40, 55, 45 (mean 50); post 70, 80, 60, 75, 65 (mean 70).
    posts = ["11111", "11111", "11111", "11112", "11112"]
    for n, post in enumerate(posts):
        enrollment = start(citizen=CitizenFactory())
        pre_score = {"index": 0.5, "profile": "22222", "vas": [50, 60, 40, 55, 45][n]}
        post_score = {"index": 0.5, "profile": post, "vas": [70, 80, 60, 75, 65][n]}
        scored(enrollment, "eq5d5l", [pre_score, post_score])
    found = {o.measure: o.summary for o in _outcomes(_selection(world, instrument="eq5d5l"))}
    assert found["index"].mean_pre == pytest.approx(0.896)
    assert found["index"].mean_post == pytest.approx(0.9876)
    assert (found["vas"].mean_pre, found["vas"].mean_post) == (50, 70)
    assert "total" not in found


def test_score_parts_stored_as_json_null_or_booleans_are_no_values(world, start):
    # An unfinished EQ-5D-5L has no profile or index (JSON null); SQLite reads those as the
    # word "null" through `->>`, which once reached the value set and failed the page.
    for _n in range(5):
        enrollment = start(citizen=CitizenFactory())
        empty = {"total": None, "index": None, "profile": None, "vas": True}
        pre_score = {"index": 0.5, "profile": "22222", "vas": 50}
        scored(enrollment, "eq5d5l", [empty, pre_score, empty, {**pre_score, "vas": 70}])
    found = {o.measure: o for o in _outcomes(_selection(world, instrument="eq5d5l"))}
    assert found["index"].summary.mean_pre == pytest.approx(0.896)
    assert (found["vas"].summary.mean_pre, found["vas"].summary.mean_post) == (50, 70)
    assert found["index"].with_pre_and_post == 5 and "total" not in found


def test_the_breakdown_per_unit_comes_from_the_same_reads(world, start, other_unit_release):
    outcome_data(world, start)
    there = world.other_unit_practitioner
    for pre, post in [(20, 5), (18, 6)]:
        enrollment = start(
            citizen=CitizenFactory(), unit=world.other_unit, practitioner=there, actor=there
        )
        scored(enrollment, "phq9", [pre, post])
    phq9 = next(o for o in _outcomes(_selection(world), by_unit=True) if o.instrument == "phq9")
    assert phq9.with_pre_and_post == 7
    by_name = {unit.group: unit for unit in phq9.units}
    ours, theirs = by_name[world.unit.name], by_name[world.other_unit.name]
    assert (ours.enrollments, ours.with_pre_and_post, ours.summary.mean_change) == (7, 5, -5.0)
    assert (theirs.enrollments, theirs.with_pre_and_post) == (2, 2)
    assert theirs.suppressed and theirs.summary is None


def test_a_test_practitioners_enrollment_never_counts(world, start):
    data = outcome_data(world, start)
    trainee = StaffFactory(is_training=True)
    Enrollment.objects.filter(pk=data["counted"][0].pk).update(practitioner=trainee)
    phq9 = _phq9(world)
    assert (phq9.enrollments, phq9.with_pre_and_post) == (6, 4) and phq9.summary is None

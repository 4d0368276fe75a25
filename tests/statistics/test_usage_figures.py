"""Usage figures counted by hand on the small data set of usage_data.py."""

import dataclasses
import datetime as dt

import pytest

from stegvis.statistics.usage import (
    CURRENT_COLUMNS,
    HISTORIC_COLUMNS,
    current_usage,
    historic_tallies,
    historic_usage,
)
from stegvis.statistics.usage_scope import UsageScope
from stegvis.statistics.usage_tables import median
from tests.factories import FlagFactory
from tests.statistics import usage_data

FEB, MAR, APR = dt.date(2025, 2, 1), dt.date(2025, 3, 1), dt.date(2025, 4, 1)


@pytest.fixture
def cohort(world, release, other_unit_release):
    return usage_data.build(world, release)


@pytest.fixture
def scope(world):
    return UsageScope(
        unit_ids=(world.unit.pk, world.other_unit.pk),
        date_from=dt.date(2025, 1, 1),
        date_to=dt.date(2025, 6, 30),
    )


def test_the_period_figures_are_the_hand_counted_ones(cohort, scope):
    tallies = historic_tallies(scope)
    assert sorted(tallies) == [(FEB, None), (MAR, None), (APR, None)]
    feb, mar, apr = tallies[(FEB, None)], tallies[(MAR, None)], tallies[(APR, None)]
    # 7 started; 5 messages over 3 enrollments; replies after 2 h and 24 h; 4 on time.
    assert feb.counts == {"started": 7, "messages": 5, "on_time": 4}
    assert feb.enrollments_with_messages == 3
    assert sorted(feb.hours) == [2.0, 24.0]
    # 2 closed early after 31 days; 2 answered late; 5 modules; 1 handed over, in and out.
    assert mar.counts == {
        "closed_early": 2,
        "late": 2,
        "modules_completed": 5,
        "handed_in": 1,
        "handed_out": 1,
    }
    assert mar.days == {31: 2}
    # 5 completed after 60 days.
    assert apr.counts == {"completed": 5}
    assert apr.days == {60: 5}


def test_training_data_never_counts(cohort, scope):
    """The data set's three training enrollments each started and sent a message in February
    and completed a module in March: none of it shows."""
    tallies = historic_tallies(scope)
    assert tallies[(FEB, None)].counts["started"] == 7
    assert tallies[(FEB, None)].counts["messages"] == 5
    assert tallies[(MAR, None)].counts["modules_completed"] == 5


def test_small_counts_are_published_as_less_than_five(cohort, scope):
    table = historic_usage(scope)
    keys = ["period", "row", *(c.key for c in HISTORIC_COLUMNS)]
    feb, mar, apr = (dict(zip(keys, row, strict=True)) for row in table.rows)
    assert feb["period"] == "2025-02"
    assert feb["started"] == 7
    assert feb["messages"] == 5
    # 3 enrollments with messages and 2 replies: too few cases to publish their figures.
    assert feb["per_enrollment"] == "< 5"
    assert feb["median_hours"] == "< 5"
    assert mar["closed_early"] == "< 5"
    assert mar["median_days"] == "< 5"
    assert mar["modules_completed"] == 5
    assert apr["completed"] == 5
    assert apr["median_days"] == 60.0
    assert apr["closed_early"] == 0


def test_the_breakdown_per_unit_places_a_handover_at_both_ends(world, cohort, scope):
    tallies = historic_tallies(dataclasses.replace(scope, breakdown="unit"))
    assert tallies[(MAR, world.unit.pk)].counts["handed_out"] == 1
    assert tallies[(MAR, world.other_unit.pk)].counts["handed_in"] == 1
    assert tallies[(FEB, world.unit.pk)].counts["started"] == 7


def test_the_breakdown_per_practitioner_names_the_responsible_one(world, cohort, scope):
    table = historic_usage(dataclasses.replace(scope, breakdown="practitioner"))
    rows = {(row[0], row[1]) for row in table.rows}
    assert ("2025-02", world.practitioner.get_full_name()) in rows
    assert ("2025-03", world.other_unit_practitioner.get_full_name()) in rows


def test_filters_by_sex_age_band_program_and_unit(world, cohort, scope):
    def started(**changes) -> int:
        tallies = historic_tallies(dataclasses.replace(scope, **changes))
        return tallies[(FEB, None)].counts["started"] if (FEB, None) in tallies else 0

    # Every cohort citizen is a woman born 15 March 1985: 39 at the end of June 2025.
    assert started(sex="female") == 7
    assert started(sex="male") == 0
    assert started(age_band="30-44") == 7
    assert started(age_band="45-64") == 0
    assert started(program_key="no-such-program") == 0
    assert started(unit_ids=(world.other_unit.pk,)) == 0


def test_the_age_band_is_the_age_at_the_end_of_the_period(world, release, scope):
    usage_data.enrol(world, release, citizen=usage_data.citizen(birth="19950701", serial="111"))
    tallies = historic_tallies(dataclasses.replace(scope, age_band="18-29"))
    # Born 1 July 1995: 29 on 30 June 2025, 30 a day later.
    assert tallies[(FEB, None)].counts["started"] == 1
    later = dataclasses.replace(scope, age_band="18-29", date_to=dt.date(2025, 7, 1))
    assert (FEB, None) not in historic_tallies(later)


def test_current_figures_count_phases_flags_and_unread_messages(world, release, scope):
    running = [usage_data.enrol(world, release, phase="treatment") for _ in range(5)]
    usage_data.enrol(world, release, phase="queued", practitioner=None)
    usage_data.enrol(world, release, phase="maintenance")
    usage_data.enrol(world, release, phase="treatment", is_training=True)
    for enrollment in running[:2]:
        FlagFactory(enrollment=enrollment)
        FlagFactory(enrollment=enrollment)
    usage_data.message(running[0], usage_data.at("2025-02-12"))
    table = current_usage(scope)
    assert table.rows[0][1:] == ["< 5", 5, "< 5", "< 5", "< 5", 0]


@pytest.mark.parametrize("breakdown", ["provider", "unit", "program", "practitioner"])
def test_a_citizen_with_two_open_flags_is_one_flagged_citizen(world, release, scope, breakdown):
    for enrollment in [usage_data.enrol(world, release, phase="treatment") for _ in range(5)]:
        FlagFactory(enrollment=enrollment)
        FlagFactory(enrollment=enrollment)
    table = current_usage(dataclasses.replace(scope, breakdown=breakdown))
    flagged = [c.key for c in CURRENT_COLUMNS].index("flagged_citizens") + 1
    assert [row[flagged] for row in table.rows] == [5]


def test_median_of_a_histogram():
    assert median({}) is None
    assert median({3: 1}) == 3
    assert median({1: 1, 5: 1}) == 3
    assert median({1: 2, 9: 1}) == 1
    assert median({60: 5, 31: 2}) == 60

"""The summaries give exactly the live queries' figures, refresh incrementally, skip training.

The data: usage_data's hand-counted cohort, plus enrollments that vary every filter and
breakdown (a man born 1950 at the other unit on its own release, a young woman with no
responsible practitioner, messages across week and month ends, a reply at the same moment).
"""

import dataclasses
import datetime as dt
import itertools

import pytest

from stegvis.statistics.models_summaries import DAY_COUNTS, UsageDay, UsageMonth, UsageWeek
from stegvis.statistics.outcomes import Selection, outcomes
from stegvis.statistics.outcomes_table import row
from stegvis.statistics.summaries.reads import split_period, summary_tallies
from stegvis.statistics.summaries.refresh import refresh
from stegvis.statistics.usage import historic_tallies, historic_usage
from stegvis.statistics.usage_scope import AGE_BANDS, UsageScope
from tests.factories import CitizenFactory, QuestionnaireResponseFactory
from tests.statistics import usage_data
from tests.statistics.helpers import outcome_data, scored
from tests.statistics.usage_data import at, citizen, close, enrol, message


def _more(world, release, other_release) -> None:
    man = enrol(
        world,
        other_release,
        citizen=citizen("19500101", "253"),
        unit=world.other_unit,
        practitioner=world.other_unit_practitioner,
        start_date=dt.date(2025, 3, 30),
    )
    message(man, at("2025-03-31", 23))
    message(man, at("2025-04-01", 1), "team")
    message(man, at("2025-04-06", 10))  # a Sunday; answered the Monday, at the same moment
    message(man, at("2025-04-07", 9))
    message(man, at("2025-04-07", 9), "team")
    QuestionnaireResponseFactory(
        enrollment=man, due_at=at("2025-04-02"), completed_at=at("2025-04-02", 9)
    )
    close(man, "2025-05-02", completed=False)
    young = enrol(
        world,
        release,
        citizen=citizen("20080601", "246"),
        practitioner=None,
        start_date=dt.date(2025, 1, 31),
    )
    message(young, at("2025-01-31", 20))
    young.practitioner = world.practitioner  # only for the team message's author
    message(young, at("2025-02-03", 8), "team")


def _same(scope: UsageScope) -> None:
    live, summed = historic_tallies(scope), summary_tallies(scope)
    assert sorted(live, key=str) == sorted(summed, key=str), scope
    for key, tally in live.items():
        other = summed[key]
        assert +tally.counts == +other.counts, (scope, key)
        assert tally.days == other.days, (scope, key)
        assert tally.hours_figure() == other.hours_figure(), (scope, key)
        if not other.hours_cases:  # SQLite: the hours themselves
            assert sorted(tally.hours) == sorted(other.hours), (scope, key)
        assert tally.enrollments_with_messages == other.enrollments_with_messages, (scope, key)
    assert historic_usage(scope, live) == historic_usage(scope), scope


@pytest.fixture
def varied(world, release, other_unit_release):
    cohort = usage_data.build(world, release)
    _more(world, release, other_unit_release)
    refresh(full=True)
    return cohort


def test_every_scope_and_breakdown_gives_the_live_figures(world, varied):
    both = (world.unit.pk, world.other_unit.pk)
    periods = [
        (dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
        (dt.date(2025, 2, 13), dt.date(2025, 4, 6)),  # days and weeks cut at both ends
    ]
    for (first, last), group, breakdown, age, sex, program in itertools.product(
        periods,
        ("week", "month", "quarter"),
        ("provider", "unit", "program"),
        ("", *AGE_BANDS),
        ("", "female", "male"),
        ("", "depression", "no-such-program"),
    ):
        _same(UsageScope(both, first, last, group, breakdown, program, age, sex))
    for unit in both:
        _same(UsageScope((unit,), *periods[0], "week", "practitioner"))
        _same(UsageScope((unit,), *periods[1], "month", "practitioner"))


def test_whole_months_and_quarters_read_months_and_the_edges_days(world, varied):
    """Months and days meet at every kind of edge: whole quarters between partial ones, a
    period inside one month, one day, and an enrollment handed over (two placements)."""
    both = (world.unit.pk, world.other_unit.pk)
    for first, last in (
        (dt.date(2024, 12, 15), dt.date(2025, 7, 10)),
        (dt.date(2025, 3, 5), dt.date(2025, 3, 20)),
        (dt.date(2025, 4, 1), dt.date(2025, 4, 1)),
        (dt.date(2025, 3, 1), dt.date(2025, 5, 31)),
    ):
        for group, breakdown in itertools.product(
            ("week", "month", "quarter"), ("provider", "unit", "program")
        ):
            _same(UsageScope(both, first, last, group, breakdown))
        _same(UsageScope(both, first, last, "quarter", "provider", age_band="18-29", sex="male"))
        for unit in both:
            _same(UsageScope((unit,), first, last, "month", "practitioner"))


def test_a_scope_without_units_has_no_figures(world, varied):
    for group in ("week", "month", "quarter"):
        assert (
            summary_tallies(UsageScope((), dt.date(2025, 1, 1), dt.date(2025, 6, 30), group)) == {}
        )


# Each part: its column, its first day and the first day after it.
@pytest.mark.parametrize(
    ("first", "last", "group", "parts"),
    [
        ("2025-01-01", "2025-06-30", "month", ["month 2025-01-01 2025-07-01"]),
        ("2025-01-01", "2025-06-30", "quarter", ["month 2025-01-01 2025-07-01"]),
        (
            "2025-02-13",  # a Thursday
            "2025-04-06",  # a Sunday
            "month",
            [
                "month 2025-03-01 2025-04-01",
                "week 2025-02-17 2025-02-24",  # the one whole week left in February
                "day 2025-02-13 2025-02-17",
                "day 2025-02-24 2025-03-01",
                "day 2025-04-01 2025-04-07",  # 1-6 April holds no whole week
            ],
        ),
        (
            "2025-02-13",
            "2025-04-06",
            "week",
            ["week 2025-02-17 2025-04-07", "day 2025-02-13 2025-02-17"],
        ),
        (
            "2024-12-15",  # a Sunday
            "2025-07-10",
            "quarter",
            [
                "month 2025-01-01 2025-07-01",
                "week 2024-12-16 2024-12-30",
                "day 2024-12-15 2024-12-16",
                "day 2024-12-30 2025-01-01",
                "day 2025-07-01 2025-07-11",
            ],
        ),
        (
            "2025-05-01",
            "2025-05-30",
            "month",
            [
                "week 2025-05-05 2025-05-26",
                "day 2025-05-01 2025-05-05",
                "day 2025-05-26 2025-05-31",
            ],
        ),
        ("2025-04-01", "2025-04-01", "week", ["day 2025-04-01 2025-04-02"]),
        (
            "2025-12-07",  # the page's default: the last twelve months, from a Sunday
            "2026-12-06",
            "month",
            [
                "month 2026-01-01 2026-12-01",
                "week 2025-12-08 2025-12-29",
                "day 2025-12-07 2025-12-08",
                "day 2025-12-29 2026-01-01",
                "day 2026-12-01 2026-12-07",
            ],
        ),
        (
            "2025-12-07",
            "2026-12-06",
            "week",
            ["week 2025-12-08 2026-12-07", "day 2025-12-07 2025-12-08"],
        ),
    ],
)
def test_a_period_splits_into_whole_months_whole_weeks_and_days(first, last, group, parts):
    day = dt.date.fromisoformat
    scope = UsageScope((1,), day(first), day(last), group)
    found = [f"{column} {a} {b}" for _model, column, a, b in split_period(scope)]
    assert found == parts


def test_week_and_month_rows_sum_the_day_rows_per_placement(world, varied):
    for enrollment_id in set(UsageDay.objects.values_list("enrollment_id", flat=True)):
        by_day = UsageDay.objects.filter(enrollment_id=enrollment_id)
        for model, span, start_of in (
            (UsageMonth, "month", lambda day: day.replace(day=1)),
            (UsageWeek, "week", lambda day: day - dt.timedelta(days=day.weekday())),
        ):
            rolled = model.objects.filter(enrollment_id=enrollment_id)
            for name in DAY_COUNTS:
                assert sum(getattr(r, name) for r in by_day) == sum(
                    getattr(r, name) for r in rolled
                ), (enrollment_id, span, name)
            assert {(r.unit_id, r.practitioner_id, start_of(r.day)) for r in by_day} == {
                (r.unit_id, r.practitioner_id, getattr(r, span)) for r in rolled
            }


def test_a_touched_enrollment_is_refreshed_and_the_figures_follow(world, varied):
    scope = UsageScope((world.unit.pk,), dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    before = summary_tallies(scope)[(dt.date(2025, 2, 1), None)].counts["messages"]
    message(varied[3], at("2025-02-20", 9))  # recorded now, dated in February
    assert summary_tallies(scope)[(dt.date(2025, 2, 1), None)].counts["messages"] == before
    done = refresh()
    assert not done.full and done.enrollments >= 1
    assert summary_tallies(scope)[(dt.date(2025, 2, 1), None)].counts["messages"] == before + 1
    _same(scope)


def test_an_enrollment_turned_training_leaves_the_summaries(world, varied):
    enrollment = varied[0]
    assert UsageDay.objects.filter(enrollment=enrollment).exists()
    enrollment.is_training = True
    enrollment.save(update_fields=["is_training"])
    enrollment.history.create(action="training.marked")  # any recorded change touches it
    refresh()
    assert not UsageDay.objects.filter(enrollment=enrollment).exists()


def test_a_deleted_enrollment_takes_its_rows_along_and_a_full_refresh_sweeps_strays(world, varied):
    from stegvis.operations.retention import delete_enrollment
    from stegvis.statistics.models_summaries import OutcomeScore, UsageReply

    gone = next(enrollment for enrollment in varied if enrollment.is_closed)
    stray = next(enrollment for enrollment in varied if enrollment != gone)
    assert UsageDay.objects.filter(enrollment=gone).exists()
    delete_enrollment(gone)  # retention deletes through the ORM
    for model in (UsageDay, UsageWeek, UsageMonth, UsageReply, OutcomeScore):
        assert not model.objects.filter(enrollment_id=gone.pk).exists()
    # A delete past the ORM leaves rows behind: an ordinary run leaves them, a full one not.
    UsageDay.objects.create(enrollment_id=10**9, **_placement_of(stray))
    refresh()
    assert UsageDay.objects.filter(enrollment_id=10**9).exists()
    refresh(full=True)
    assert not UsageDay.objects.filter(enrollment_id=10**9).exists()


def _placement_of(enrollment) -> dict:
    row = UsageDay.objects.filter(enrollment=enrollment).first()
    columns = ("day", "unit_id", "practitioner_id", "release_id", "program_key", "birth", "sex")
    return {column: getattr(row, column) for column in columns}


def test_training_data_has_no_rows(world, varied):
    assert not UsageDay.objects.filter(enrollment__is_training=True).exists()
    assert not UsageDay.objects.filter(enrollment__citizen__is_training=True).exists()
    assert not UsageDay.objects.filter(enrollment__practitioner__is_training=True).exists()


def test_outcomes_from_the_summaries_equal_the_live_ones(world, start, other_unit_release):
    outcome_data(world, start)
    there = world.other_unit_practitioner
    for values in ([11, 3, 7], [19, 12], [8]):
        enrollment = start(
            citizen=CitizenFactory(), unit=world.other_unit, practitioner=there, actor=there
        )
        scored(enrollment, "phq9", values)
    eq5d = [{"profile": "11111", "vas": 90}, {"total": None, "vas": True}, {"profile": "21232"}]
    scored(start(citizen=CitizenFactory()), "eq5d5l", eq5d)
    refresh(full=True)
    base = Selection(
        provider=world.provider,
        program_key="depression",
        unit_ids=(world.unit.pk, world.other_unit.pk),
    )
    today = dt.date.today()
    for selection in (
        base,
        dataclasses.replace(base, unit_ids=(world.other_unit.pk,)),
        dataclasses.replace(base, version=(1, 0)),
        dataclasses.replace(base, started_from=today - dt.timedelta(days=1)),
        dataclasses.replace(base, started_to=today - dt.timedelta(days=400)),
        dataclasses.replace(base, instrument="phq9"),
    ):
        live = outcomes(selection, by_unit=True, live=True)
        summed = outcomes(selection, by_unit=True)
        assert [row(o) for o in live] == [row(o) for o in summed], selection
        assert [[row(u) for u in o.units] for o in live] == [
            [row(u) for u in o.units] for o in summed
        ]


@pytest.mark.parametrize(
    ("module", "model", "span"),
    [("0004_usage_month", UsageMonth, "month"), ("0005_usage_week", UsageWeek, "week")],
)
def test_the_migrations_roll_existing_days_up_into_the_same_rows(
    world, varied, module, model, span
):
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    migration = import_module(f"stegvis.statistics.migrations.{module}")
    columns = ["enrollment_id", span, "unit_id", "practitioner_id", *DAY_COUNTS]
    built = sorted(model.objects.values_list(*columns), key=str)
    assert built
    model.objects.all().delete()
    if connection.vendor == "postgresql":  # one INSERT … SELECT
        with connection.schema_editor() as editor:
            migration.roll_up_days(apps, editor)
    else:  # through the ORM (SQLite opens no schema editor inside the test's transaction)
        migration.roll_up_days(apps, None)
    assert sorted(model.objects.values_list(*columns), key=str) == built

"""The statistics period's reads touch only indexes: no summary table's rows are visited.

A provider's year is millions of summary rows; an index-only scan of the covering index
reads them in order from a few pages, where fetching each row from the table went to as many
random pages (docs/statistics.md, "Summaries"). The plans are read with sequential and bitmap
scans priced out, so on this small data set the planner still takes an index wherever one
serves, and an "Index Scan" left in a plan means the index does not cover what the query takes.
"""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stegvis.statistics.summaries.reads import summary_tallies
from stegvis.statistics.summaries.refresh import refresh
from stegvis.statistics.usage_scope import UsageScope
from tests.markers import needs_postgresql
from tests.statistics import usage_data

pytestmark = [pytest.mark.django_db, needs_postgresql("the plans are PostgreSQL's")]

SUMMARIES = {
    "statistics_usageday",
    "statistics_usageweek",
    "statistics_usagemonth",
    "statistics_usagereply",
}


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _summary_scans(sql: str, params) -> list[tuple[str, str]]:
    """(node type, table) of every read of a summary table in the statement's plan."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return [
        (node["Node Type"], node["Relation Name"])
        for node in _nodes(plan[0]["Plan"])
        if node.get("Relation Name") in SUMMARIES
    ]


@pytest.mark.parametrize("group", ["week", "month", "quarter"])
def test_the_periods_figures_are_read_by_index_only_scans(world, release, group):
    usage_data.build(world, release)
    refresh(full=True)
    scope = UsageScope(
        (world.unit.pk, world.other_unit.pk),
        dt.date(2025, 1, 15),
        dt.date(2025, 6, 30),
        group,
        "unit",
    )
    with CaptureQueriesContext(connection) as captured:
        summary_tallies(scope)
    scans = [
        scan for query in captured.captured_queries for scan in _summary_scans(query["sql"], None)
    ]
    tables = {table for _, table in scans}
    assert {"statistics_usageday", "statistics_usagereply"} <= tables
    assert scans and all(kind == "Index Only Scan" for kind, _ in scans), scans

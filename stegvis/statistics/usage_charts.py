"""Usage charts: pygal bar charts drawn on the server, each with its figures as a table.

Drawn like every chart (stegvis/charts.py): SVG without scripts, shown through
`<img src="data:...">` (the strict CSP allows no inline style), a small variant for phones. A
suppressed figure ("< 5") is not drawn: its bar is missing and the table beside says "< 5".
"""

from collections import Counter
from dataclasses import dataclass

from stegvis.charts import common_options, render, svg_data_uri
from stegvis.statistics.usage_scope import UsageScope, shown
from stegvis.statistics.usage_tables import Column, Table, period_label


@dataclass(frozen=True)
class Chart:
    title: str
    uri: str
    uri_small: str
    header: list[str]
    rows: list[list]


def _svg(title: str, labels: list[str], series: dict[str, list], width: int) -> str:
    import pygal  # slow to import: loaded for the first chart (stegvis/charts.py)

    chart = pygal.Bar(
        **common_options(),
        title=title,
        width=width,
        height=400,
        legend_at_bottom=True,
        x_label_rotation=30 if width >= 600 else 60,
        truncate_label=-1,
        print_values=False,
        include_x_axis=True,
    )
    chart.x_labels = labels
    for name, values in series.items():
        chart.add(name, [value if isinstance(value, int | float) else None for value in values])
    return render(chart)


def _chart(title: str, first: str, columns: list[str], rows: list[list]) -> Chart:
    labels = [str(row[0]) for row in rows]
    series = {name: [row[i + 1] for row in rows] for i, name in enumerate(columns)}
    return Chart(
        title,
        svg_data_uri(_svg(title, labels, series, 800)),
        svg_data_uri(_svg(title, labels, series, 420)),
        [first, *columns],
        rows,
    )


def period_chart(
    title: str, scope: UsageScope, tallies: dict, columns: list[Column], first: str
) -> Chart:
    """Totals per period of the count `columns` over every breakdown row, suppressed."""
    totals: dict = {}
    for (period, _key), tally in tallies.items():
        totals.setdefault(period, Counter()).update(tally.counts)
    rows = [
        [period_label(period, scope.group)] + [shown(totals[period][c.key]) for c in columns]
        for period in sorted(totals)
    ]
    return _chart(title, first, [str(c.label) for c in columns], rows)


def table_chart(title: str, table: Table, column_indexes: list[int]) -> Chart:
    """A chart of some columns of a published table (its first column names the bars)."""
    rows = [[row[0]] + [row[i] for i in column_indexes] for row in table.rows]
    return _chart(title, table.header[0], [table.header[i] for i in column_indexes], rows)

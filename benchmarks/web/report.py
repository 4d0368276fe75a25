"""Summarise rounds, print the table, write and compare the JSON of a run.

Pure functions over plain data, so tests/benchmarks/ checks them without a server.
"""

from __future__ import annotations

import json
from pathlib import Path
from statistics import median

COLUMNS = [
    ("page", 28), ("req/s", 8), ("p50 ms", 8), ("p95 ms", 8), ("p99 ms", 8), ("errors", 7),
    ("queries", 8), ("alone ms", 9), ("KB", 7), ("floor/s", 8), ("of floor", 9),
    ("of signed-in", 13),
]  # fmt: skip
# The run's first row: Django's sessions and authentication and nothing else
# (benchmarks/web/signed_in_floor.py), the most a signed-in page can reach.
SIGNED_IN_FLOOR = "signed-in floor"


def summarise_page(rounds: list[dict]) -> dict:
    """Medians over rounds of a page and its floor (each round alternates the two).

    The share of the floor is the median of each round's own ratio, so a machine that slows
    down between rounds moves both sides of a ratio alike.
    """
    pages = [r["page"] for r in rounds]
    floors = [r["floor"] for r in rounds]
    ratios = [p["rps"] / f["rps"] for p, f in zip(pages, floors, strict=True) if f["rps"]]
    return {
        "rps": median(p["rps"] for p in pages),
        "p50": median(p["p50"] for p in pages),
        "p95": median(p["p95"] for p in pages),
        "p99": median(p["p99"] for p in pages),
        "errors": sum(p["errors"] for p in pages),
        "requests": sum(p["requests"] for p in pages),
        "bytes": median(p["bytes"] for p in pages),
        "floor_rps": median(f["rps"] for f in floors),
        "ratio": median(ratios) if ratios else 0.0,
    }


def header(result: dict) -> str:
    """What was measured: the commit, the data, the server, the load and any raised limit."""
    s = result["settings"]
    data = s["data"]
    load = s.get("load_average", {})
    rate = (
        f"RATE_LIMIT_MESSAGES={s['message_rate']} (raised for the benchmark; production 20/10m)"
        if s["message_rate_raised"]
        else f"RATE_LIMIT_MESSAGES={s['message_rate']} (the production limit)"
    )
    return "\n".join(
        [
            f"bench-web {result['started_at']}  commit {s['commit']}  {s['database']}",
            f"data: {data['source']}, {data['enrollments']} open enrollments; "
            f"accounts: {s['accounts']['staff']} staff, {s['accounts']['citizens']} citizens",
            f"{s['server']}; locust {s['users']} users, {s['seconds']} s per run, "
            f"{s['rounds']} rounds alternating page and floor (medians shown)",
            rate,
            *_api_rate(s),
            f"load average (1, 5, 15 min) at start {load.get('start')}, at end {load.get('end')}",
            "",
        ]
    )


def _api_rate(settings: dict) -> list[str]:
    """The API's rate limit line, for runs that measured the API (older runs have none)."""
    if "api_rate" not in settings:
        return []
    if settings.get("api_rate_raised"):
        return [
            f"RATE_LIMIT_API={settings['api_rate']} (raised for the benchmark; production 600/m)"
        ]
    return [f"RATE_LIMIT_API={settings['api_rate']} (the production limit)"]


def _row(cells: list[str]) -> str:
    return "  ".join(
        cell.ljust(width) if index == 0 else cell.rjust(width)
        for index, (cell, (_title, width)) in enumerate(zip(cells, COLUMNS, strict=True))
    )


def of_signed_in(result: dict, name: str) -> float | None:
    """A page's share of the floor over the signed-in floor's (None in runs without it)."""
    signed = result["pages"].get(SIGNED_IN_FLOOR)
    if signed is None or not signed["summary"]["ratio"]:
        return None
    return result["pages"][name]["summary"]["ratio"] / signed["summary"]["ratio"]


def page_table(result: dict) -> str:
    """The run's table: one line per page (medians over the rounds)."""
    lines = [_row([title for title, _width in COLUMNS])]
    for name, page in result["pages"].items():
        s = page["summary"]
        queries = page.get("queries", {})
        signed = of_signed_in(result, name)
        lines.append(
            _row(
                [
                    name,
                    f"{s['rps']:.1f}",
                    f"{s['p50']:.0f}",
                    f"{s['p95']:.0f}",
                    f"{s['p99']:.0f}",
                    str(s["errors"]),
                    str(queries.get("queries", "?")),
                    str(queries.get("alone_ms", "?")),
                    f"{s['bytes'] / 1024:.1f}",
                    f"{s['floor_rps']:.0f}",
                    f"{100 * s['ratio']:.1f} %",
                    "–" if signed is None else f"{100 * signed:.1f} %",
                ]
            )
        )
    return "\n".join(lines)


def concurrency_table(runs: list[dict]) -> str:
    """Hantera at each number of users: throughput, its scaling over one user, lock waits."""
    if not runs:
        return ""
    single = runs[0]["stats"]["rps"] or 1.0
    lines = [
        "users   req/s   × 1 user   p50 ms   p95 ms   errors   lock wait (mean/max)   "
        "advisory   LWLock   idle in tx"
    ]
    for run in runs:
        s, locks = run["stats"], run["locks"]
        lines.append(
            f"{run['users']:>5}  {s['rps']:>6.1f}  {s['rps'] / single:>9.2f}  {s['p50']:>7.0f}  "
            f"{s['p95']:>7.0f}  {s['errors']:>7}  "
            f"{locks['lock']['mean']:>12.2f} / {locks['lock']['max']:<6}  "
            f"{locks['advisory']['mean']:>8.2f}  {locks['lwlock']['mean']:>7.2f}  "
            f"{locks['idle_in_transaction']['mean']:>6.2f} / {locks['idle_in_transaction']['max']}"
        )
    return "\n".join(lines)


def compare(a: dict, b: dict) -> str:
    """Per page: B's throughput and share of the floor over A's, and both runs' p95."""
    lines = [
        f"A: {a.get('started_at', '?')}  {_data_label(a)}",
        f"B: {b.get('started_at', '?')}  {_data_label(b)}",
        "page                  req/s B/A   of floor A → B        p95 ms A → B    queries A → B",
    ]
    for name, page_b in b["pages"].items():
        page_a = a["pages"].get(name)
        if page_a is None:
            lines.append(f"{name:<20}  (only in B)")
            continue
        sa, sb = page_a["summary"], page_b["summary"]
        speedup = sb["rps"] / sa["rps"] if sa["rps"] else float("inf")
        qa = page_a.get("queries", {}).get("queries", "?")
        qb = page_b.get("queries", {}).get("queries", "?")
        lines.append(
            f"{name:<20}  {speedup:>10.2f}×   {100 * sa['ratio']:>5.1f} % → "
            f"{100 * sb['ratio']:>5.1f} %   {sa['p95']:>6.0f} → {sb['p95']:<6.0f}   {qa} → {qb}"
        )
    return "\n".join(lines)


def _data_label(result: dict) -> str:
    settings = result.get("settings", {})
    data = settings.get("data", {})
    return (
        f"{data.get('source', '?')}, {data.get('enrollments', '?')} enrollments, "
        f"commit {settings.get('commit', '?')}"
    )


def write_result(result: dict, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    stamp = result["started_at"].replace(":", "").replace("-", "")[:15]
    path = directory / f"web-{stamp}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return path


def read_result(path: str | Path) -> dict:
    return json.loads(Path(path).read_text())

"""`make bench-servers`: the same pages under gunicorn and under granian, alternated in one run.

Which WSGI server to run in production is chosen by this measurement (docs/deploy.md): both
serve Stegvis with its production settings, the same number of worker processes each handling
one request at a time (gunicorn's sync workers; granian's WSGI interface with one blocking
thread per worker), against the same database and the same signed-in sessions. Each round
runs every page on one server and then on the other, so a machine whose load changes moves
both alike; the table gives medians over rounds and granian's throughput over gunicorn's.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from statistics import median

from benchmarks.web.load import run_locust
from benchmarks.web.manifest import accounts_for_run, read_manifest
from benchmarks.web.servers import Server, production_env
from benchmarks.web.targets import build_targets, floor_target

KINDS = ("gunicorn", "granian")
# The bare-Django floor shows what the server itself costs; Stegvis's pages what it costs them.
APPS = {"floor": "benchmarks.floor.wsgi:application", "stegvis": "stegvis.wsgi:application"}


def alternate(args, targets: list[dict], servers: dict[str, dict[str, Server]]) -> dict[str, dict]:
    """Each page (and the floor) on every server in turn, `args.rounds` times."""
    runs: dict[str, dict[str, list[dict]]] = {t["name"]: {k: [] for k in KINDS} for t in targets}
    for number in range(1, args.rounds + 1):
        for target in targets:
            app = "floor" if target["name"] == "floor" else "stegvis"
            for kind in KINDS:
                stats = run_locust(target, servers[app][kind].url, args.users, args.seconds)
                runs[target["name"]][kind].append(stats)
                print(
                    f"round {number}/{args.rounds}  {target['name']:<20} {kind:<9}"
                    f"{stats['rps']:8.1f} req/s, p95 {stats['p95']:.0f} ms, "
                    f"errors {stats['errors']}",
                    flush=True,
                )
    return runs


def summarise(runs: dict[str, dict[str, list[dict]]]) -> dict[str, dict]:
    """Per page and server: median req/s and p95, summed errors; granian over gunicorn."""
    summary = {}
    for name, per_kind in runs.items():
        row = {
            kind: {
                "rps": median(r["rps"] for r in rounds),
                "p95": median(r["p95"] for r in rounds),
                "errors": sum(r["errors"] for r in rounds),
            }
            for kind, rounds in per_kind.items()
        }
        ratios = [
            g["rps"] / u["rps"]
            for u, g in zip(per_kind["gunicorn"], per_kind["granian"], strict=True)
            if u["rps"]
        ]
        row["granian_over_gunicorn"] = median(ratios) if ratios else 0.0
        summary[name] = row
    return summary


def table(summary: dict[str, dict]) -> str:
    lines = [
        f"{'page':<20}{'gunicorn req/s':>15}{'p95 ms':>8}{'granian req/s':>15}{'p95 ms':>8}"
        f"{'errors':>8}{'granian/gunicorn':>18}"
    ]
    for name, row in summary.items():
        u, g = row["gunicorn"], row["granian"]
        lines.append(
            f"{name:<20}{u['rps']:>15.1f}{u['p95']:>8.0f}{g['rps']:>15.1f}{g['p95']:>8.0f}"
            f"{u['errors'] + g['errors']:>8}{row['granian_over_gunicorn']:>17.2f}×"
        )
    return "\n".join(lines)


def run(args, prepare_data, sign_in_all) -> str:
    """Prepare the data as `bench-web` does, serve it twice, alternate; write var/bench JSON."""
    started = datetime.now(UTC).isoformat(timespec="seconds")
    env = production_env(args.database_url, args.message_rate)
    manifest_path, source = prepare_data(args, env)
    manifest = read_manifest(manifest_path)
    log_dir = args.out / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    servers = {
        app: {kind: Server(f"{app}-{kind}", wsgi, env, args.workers, kind) for kind in KINDS}
        for app, wsgi in APPS.items()
    }
    every = [server for per_kind in servers.values() for server in per_kind.values()]
    try:
        for server in every:
            server.start(log_dir)
        base = servers["stegvis"]["gunicorn"].url
        signed = sign_in_all(base, *accounts_for_run(manifest, args.accounts))
        targets = build_targets(base, signed)  # the sessions live in the database: both servers
        if args.pages:
            chosen = {name.strip() for name in args.pages.split(",")}
            targets = [t for t in targets if t["name"] in chosen]
        runs = alternate(args, [floor_target(), *targets], servers)
    finally:
        for server in every:
            server.stop()
    summary = summarise(runs)
    result = {
        "started_at": started,
        "data": source,
        "workers": args.workers,
        "users": args.users,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "runs": runs,
        "summary": summary,
    }
    path = args.out / f"servers-{started.replace(':', '').replace('-', '')}.json"
    path.write_text(json.dumps(result, indent=1))
    return f"{table(summary)}\n\nWritten to {path}"

"""`make bench-web`: Stegvis's pages under load against a bare-Django floor, on PostgreSQL.

    python -m benchmarks.web run [--data auto|demo|loadscale|manifest] [--manifest PATH] ...
    python -m benchmarks.web compare A.json B.json
    python -m benchmarks.web servers [the options of run]   (gunicorn against granian)

See docs/scaling.md ("Measuring: make bench-web") for what is measured and how to read it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.web import api, report, server_choice, signed_in_floor
from benchmarks.web.load import LockSampler, run_locust
from benchmarks.web.manifest import accounts_for_run, read_manifest
from benchmarks.web.servers import (
    DEFAULT_DATABASE_URL,
    ROOT,
    VAR,
    Server,
    ensure_database,
    loadscale_available,
    manage,
    production_env,
)
from benchmarks.web.signin import SignInFailed, sign_in_citizen, sign_in_staff
from benchmarks.web.targets import build_targets, floor_target

PRODUCTION_MESSAGE_RATE = "20/10m"
PRODUCTION_API_RATE = "600/m"


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


def _database_url() -> str:
    """DATABASE_URL when it names PostgreSQL (the SQLite default of a checkout does not count)."""
    given = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    return given if given.startswith(("postgres://", "postgresql://")) else DEFAULT_DATABASE_URL


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.web")
    commands = parser.add_subparsers(dest="command", required=True)
    _run_options(commands.add_parser("run", help="Run the benchmark; write var/bench/web-*.json."))
    _run_options(
        commands.add_parser("servers", help="The pages under gunicorn and granian, alternated.")
    )
    compare = commands.add_parser("compare", help="Per-page ratios of two runs' JSON.")
    compare.add_argument("a", type=Path)
    compare.add_argument("b", type=Path)
    return parser.parse_args(argv)


def _run_options(run: argparse.ArgumentParser) -> None:
    run.add_argument("--database-url", default=_database_url())
    run.add_argument("--data", choices=["auto", "demo", "loadscale", "manifest"], default="auto")
    run.add_argument("--manifest", type=Path, help="Manifest to read (with --data manifest).")
    run.add_argument("--enrollments", type=int, default=int(_env("BENCH_ENROLLMENTS", "1000")))
    run.add_argument("--seed", type=int, default=int(_env("BENCH_SEED", "1")))
    run.add_argument("--workers", type=int, default=int(_env("BENCH_WORKERS", "2")))
    run.add_argument("--users", type=int, default=int(_env("BENCH_USERS", "20")))
    run.add_argument("--seconds", type=int, default=int(_env("BENCH_SECONDS", "10")))
    run.add_argument("--rounds", type=int, default=int(_env("BENCH_ROUNDS", "3")))
    run.add_argument("--accounts", type=int, default=int(_env("BENCH_ACCOUNTS", "20")))
    run.add_argument("--concurrency", default=_env("BENCH_CONCURRENCY", "1,10,50"))
    run.add_argument(
        "--concurrency-seconds", type=int, default=int(_env("BENCH_CONCURRENCY_SECONDS", "15"))
    )
    run.add_argument(
        "--message-rate",
        default=os.environ.get("BENCH_MESSAGE_RATE", "100000/m"),
        help="RATE_LIMIT_MESSAGES for the run's server; empty keeps the production limit.",
    )
    run.add_argument(
        "--api-rate",
        default=os.environ.get("BENCH_API_RATE", "1000000/m"),
        help="RATE_LIMIT_API for the run's server; empty keeps the production limit.",
    )
    run.add_argument(
        "--api-open",
        type=int,
        default=int(_env("BENCH_API_OPEN", "300")),
        help="Open questionnaires made for each enrollment API create completes.",
    )
    run.add_argument("--pages", default="", help="Only these pages (comma-separated names).")
    run.add_argument("--task-worker", action="store_true", help="Also run manage.py db_worker.")
    run.add_argument("--out", type=Path, default=VAR)


def prepare_data(args: argparse.Namespace, env: dict[str, str]) -> tuple[Path, str]:
    """Migrate, collect static files and load the data set; return its manifest and source."""
    ensure_database(args.database_url)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    if args.data == "manifest":
        return args.manifest, "manifest"
    manifest = args.manifest or VAR / "manifest.json"
    manifest.parent.mkdir(parents=True, exist_ok=True)
    use_loadscale = args.data == "loadscale" or (args.data == "auto" and loadscale_available())
    if use_loadscale:
        # loadscale, like the demo, refuses to run without STEGVIS_DEMO (known passwords).
        scale = ["--enrollments", str(args.enrollments), "--seed", str(args.seed)]
        manage(
            env, "loadscale", *scale, "--manifest", str(manifest), extra_env={"STEGVIS_DEMO": "1"}
        )
        return manifest, f"loadscale --enrollments {args.enrollments} --seed {args.seed}"
    # The demo loads only with STEGVIS_DEMO; the server itself runs without it.
    manage(env, "demo", "--quiet", extra_env={"STEGVIS_DEMO": "1"})
    subprocess.run(
        [sys.executable, "-m", "benchmarks.web.manifest", str(manifest)],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    return manifest, "demo"


def sign_in_all(base: str, staff: list[dict], citizens: list[dict]) -> list:
    """Sign every account in; one that fails is reported and left out."""
    signed = []
    for group, sign_in in ((staff, sign_in_staff), (citizens, sign_in_citizen)):
        for account in group:
            try:
                signed.append(sign_in(base, account))
            except SignInFailed as failure:
                print(f"left out: {failure}", file=sys.stderr, flush=True)
    if not signed:
        raise SystemExit("No account could sign in; see var/bench/logs/app.log.")
    return signed


def _chosen(args) -> set[str] | None:
    return {name.strip() for name in args.pages.split(",")} if args.pages else None


def api_pages(args, env: dict[str, str], manifest_path: Path, base: str, work: Path) -> list:
    """The API's search and create targets: a client made for the run, a token over HTTP."""
    chosen = _chosen(args)
    if chosen is not None and not chosen & {api.SEARCH, api.CREATE}:
        return []
    out = work / "api-setup.json"
    subprocess.run(
        [sys.executable, "-m", "benchmarks.web.api", str(manifest_path), str(out),
         "--patients", str(args.accounts), "--open", str(args.api_open)],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    setup = json.loads(out.read_text())
    print(f"API client {setup['code']} made for the run", flush=True)
    return api.api_targets(setup, api.token(base, setup))


def count_queries(
    env: dict[str, str], targets: list[dict], work: Path, name: str = "targets.json"
) -> dict[str, dict]:
    path = work / name  # kept in the log directory: what the run asked
    path.write_text(json.dumps(targets))
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.web.queries", str(path)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def run_pages(args, targets: list[dict], app: Server, floor: Server) -> dict[str, list[dict]]:
    """Alternate each page with the floor, all pages once per round."""
    rounds: dict[str, list[dict]] = {t["name"]: [] for t in targets}
    for number in range(1, args.rounds + 1):
        for target in targets:
            host = target.get("host", app.url)  # the signed-in floor has its own server
            page = run_locust(target, host, args.users, args.seconds)
            base = run_locust(floor_target(), floor.url, args.users, args.seconds)
            rounds[target["name"]].append({"page": page, "floor": base})
            print(
                f"round {number}/{args.rounds}  {target['name']:<20} {page['rps']:8.1f} req/s "
                f"(floor {base['rps']:.0f}), p95 {page['p95']:.0f} ms, errors {page['errors']}"
                + (f"  {page['failures'][:3]}" if page["failures"] else ""),
                flush=True,
            )
    return rounds


def run_concurrency(args, targets: list[dict], app: Server) -> list[dict]:
    """Hantera at each number of users, with pg_stat_activity sampled during each run."""
    hantera = next((t for t in targets if t["name"] == "Hantera"), None)
    levels = [int(n) for n in args.concurrency.split(",") if n.strip()]
    runs = []
    for users in levels if hantera else []:
        with LockSampler(args.database_url) as sampler:
            stats = run_locust(hantera, app.url, users, args.concurrency_seconds)
        runs.append({"users": users, "stats": stats, "locks": sampler.summary()})
        print(f"Hantera at {users} users: {stats['rps']:.1f} req/s", flush=True)
    return runs


def _commit() -> str:
    """The checkout measured: HEAD, marked "+changes" when the tree differs from it."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True)
    status = subprocess.run(["git", "status", "--porcelain", "-uno"], cwd=ROOT, capture_output=True)
    return head.stdout.decode().strip() + ("+changes" if status.stdout.strip() else "")


def _load_average() -> list[float]:
    """The machine's 1, 5 and 15-minute load: on a shared machine it says how far to trust a run."""
    return [round(value, 2) for value in os.getloadavg()]


def _settings(args: argparse.Namespace, manifest: dict, source: str) -> dict:
    return {
        "commit": args.commit,
        "load_average": {"start": args.load_at_start, "end": _load_average()},
        "database": args.database_url,
        "data": {"source": source, "enrollments": manifest.get("enrollments")},
        "server": f"gunicorn, {args.workers} sync workers, production settings",
        "users": args.users,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "accounts": {
            "staff": len(accounts_for_run(manifest, args.accounts)[0]),
            "citizens": len(accounts_for_run(manifest, args.accounts)[1]),
        },
        "message_rate": args.message_rate or PRODUCTION_MESSAGE_RATE,
        "message_rate_raised": bool(args.message_rate),
        "api_rate": args.api_rate or PRODUCTION_API_RATE,
        "api_rate_raised": bool(args.api_rate),
        "task_worker": args.task_worker,
    }


def run(args: argparse.Namespace) -> dict:
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench-web runs on PostgreSQL (it samples pg_stat_activity).")
    started = datetime.now(UTC).isoformat(timespec="seconds")
    args.commit, args.load_at_start = _commit(), _load_average()
    env = production_env(args.database_url, args.message_rate, args.api_rate)
    manifest_path, source = prepare_data(args, env)
    manifest = read_manifest(manifest_path)
    log_dir = args.out / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    app = Server("app", "stegvis.wsgi:application", env, args.workers)
    floor = Server("floor", "benchmarks.floor.wsgi:application", env, args.workers)
    floor_env, floor_session = signed_in_floor.prepare(env, args.database_url)
    signed_floor = signed_in_floor.server(floor_env, args.workers)
    worker = None
    try:
        app.start(log_dir)
        floor.start(log_dir)
        signed_floor.start(log_dir)
        if args.task_worker:
            worker = subprocess.Popen([sys.executable, "manage.py", "db_worker"], cwd=ROOT, env=env)
        signed = sign_in_all(app.url, *accounts_for_run(manifest, args.accounts))
        targets = build_targets(app.url, signed)
        targets += api_pages(args, env, manifest_path, app.url, log_dir)
        if args.pages:
            targets = [t for t in targets if t["name"] in _chosen(args)]
        queries = count_queries(env, targets, log_dir)
        # First in the table: the least a signed-in page costs, beside every page's figures.
        reference = signed_in_floor.target(signed_floor.url, floor_session)
        queries |= count_queries(floor_env, [reference], log_dir, "signed-in-floor-target.json")
        targets = [reference, *targets]
        rounds = run_pages(args, targets, app, floor)
        concurrency = run_concurrency(args, targets, app)
    finally:
        app.stop()
        floor.stop()
        signed_floor.stop()
        if worker:
            worker.terminate()
    return {
        "started_at": started,
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": _settings(args, manifest, source),
        "pages": {
            name: {
                "rounds": page_rounds,
                "summary": report.summarise_page(page_rounds),
                "queries": queries.get(name, {}),
            }
            for name, page_rounds in rounds.items()
        },
        "concurrency": concurrency,
    }


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.command == "compare":
        print(report.compare(report.read_result(args.a), report.read_result(args.b)))
        return 0
    if args.command == "servers":
        print(server_choice.run(args, prepare_data, sign_in_all))
        return 0
    result = run(args)
    path = report.write_result(result, args.out)
    print()
    print(report.header(result))
    print(report.page_table(result))
    print()
    print(report.concurrency_table(result["concurrency"]))
    print(f"\nWritten to {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

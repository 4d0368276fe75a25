"""Drive one target with locust (headless, in a subprocess) and read back its statistics."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.web.servers import ROOT

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def parse_stats(csv_text: str, name: str) -> dict:
    """One target's row of locust's `*_stats.csv`, as numbers (milliseconds, bytes, per second)."""
    for row in csv.DictReader(csv_text.splitlines()):
        if row["Name"] == name:
            return {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
                "p99": float(row["99%"]),
                "mean_ms": float(row["Average Response Time"]),
                "bytes": float(row["Average Content Size"]),
            }
    return {"requests": 0, "errors": 0, "rps": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0,
            "mean_ms": 0.0, "bytes": 0.0}  # fmt: skip


def parse_failures(csv_text: str) -> list[str]:
    """Why requests failed, from locust's `*_failures.csv` ("HTTP 500 ×12")."""
    return [
        f"{row['Error']} ×{row['Occurrences']}"
        for row in csv.DictReader(csv_text.splitlines())
        if row.get("Error")
    ]


def run_locust(target: dict, host: str, users: int, seconds: int) -> dict:
    """Run `users` locust users against one target for `seconds`; return its statistics."""
    with tempfile.TemporaryDirectory(prefix="bench-web-") as work:
        target_file = Path(work) / "target.json"
        target_file.write_text(json.dumps(target))
        prefix = Path(work) / "run"
        command = [
            sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
            "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s",
            "--host", host, "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR",
            "--exit-code-on-error", "0", "--stop-timeout", "5",
        ]  # fmt: skip
        environment = {**os.environ, "BENCH_TARGET_FILE": str(target_file)}
        subprocess.run(
            command,
            cwd=ROOT,
            env=environment,
            check=True,
            capture_output=True,
            timeout=seconds + 60,
        )
        stats = parse_stats(Path(f"{prefix}_stats.csv").read_text(), target["name"])
        failures = Path(f"{prefix}_failures.csv")
        stats["failures"] = parse_failures(failures.read_text()) if failures.exists() else []
        return stats


LOCK_SAMPLE_SQL = """
SELECT
  count(*) FILTER (WHERE wait_event_type = 'Lock'),
  count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'),
  count(*) FILTER (WHERE wait_event_type = 'LWLock'),
  count(*) FILTER (WHERE state = 'idle in transaction'),
  count(*) FILTER (WHERE state = 'active')
FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid()
"""
LOCK_COLUMNS = ("lock", "advisory", "lwlock", "idle_in_transaction", "active")


@dataclass
class LockSampler:
    """Sample pg_stat_activity every `interval` seconds in a thread, while a run goes on."""

    database_url: str
    interval: float = 0.25
    samples: list[tuple[int, ...]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> LockSampler:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)

    def _sample(self) -> None:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            while not self._stop.is_set():
                self.samples.append(tuple(connection.execute(LOCK_SAMPLE_SQL).fetchone()))
                time.sleep(self.interval)

    def summary(self) -> dict:
        return summarise_lock_samples(self.samples)


def summarise_lock_samples(samples: list[tuple[int, ...]]) -> dict:
    """Mean and maximum of each count over the samples (waiting, idle in a transaction)."""
    summary: dict = {"samples": len(samples)}
    for index, column in enumerate(LOCK_COLUMNS):
        values = [sample[index] for sample in samples] or [0]
        summary[column] = {"mean": round(sum(values) / len(values), 2), "max": max(values)}
    return summary

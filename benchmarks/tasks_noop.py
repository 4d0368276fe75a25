"""The benchmarks' tasks (benchmarks/tasks_bench.py and tasks_kill.py), imported by the workers."""

from django_tasks import task


@task()
def noop() -> None:
    """Nothing: the queue's own cost."""


@task()
def nap(seconds: float, log: str) -> None:
    """Sleep, writing a line to `log` on starting and on ending (benchmarks/tasks_kill.py)."""
    import os
    import time
    from pathlib import Path

    with Path(log).open("a") as out:
        out.write(f"start {os.getpid()} {time.time():.2f}\n")
    time.sleep(seconds)
    with Path(log).open("a") as out:
        out.write(f"end {os.getpid()} {time.time():.2f}\n")

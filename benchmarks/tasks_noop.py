"""The benchmark's empty task (benchmarks/tasks_bench.py), in a module the workers import."""

from django_tasks import task


@task()
def noop() -> None:
    """Nothing: the queue's own cost."""

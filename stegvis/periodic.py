"""Tasks the care scheduler enqueues on every tick, registered by apps above care.

The scheduler (care_scheduler, care_tick) lives in care, which must not import the apps above
it; those register their periodic task here in their AppConfig.ready. Imports no app.
"""

from collections.abc import Callable

_tasks: dict[str, Callable[[], object]] = {}


def register(name: str, enqueue: Callable[[], object]) -> None:
    """Have the scheduler call `enqueue` (e.g. a task's `.enqueue`) on every tick."""
    _tasks[name] = enqueue


def enqueue_all() -> list[str]:
    """Enqueue every registered task; their names, in registration order."""
    for enqueue in _tasks.values():
        enqueue()
    return list(_tasks)

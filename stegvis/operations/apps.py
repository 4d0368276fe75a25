from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "stegvis.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from django_tasks.signals import task_finished, task_started

        from stegvis import task_leases
        from stegvis.operations import permissions  # noqa: F401  (registers the rules)

        # A worker holds a task's lease while it runs it (task_leases.py): how the scheduler
        # tells a task whose worker died from one that is still running.
        task_started.connect(task_leases.hold_lease, dispatch_uid="stegvis-task-lease-hold")
        task_finished.connect(task_leases.end_lease, dispatch_uid="stegvis-task-lease-end")

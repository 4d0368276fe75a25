"""Background work for the API (django-tasks): thin wrappers around the services."""

from django_tasks import TaskContext, task

from stegvis.api.bulk.services import run_export


@task(takes_context=True)
def run_bulk_export(context: TaskContext, job_id: int) -> str:
    """Write one `$export`'s files (safe to run twice: a job already taken is skipped).

    A second attempt is this task run again after its worker died (task_leases.py): it takes
    over the job the dead run left in progress.
    """
    return run_export(job_id, taking_over=context.attempt > 1)

"""Background work for the API (django-tasks): thin wrappers around the services."""

from django_tasks import task

from stegvis.api.bulk.services import run_export


@task()
def run_bulk_export(job_id: int) -> str:
    """Write one `$export`'s files (safe to run twice: a job already taken is skipped)."""
    return run_export(job_id)

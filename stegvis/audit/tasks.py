"""Background work for the access log (django-tasks)."""

from django_tasks import task

from stegvis.audit.services import sealing


@task()
def seal_access_log() -> int:
    """Seal every unsealed event into its chain and checkpoint stale heads.

    Enqueued after commits that record events and by the scheduler. Safe to run twice or in two
    workers at once: a chain another sealer holds is skipped, a sealed event is never touched.
    """
    sealed = sealing.seal_pending()
    sealing.checkpoint_heads()
    return sealed

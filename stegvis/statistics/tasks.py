"""Background work for the statistics (django-tasks)."""

from django_tasks import task

from stegvis.statistics.summaries.refresh import refresh_if_due


@task()
def refresh_summaries() -> int:
    """Refresh the statistics' summaries for the enrollments touched since the last run.

    The scheduler enqueues it every tick; it does nothing while the last run is younger than
    `refresh.EVERY`. Safe to run twice or in two workers at once (refresh.py's lock).
    """
    done = refresh_if_due()
    return done.enrollments if done else 0

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "stegvis.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from stegvis import periodic
        from stegvis.statistics import permissions  # noqa: F401
        from stegvis.statistics.tasks import refresh_summaries

        # Every scheduler tick; the task refreshes when its last run is a few minutes old.
        periodic.register("statistics.refresh_summaries", refresh_summaries.enqueue)

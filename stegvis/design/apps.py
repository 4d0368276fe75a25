from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DesignConfig(AppConfig):
    name = "stegvis.design"
    label = "design"
    verbose_name = _("Design")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from stegvis.design import permissions, signals  # noqa: F401 - rules and receivers

        post_migrate.connect(signals.sync_after_migrate, sender=self)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DesignConfig(AppConfig):
    name = "stegvis.design"
    label = "design"
    verbose_name = _("Design")

    def ready(self) -> None:
        from stegvis.design import permissions  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "stegvis.catalog"
    label = "catalog"
    verbose_name = _("Program catalog")

    def ready(self) -> None:
        from stegvis.catalog import permissions  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "stegvis.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from stegvis.api import permissions  # noqa: F401  (registers the rules)

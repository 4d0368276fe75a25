from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "stegvis.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from stegvis.operations import permissions  # noqa: F401  (registers the rules)

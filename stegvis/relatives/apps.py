from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelativesConfig(AppConfig):
    name = "stegvis.relatives"
    label = "relatives"
    verbose_name = _("Relatives and guardians")

    def ready(self) -> None:
        from stegvis.relatives import permissions  # noqa: F401  (registers the rules)

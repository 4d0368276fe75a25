from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "stegvis.care"
    label = "care"
    verbose_name = _("Care")

    def ready(self) -> None:
        from stegvis.care import permissions  # noqa: F401

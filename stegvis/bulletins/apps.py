from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulletinsConfig(AppConfig):
    name = "stegvis.bulletins"
    label = "bulletins"
    verbose_name = _("Operational messages")

    def ready(self) -> None:
        from stegvis.bulletins import permissions  # noqa: F401

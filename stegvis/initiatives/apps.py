from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "stegvis.initiatives"
    label = "initiatives"
    verbose_name = _("Program initiatives")

    def ready(self) -> None:
        from stegvis.initiatives import permissions  # noqa: F401

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "stegvis.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from stegvis.accounts import landing

        landing.register(landing.PORTAL, _lands_in_portal)


def _lands_in_portal(user) -> str | None:
    return reverse("portal:home") if user.is_citizen else None

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "stegvis.messaging"
    label = "messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        from stegvis.messaging import permissions  # noqa: F401

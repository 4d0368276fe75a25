from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "stegvis.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from stegvis.notifications import permissions  # noqa: F401 - registers the rules

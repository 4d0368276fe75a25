from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "stegvis.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from stegvis.audit import permissions  # noqa: F401

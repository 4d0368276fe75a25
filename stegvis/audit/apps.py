from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "stegvis.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from stegvis.audit import permissions  # noqa: F401
        from stegvis.audit.recording import record_change, record_read
        from stegvis.organisation import recording

        # Organisation's services log through this registry: it sits below audit.
        recording.register(record_read=record_read, record_change=record_change)

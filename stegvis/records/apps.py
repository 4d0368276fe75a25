from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "stegvis.records"
    label = "records"
    verbose_name = _("Record exports")

    def ready(self):
        from stegvis.records import permissions  # noqa: F401  (registers the rules)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "stegvis.care"
    label = "care"
    verbose_name = _("Care")

    def ready(self) -> None:
        from stegvis.care import permissions  # noqa: F401
        from stegvis.care.relationships import care_units_of
        from stegvis.organisation import relationships

        relationships.register(care_units_of)

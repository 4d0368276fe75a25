from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "stegvis.organisation"
    label = "organisation"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        # Registers the access rules with `rules`.
        from stegvis.organisation import permissions  # noqa: F401

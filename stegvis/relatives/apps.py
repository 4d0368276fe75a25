from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelativesConfig(AppConfig):
    name = "stegvis.relatives"
    label = "relatives"
    verbose_name = _("Relatives and guardians")

    def ready(self) -> None:
        from stegvis.care import purging
        from stegvis.relatives import permissions  # noqa: F401  (registers the rules)
        from stegvis.relatives.services import purge_grants

        # Care's reset of training data deletes the grants through this (care sits below).
        purging.register("relatives", purge_grants)

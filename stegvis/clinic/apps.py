from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ClinicConfig(AppConfig):
    name = "stegvis.clinic"
    label = "clinic"
    verbose_name = _("Clinic")

    def ready(self) -> None:
        from stegvis.accounts import landing

        landing.register(landing.CLINIC, _lands_in_clinic)


def _lands_in_clinic(user) -> str | None:
    return reverse("clinic:start") if user.is_care_staff else None

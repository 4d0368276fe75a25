from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ClinicConfig(AppConfig):
    name = "stegvis.clinic"
    label = "clinic"
    verbose_name = _("Clinic")

    def ready(self) -> None:
        from stegvis.accounts import landing
        from stegvis.care import subjects as care_subjects
        from stegvis.initiatives import services as initiative_services
        from stegvis.notifications import subjects

        landing.register(landing.CLINIC, _lands_in_clinic)
        # The notifications problems page links to an enrollment's page here.
        subjects.register_link(care_subjects.ENROLLMENT, _enrollment_page)
        subjects.register_link(initiative_services.SUBJECT, _initiative_page)


def _enrollment_page(enrollment_id: int) -> str:
    return reverse("clinic:enrollment", args=[enrollment_id])


def _initiative_page(initiative_id: int) -> str:
    return reverse("clinic:initiative", args=[initiative_id])


def _lands_in_clinic(user) -> str | None:
    if not user.is_care_staff:
        return None
    # The operator of the instance starts at the care providers (docs/onboarding.md).
    if user.has_perm("organisation.manage_providers"):
        return reverse("clinic:providers")
    return reverse("clinic:start")

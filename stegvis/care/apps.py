from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "stegvis.care"
    label = "care"
    verbose_name = _("Care")

    def ready(self) -> None:
        from stegvis.care import permissions  # noqa: F401
        from stegvis.care.blocking import is_blocked
        from stegvis.care.relationships import care_relationships, care_units_of
        from stegvis.care.services.flags import open_red_flags_per_unit
        from stegvis.notifications import digest_counts
        from stegvis.organisation import relationships

        # Apps below care ask through registries: organisation and audit where a citizen is in
        # care and whom they blocked, the staff digest how many red flags wait.
        relationships.register(care_units_of, care_relationships, is_blocked)
        digest_counts.register(digest_counts.OPEN_RED_FLAGS, open_red_flags_per_unit)

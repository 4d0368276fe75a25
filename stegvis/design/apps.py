from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DesignConfig(AppConfig):
    name = "stegvis.design"
    label = "design"
    verbose_name = _("Design")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from stegvis.accounts import landing
        from stegvis.design import permissions, signals  # noqa: F401 - rules and receivers

        landing.register(landing.DESIGN_TOOL, _lands_in_design_tool)
        post_migrate.connect(signals.sync_after_migrate, sender=self)


def _lands_in_design_tool(user) -> str | None:
    # Staff with nothing to do in the clinic (only design roles) start in the design tool.
    if user.has_perm("design.lands_in_design_tool"):
        return reverse("wagtailadmin_home")
    return None

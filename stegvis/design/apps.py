from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DesignConfig(AppConfig):
    name = "stegvis.design"
    label = "design"
    verbose_name = _("Design")

    def ready(self) -> None:
        from stegvis.accounts import landing
        from stegvis.design import permissions  # noqa: F401

        landing.register(landing.DESIGN_TOOL, _lands_in_design_tool)


def _lands_in_design_tool(user) -> str | None:
    # Staff with nothing to do in the clinic (only design roles) start in the design tool.
    if user.has_perm("design.lands_in_design_tool"):
        return reverse("wagtailadmin_home")
    return None

"""The program page's "Releases" tab: the released versions and the way to release another."""

from django.urls import reverse
from wagtail.admin.panels import Panel


class ReleasesPanel(Panel):
    @property
    def clean_name(self):
        return super().clean_name or "releases"

    class BoundPanel(Panel.BoundPanel):
        template_name = "design/panels/releases.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["releases"] = (
                list(page.releases().prefetch_related("available_to")) if page.pk else []
            )
            context["may_release"] = bool(
                page.pk and self.request.user.has_perm("design.release_program", page)
            )
            context["release_url"] = reverse("design_release", args=[page.pk]) if page.pk else ""
            return context

"""The release action: a publisher freezes an approved program into a MAJOR or MINOR version."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from stegvis.design import services
from stegvis.design.forms import ReleaseForm
from stegvis.design.models import ProgramPage
from stegvis.design.release import unpublished_pages


class ReleaseView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "design/release.html"
    page_title = gettext_lazy("Release a version")
    header_icon = "upload"

    def dispatch(self, request, page_id: int):
        # The URL guard (urls.py) has already refused pages of other providers with 404.
        self.program = get_object_or_404(ProgramPage, pk=page_id)
        if not request.user.has_perm("design.release_program", self.program):
            return TemplateResponse(request, "design/forbidden.html", status=403)
        self.owner = self.program.provider()
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.program.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.program.pk]),
                "label": self.program.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, page_id: int):
        form = ReleaseForm(initial={"providers": [self.owner.pk], "level": "minor"})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, page_id: int):
        form = ReleaseForm(request.POST)
        if form.is_valid():
            try:
                release = services.release_program(
                    actor=request.user,
                    program_page=self.program,
                    level=form.cleaned_data["level"],
                    release_notes=form.cleaned_data["release_notes"],
                    providers=list(form.cleaned_data["providers"]),
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Version %(version)s of %(name)s is released.")
                    % {"version": release.version, "name": release.name},
                )
                return redirect("design_release", self.program.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        releases = list(self.program.releases().prefetch_related("available_to"))
        context.update(
            program=self.program,
            releases=releases,
            latest=releases[0] if releases else None,
            next_minor=services.next_version(self.program, "minor"),
            next_major=services.next_version(self.program, "major"),
            unpublished=unpublished_pages(self.program),
            live=self.program.live,
        )
        return context

"""Wagtail hooks: the release action, the FHIR questionnaire import and the provider scope of
listings and choosers."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from stegvis.design import media_views
from stegvis.design.models import ProgramPage
from stegvis.design.questionnaires import ImportQuestionnaireView
from stegvis.design.scope import in_scope_q
from stegvis.design.views import ReleaseView
from stegvis.security.ratelimits import rate_limited


@hooks.register("register_admin_urls")
def release_urls():
    return [
        path("programs/<int:page_id>/release/", ReleaseView.as_view(), name="design_release"),
        path("media/images/<int:image_id>/", media_views.image, name="design_image"),
        path("media/documents/<int:document_id>/", media_views.document, name="design_document"),
        path(
            "questionnaires/import/",
            rate_limited("upload")(ImportQuestionnaireView.as_view()),
            name="design_questionnaire_import",
        ),
    ]


@hooks.register("register_admin_menu_item")
def questionnaire_import_menu_item():
    return MenuItem(
        _("Import FHIR questionnaire"),
        reverse("design_questionnaire_import"),
        icon_name="list-ul",
        order=900,
    )


def _release_button(page, user, priority: int):
    if page.specific_class is ProgramPage and user.has_perm("design.release_program", page):
        return [
            Button(
                _("Release"),
                reverse("design_release", args=[page.pk]),
                icon_name="upload",
                priority=priority,
            )
        ]
    return []


@hooks.register("register_page_header_buttons")
def release_header_button(page, user, next_url=None, view_name=None):
    return _release_button(page, user, priority=60)


@hooks.register("register_page_listing_buttons")
def release_listing_button(page, user, next_url=None):
    return _release_button(page, user, priority=60)


def _scoped(pages, request):
    user = request.user
    if user.is_superuser:
        return pages
    return pages.filter(in_scope_q(user))


@hooks.register("construct_explorer_page_queryset")
def scope_explorer(parent_page, pages, request):
    return _scoped(pages, request)


@hooks.register("construct_page_chooser_queryset")
def scope_chooser(pages, request):
    return _scoped(pages, request)


@hooks.register("construct_reports_menu")
def hide_tree_wide_reports(request, menu_items):
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]

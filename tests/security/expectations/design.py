"""The design tool: Wagtail's admin at /design/ behind `design_guard`, and our own views in it.

Ground truth: tests/design/test_access.py. Only staff with a current designer or publisher
role get in; page ids outside their provider's subtree are "not found". No citizen data.
"""

from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from stegvis.design.services import ensure_design_roots, provider_collection
from tests.design.conftest import make_program
from tests.security.matrix import (
    BAD_REQUEST,
    LOGIN,
    OK,
    REDIRECT,
    Entry,
    Group,
    cells,
    everyone,
)

DESIGNER = {"designer"}


def build(sw):
    roots = {root.provider_id: root for root in ensure_design_roots()}
    sw.design_root = roots[sw.provider.pk]
    sw.program_page, *_ = make_program(sw.design_root)
    sw.foreign_program_page, *_ = make_program(roots[sw.other_provider.pk], key="foreign")
    collection = provider_collection(sw.provider)
    sw.image = Image.objects.create(
        title="Bild", file=get_test_image_file(filename="bild.png"), collection=collection
    )
    sw.document = Document(title="film.mp4", collection=collection)
    sw.document.file.save("film.mp4", ContentFile(b"media-bytes"), save=False)
    sw.document.save()


ENTRIES = [
    # Wagtail's sign-in, sign-out and password reset send everyone to allauth's (issue 12):
    # the sign-in form signs no one in, whatever is posted to it.
    Entry(
        "design_login",
        lambda sw: "/design/login/",
        get=everyone(LOGIN),
        post=everyone(LOGIN),
        post_data=lambda sw: {"username": sw.practitioner.email, "password": "x"},
    ),
    Entry(
        "design_logout",
        lambda sw: "/design/logout/",
        get=everyone(REDIRECT),
        # A POST is repeated at allauth's sign-out (307), which signs out.
        post=everyone(OK),
    ),
    Entry(
        "design_password_reset",
        lambda sw: "/design/password_reset/confirm/MQ/set-password/",
        get=everyone(REDIRECT),
    ),
    # Wagtail's account page without the name, e-mail and password panels.
    Entry("design_account", lambda sw: "/design/account/", get=cells(ok=DESIGNER)),
    Entry(
        "design_release",
        lambda sw: reverse("design_release", args=[sw.program_page.pk]),
        # Releasing needs the publisher role; designers are refused.
        get=cells(),
        post=cells(),
        post_data=lambda sw: {"level": "major", "release_notes": "x"},
    ),
    Entry(
        "design_release",
        lambda sw: reverse("design_release", args=[sw.foreign_program_page.pk]),
        get=cells(not_found=DESIGNER),
        label="another provider's program",
    ),
    Entry(
        "design_image",
        lambda sw: reverse("design_image", args=[sw.image.pk]),
        get=cells(ok=DESIGNER),
    ),
    Entry(
        "design_document",
        lambda sw: reverse("design_document", args=[sw.document.pk]),
        get=cells(ok=DESIGNER),
    ),
    # The FHIR questionnaire import (an upload; definitions are shared by every provider).
    Entry(
        "design_questionnaire_import",
        lambda sw: reverse("design_questionnaire_import"),
        get=cells(ok=DESIGNER),
        # A post without a file is a form error (400) for a designer.
        post=cells(designer=BAD_REQUEST),
        post_data=lambda sw: {"provider": sw.provider.pk},
    ),
    Entry(
        "wagtaildocs_serve",
        lambda sw: sw.document.url,
        get=cells(ok=DESIGNER),
    ),
]

GROUPS = [
    Group(
        prefix="design/",
        why=(
            "Wagtail's admin (about 180 URLs). Every one of them runs inside design_guard "
            "(stegvis/design/urls.py), which refuses anyone without a current designer or "
            "publisher role and turns page ids outside the user's provider into 404; Wagtail's "
            "own permissions apply after that. The guard is one decorator over the whole tree, "
            "so a few samples prove it for all; tests/design/test_access.py walks the page "
            "views one by one. Programs are not citizen data."
        ),
        samples=[
            Entry("wagtailadmin_home", lambda sw: "/design/", get=cells(ok=DESIGNER)),
            Entry(
                "wagtailadmin_explore",
                lambda sw: reverse("wagtailadmin_explore", args=[sw.design_root.pk]),
                get=cells(ok=DESIGNER),
            ),
            Entry(
                "wagtailadmin_pages:edit",
                lambda sw: reverse("wagtailadmin_pages:edit", args=[sw.program_page.pk]),
                get=cells(ok=DESIGNER),
            ),
            Entry(
                "wagtailadmin_pages:edit",
                lambda sw: reverse("wagtailadmin_pages:edit", args=[sw.foreign_program_page.pk]),
                get=cells(not_found=DESIGNER),
                label="another provider's program",
            ),
            Entry(
                "wagtailusers_users:index",
                lambda sw: reverse("wagtailusers_users:index"),
                # Wagtail sends a designer without user-admin rights back to the dashboard.
                get=cells(designer=REDIRECT),
            ),
            Entry(
                "wagtailimages:index",
                lambda sw: reverse("wagtailimages:index"),
                get=cells(designer=OK),
            ),
        ],
    ),
]

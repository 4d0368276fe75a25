"""The editor's citizen-view preview of a step with every block type passes axe at phone and
desktop size, with its image, video (captions) and audio served from /design/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from stegvis.design.services import ensure_design_roots, provider_collection
from tests.browser.helpers import assert_accessible
from tests.browser.test_design_release import ensure_wagtail_tree
from tests.design.conftest import document_file, make_program
from tests.design.test_build_document import every_block

pytestmark = pytest.mark.browser


def test_a_step_with_every_block_type_previews_accessibly(
    page, server, world, log_in_as, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.USERSESSIONS_TRACK_ACTIVITY = False
    ensure_wagtail_tree()
    root = {r.provider_id: r for r in ensure_design_roots()}[world.provider.pk]
    image = Image.objects.create(
        title="Bild",
        file=get_test_image_file(filename="bild.png"),
        collection=provider_collection(world.provider),
    )
    blocks = every_block(
        image,
        document_file("film.mp4"),
        document_file("film.vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\nHej\n"),
        document_file("ljud.mp3"),
    )
    _program, _module, _section, step = make_program(root, blocks=blocks)

    log_in_as(page, world.designer)
    response = page.goto(f"{server}{reverse('wagtailadmin_pages:view_draft', args=[step.pk])}")
    assert response is not None and response.status == 200

    expect(page.get_by_role("img", name="En bild")).to_be_visible()
    expect(page.get_by_role("heading", name="Sömndagbok")).to_be_visible()
    assert_accessible(page)

"""The editor previews a step, module and program as the citizen sees them."""

import json

from django.urls import reverse

from stegvis.design.models import StepPage
from tests.design.conftest import make_program, own_definition, questionnaire, text


def test_a_step_preview_shows_its_blocks_and_the_questionnaire_items(design, login):
    _program, _module, _section, step = make_program(
        design.root,
        blocks=[
            text("<p>Välkommen till steget</p>"),
            questionnaire("phq9"),
            questionnaire("", json.dumps(own_definition())),
            {"type": "checklist", "value": {"title": "Att göra", "items": ["Gå ut"]}},
        ],
    )
    client = login(design.designer)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[step.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Välkommen till steget" in content
    assert "Lite intresse eller glädje i att göra saker" in content
    assert "Hur sov du?" in content
    assert "Gå ut" in content


def test_a_draft_change_is_previewed_before_it_is_approved(design, login):
    _program, _module, _section, step = make_program(design.root)
    draft = StepPage.objects.get(pk=step.pk)
    draft.title = "Utkastets rubrik"
    draft.save_revision(user=design.designer)
    client = login(design.designer)
    content = client.get(reverse("wagtailadmin_pages:view_draft", args=[step.pk])).content
    assert "Utkastets rubrik" in content.decode()


def test_program_and_module_previews_list_their_parts(design, login):
    program, module, _section, _step = make_program(design.root)
    client = login(design.designer)
    program_view = client.get(reverse("wagtailadmin_pages:view_draft", args=[program.pk]))
    module_view = client.get(reverse("wagtailadmin_pages:view_draft", args=[module.pk]))
    assert "Modul 1" in program_view.content.decode()
    assert "Steg 1" in module_view.content.decode()


def test_a_step_with_every_block_type_previews_with_its_media(design, image, login):
    from tests.design.conftest import document_file
    from tests.design.test_build_document import every_block

    video = document_file("film.mp4")
    captions = document_file("film.vtt", b"WEBVTT")
    audio = document_file("ljud.mp3")
    _program, _module, _section, step = make_program(
        design.root, blocks=every_block(image, video, captions, audio)
    )
    client = login(design.designer)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[step.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("design_image", args=[image.pk]) in content
    assert reverse("design_document", args=[video.pk]) in content
    assert 'alt="En bild"' in content
    assert "Allt som sägs" in content

    media = client.get(reverse("design_document", args=[video.pk]))
    assert media.status_code == 200
    assert media["Content-Type"] == "video/mp4"
    assert client.get(reverse("design_image", args=[image.pk])).status_code == 200


def test_another_providers_designer_cannot_fetch_the_media(design, image, login):
    from tests.design.conftest import document_file

    video = document_file("film.mp4")
    client = login(design.foreign_designer)
    assert client.get(reverse("design_document", args=[video.pk])).status_code in (302, 404)
    assert client.get(reverse("design_image", args=[image.pk])).status_code in (302, 404)

"""Film, audio and captions in the design tool: the document pages and chooser work once a
document exists, and a document's file is served only inside the design tool, never cached."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from stegvis.design.services import provider_collection

VTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\nHej\n"


@pytest.fixture
def captions(design, world):
    return get_document_model().objects.create(
        title="Textning",
        file=ContentFile(VTT, name="textning.vtt"),
        collection=provider_collection(world.provider),
    )


@pytest.fixture
def foreign_captions(design, world):
    return get_document_model().objects.create(
        title="Annan textning",
        file=ContentFile(VTT, name="annan.vtt"),
        collection=provider_collection(world.other_provider),
    )


@pytest.mark.parametrize("url", ["/design/documents/", "/design/documents/chooser/"])
def test_the_document_pages_answer_once_a_document_exists(design, captions, login, url):
    response = login(design.designer).get(url)

    assert response.status_code == 200
    assert "Textning" in response.text


def test_a_documents_link_serves_it_privately_to_its_designers(design, captions, login):
    response = login(design.designer).get(captions.url)

    assert captions.url.startswith("/design/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == VTT
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("who", ["anonymous", "citizen", "practitioner", "foreign_designer"])
def test_nobody_else_gets_the_file(design, captions, world, login, who):
    user = design.foreign_designer if who == "foreign_designer" else world.persona(who)

    response = login(user).get(captions.url)

    assert response.status_code in (302, 403, 404)
    assert not getattr(response, "streaming", False)


def test_another_providers_document_is_not_found(design, foreign_captions, login):
    assert login(design.designer).get(foreign_captions.url).status_code == 404

"""Uploading images to the design tool: a damaged file is refused with a message, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from stegvis.design.services import provider_collection

PNG_HEADER = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def designer_client(design, login):
    return login(design.designer)


@pytest.fixture
def collection(world):
    return provider_collection(world.provider).pk


@pytest.mark.parametrize(
    "content",
    [PNG_HEADER + b"garbage" * 100, PNG_HEADER, b"<html>not an image</html>", b""],
    ids=["png-header-then-garbage", "png-header-only", "html", "empty"],
)
def test_a_damaged_image_is_refused_with_a_message(designer_client, collection, content):
    upload = SimpleUploadedFile("bild.png", content, content_type="image/png")
    response = designer_client.post(
        "/design/images/add/",
        {"title": "Bild", "file": upload, "collection": collection},
    )
    assert response.status_code == 200
    assert not get_image_model().objects.filter(title="Bild").exists()


def test_a_real_image_is_still_accepted(designer_client, collection):
    response = designer_client.post(
        "/design/images/add/",
        {
            "title": "Bild",
            "file": SimpleUploadedFile(
                "bild.png", get_test_image_file().file.getvalue(), content_type="image/png"
            ),
            "collection": collection,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert get_image_model().objects.filter(title="Bild").exists()

"""A body over the limit is refused (413) before anything reads it: no 500, nothing stored,
no rate-limit count spent on it (issue 12: a 60 MB upload was read whole first)."""

from django.urls import reverse

from stegvis.messaging.models import Draft, Message
from tests.messaging.conftest import PDF, upload


def _stored(private_media):
    folder = private_media / "attachments"
    return list(folder.iterdir()) if folder.exists() else []


def test_an_upload_over_the_body_limit_is_refused_before_it_is_read(
    world, login, enrollment, settings, private_media
):
    settings.MAX_REQUEST_BODY_BYTES = 4000
    big = PDF + b"%" + b"0" * 8000 + b"\n"
    response = login(world.citizen).post(
        reverse("portal:messages_send", args=[enrollment.pk]),
        {"body": "Här är intyget", "files": [upload("intyg.pdf", big)]},
    )
    assert response.status_code == 413
    assert "at most" in response.content.decode() or "högst" in response.content.decode()
    assert not Message.objects.exists()
    assert not Draft.objects.exists()
    assert _stored(private_media) == []


def test_the_program_import_has_its_own_larger_limit(settings):
    from stegvis.security.body_limit import body_limit

    assert body_limit("/clinic/catalog/import/") > settings.MAX_REQUEST_BODY_BYTES
    assert body_limit("/portal/1/messages/send/") == settings.MAX_REQUEST_BODY_BYTES


def test_form_fields_over_the_memory_limit_answer_400(world, login, enrollment, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = login(world.citizen).post(
        reverse("portal:messages_draft", args=[enrollment.pk]), {"body": "x" * 5000}
    )
    assert response.status_code == 400
    assert not Draft.objects.exists()

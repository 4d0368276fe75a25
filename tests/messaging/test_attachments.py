"""Attachments: PDF, JPEG and PNG recognised from their content, a size limit, clean names,
private storage under a random name, and downloads only through the permission-checked views."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.messaging import attachments
from stegvis.messaging.models import Attachment, Draft
from tests.messaging.conftest import PDF, jpeg_bytes, png_bytes, upload
from tests.messaging.helpers import citizen_says, team_says


def _stored_files(private_media):
    folder = private_media / "attachments"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("plan.pdf", PDF, "application/pdf"),
        ("bild.PNG", png_bytes(), "image/png"),
        ("foto.jpg", jpeg_bytes(), "image/jpeg"),
        ("foto.jpeg", jpeg_bytes(), "image/jpeg"),
    ],
)
def test_pdf_jpeg_and_png_are_stored_privately_under_a_random_name(
    world, enrollment, private_media, name, content, content_type
):
    message = team_says(world.practitioner, enrollment, files=[upload(name, content, "text/html")])
    attachment = message.attachments.get()
    # The type comes from the content, not from what the browser claimed.
    assert attachment.content_type == content_type
    assert attachment.original_name == name
    assert name not in attachment.storage_name
    stored = (private_media / "attachments" / attachment.storage_name).read_bytes()
    # Images are stored re-encoded (without metadata): size and checksum are of what is stored.
    assert attachment.size == len(stored)
    assert attachment.sha256 == hashlib.sha256(stored).hexdigest()
    if content_type == "application/pdf":
        assert stored == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # An HTML page renamed to look like an image.
        ("bild.png", b"<html><script>alert(1)</script></html>"),
        # Something else with a .pdf name.
        ("intyg.pdf", b"MZ\x90\x00 not a pdf at all"),
        # An SVG (scriptable) is not among the accepted types.
        ("bild.png", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        # A PNG header with garbage behind it.
        ("bild.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 10),
        # A real PNG that calls itself a PDF.
        ("intyg.pdf", png_bytes()),
        # Empty.
        ("tom.pdf", b""),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(
    world, enrollment, private_media, name, content
):
    with pytest.raises(ValidationError):
        team_says(world.practitioner, enrollment, files=[upload(name, content)])
    assert not enrollment.messages.exists()
    assert _stored_files(private_media) == []


def test_a_file_over_the_size_limit_is_refused(world, enrollment, settings, private_media):
    settings.MESSAGE_ATTACHMENT_MAX_BYTES = 1000
    big = PDF + b"0" * 1000
    with pytest.raises(ValidationError) as refused:
        citizen_says(world.citizen, enrollment, files=[upload("stor.pdf", big)])
    assert refused.value.error_list[0].code == "too_large"
    assert not enrollment.messages.exists()
    assert _stored_files(private_media) == []


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../x.pdf", "x.pdf"),
        ("..\\..\\windows\\x.pdf", "x.pdf"),
        ("/etc/passwd.pdf", "passwd.pdf"),
        ("a\x00b\nc.pdf", "abc.pdf"),
        ("..", "bilaga"),
        ("<script>.pdf", "_script_.pdf"),
        ("Läkarintyg (kopia).pdf", "Läkarintyg (kopia).pdf"),
    ],
)
def test_names_lose_any_path_and_odd_characters(raw, clean):
    assert attachments.safe_name(raw) == clean


def test_a_path_in_the_name_does_not_decide_where_the_file_goes(
    world, enrollment, private_media, tmp_path
):
    message = team_says(world.practitioner, enrollment, files=[upload("../../x.pdf", PDF)])
    attachment = message.attachments.get()
    assert attachment.original_name == "x.pdf"
    assert _stored_files(private_media) == [attachment.storage_name]
    assert not (tmp_path / "x.pdf").exists()
    assert not (private_media / "x.pdf").exists()


def test_at_most_five_files_per_message(world, enrollment):
    files = [upload(f"{n}.pdf", PDF) for n in range(6)]
    with pytest.raises(ValidationError):
        team_says(world.practitioner, enrollment, files=files)


def test_a_refused_file_keeps_the_text_on_the_page_and_as_a_draft(world, login, enrollment):
    client = login(world.citizen)
    response = client.post(
        reverse("portal:messages_send", args=[enrollment.pk]),
        {"body": "Här är mitt intyg", "files": [upload("intyg.pdf", b"<html></html>")]},
    )
    assert response.status_code == 400
    assert "Här är mitt intyg" in response.content.decode()
    assert "intyg.pdf" in response.content.decode()
    assert Draft.objects.get(author=world.citizen, enrollment=enrollment).body == (
        "Här är mitt intyg"
    )
    assert not enrollment.messages.exists()


def test_files_uploaded_through_the_form_arrive(world, login, enrollment):
    client = login(world.practitioner)
    response = client.post(
        reverse("clinic:messages_send", args=[enrollment.pk]),
        {"body": "Två filer", "files": [upload("a.pdf", PDF), upload("b.png", png_bytes())]},
    )
    assert response.status_code == 302
    message = enrollment.messages.get()
    assert sorted(a.original_name for a in message.attachments.all()) == ["a.pdf", "b.png"]


@pytest.mark.parametrize("side", ["citizen", "practitioner"])
def test_a_download_is_an_attachment_with_its_checked_type_and_is_logged(
    world, login, enrollment, side
):
    message = team_says(world.practitioner, enrollment, files=[upload("plan.pdf", PDF)])
    attachment = message.attachments.get()
    user = getattr(world, side)
    url = (
        reverse("portal:message_attachment", args=[attachment.pk])
        if side == "citizen"
        else reverse("clinic:message_attachment", args=[attachment.pk])
    )
    response = login(user).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="plan.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    event = AccessEvent.objects.filter(action="messages.attachment.download").get()
    assert event.actor == user
    assert event.kind == AccessEvent.Kind.READ
    assert event.target_type == "messaging.attachment"
    assert event.target_id == str(attachment.pk)
    assert event.citizen == world.citizen


def test_attachments_are_not_under_the_public_media_root(settings):
    assert not str(attachments.directory()).startswith(str(settings.MEDIA_ROOT))
    assert not str(attachments.directory()).startswith(str(settings.STATIC_ROOT))


def test_a_missing_file_is_not_found(world, login, enrollment, private_media):
    message = team_says(world.practitioner, enrollment, files=[upload("plan.pdf", PDF)])
    attachment = message.attachments.get()
    (private_media / "attachments" / attachment.storage_name).unlink()
    response = login(world.citizen).get(reverse("portal:message_attachment", args=[attachment.pk]))
    assert response.status_code == 404
    assert Attachment.objects.filter(pk=attachment.pk).exists()

"""Attachments carry no metadata and no active content: images lose EXIF (GPS, Artist) and
text chunks, and a PDF must parse and hold no JavaScript or embedded files (issue 12)."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, PngImagePlugin
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from stegvis.messaging import attachment_content
from tests.messaging.conftest import PDF, upload
from tests.messaging.helpers import citizen_says

ARTIST = "Anna Andersson 19121212-1212"
ARTIST_TAG, ORIENTATION_TAG, GPS_TAG = 0x013B, 0x0112, 0x8825


def _exif(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[ARTIST_TAG] = ARTIST
    exif[ORIENTATION_TAG] = orientation
    exif.get_ifd(GPS_TAG).update({1: "N", 2: (59.0, 19.0, 48.0), 3: "E", 4: (18.0, 4.0, 7.0)})
    return exif.tobytes()


def _photo(fmt: str, *, orientation: int = 1) -> bytes:
    out = io.BytesIO()
    options = {"exif": _exif(orientation)}
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", ARTIST)
        options["pnginfo"] = info
    Image.new("RGB", (40, 20), "white").save(out, fmt, **options)
    return out.getvalue()


def _stored(private_media, message) -> bytes:
    attachment = message.attachments.get()
    return (private_media / "attachments" / attachment.storage_name).read_bytes()


@pytest.mark.parametrize(("name", "fmt"), [("foto.jpg", "JPEG"), ("skärm.png", "PNG")])
def test_an_image_is_stored_without_exif_gps_artist_or_text(
    world, enrollment, private_media, name, fmt
):
    original = _photo(fmt)
    assert ARTIST.encode() in original  # the photo really carries the metadata
    message = citizen_says(world.citizen, enrollment, files=[upload(name, original)])
    stored = _stored(private_media, message)
    assert ARTIST.encode() not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == fmt
        assert not image.getexif()
        assert "Author" not in image.info
        assert image.size == (40, 20)


def test_an_image_is_turned_upright_before_its_orientation_tag_goes(
    world, enrollment, private_media
):
    # Orientation 6: the camera was turned; a viewer must rotate the picture 90 degrees.
    message = citizen_says(
        world.citizen, enrollment, files=[upload("foto.jpg", _photo("JPEG", orientation=6))]
    )
    with Image.open(io.BytesIO(_stored(private_media, message))) as image:
        assert image.size == (20, 40)
        assert ORIENTATION_TAG not in image.getexif()


def test_webp_loses_its_metadata_too():
    cleaned = attachment_content.clean_image(io.BytesIO(_photo("WEBP")), "image/webp")
    assert cleaned is not None
    assert ARTIST.encode() not in cleaned


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(monkeypatch):
    monkeypatch.setattr(attachment_content, "MAX_PIXELS", 40 * 20 - 1)
    assert attachment_content.clean_image(io.BytesIO(_photo("PNG")), "image/png") is None


def _pdf(*, javascript: bool = False, embedded: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    if javascript:
        writer.add_open_action(JavaScript("app.alert('hej');"))
    if embedded:
        writer.add_attachment("journal.txt", b"19121212-1212")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (_pdf(javascript=True), "active_pdf"),
        (_pdf(embedded=True), "active_pdf"),
        # Starts like a PDF, but nothing after the header parses.
        (b"%PDF-1.7\n" + b"\x00garbage" * 50, "broken_pdf"),
        # A real PDF cut in half.
        (PDF[: len(PDF) // 2], "broken_pdf"),
    ],
)
def test_a_pdf_that_does_not_parse_or_carries_scripts_or_files_is_refused(
    world, enrollment, private_media, content, code
):
    with pytest.raises(ValidationError) as refused:
        citizen_says(world.citizen, enrollment, files=[upload("intyg.pdf", content)])
    assert refused.value.error_list[0].code == code
    assert not enrollment.messages.exists()
    assert not (private_media / "attachments").exists() or not any(
        (private_media / "attachments").iterdir()
    )


def test_an_open_action_with_javascript_is_found_where_it_hides():
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = io.BytesIO()
    writer.write(out)
    assert attachment_content.pdf_problem(io.BytesIO(out.getvalue())) == "active"


def test_a_plain_pdf_is_accepted_unchanged(world, enrollment, private_media):
    content = _pdf()
    message = citizen_says(world.citizen, enrollment, files=[upload("intyg.pdf", content)])
    assert _stored(private_media, message) == content

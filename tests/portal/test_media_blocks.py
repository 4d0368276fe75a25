"""Images, film and sound come from the release through a permission-checked view."""

import hashlib

import pytest
from django.urls import reverse

from tests.factories import ReleaseFactory
from tests.portal.documents import care_document
from tests.portal.fixtures import make_enrollment

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 16
MP3 = b"ID3" + b"1" * 20
VTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\nHej\n"


def meta(content_type: str, content: bytes) -> dict:
    return {
        "content_type": content_type,
        "sha256": hashlib.sha256(content).hexdigest(),
        "size": len(content),
    }


@pytest.fixture
def media_enrollment(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = care_document(key="media")
    document["media"] = {
        "pic.png": meta("image/png", PNG),
        "talk.mp3": meta("audio/mpeg", MP3),
        "film.mp4": meta("video/mp4", PNG),
        "film.vtt": meta("text/vtt", VTT),
    }
    document["modules"][0]["sections"][0]["steps"][0]["blocks"] += [
        {"type": "image", "media": "pic.png", "alt": "En skog i dimma", "caption": "Skogen"},
        {"type": "audio", "media": "talk.mp3", "title": "Avslappning", "transcript": "Andas."},
        {
            "type": "video",
            "media": "film.mp4",
            "title": "Film",
            "transcript": "Text.",
            "captions": "film.vtt",
        },
    ]
    release = ReleaseFactory(
        owner=world.provider,
        document=document,
        media={"pic.png": PNG, "talk.mp3": MP3, "film.mp4": PNG, "film.vtt": VTT},
        active_at=world.unit,
    )
    return make_enrollment(world.citizen, world.unit, release)


def test_media_blocks_render_with_alt_text_transcripts_and_captions(world, media_enrollment, login):
    pk = media_enrollment.pk
    content = login(world.citizen).get(reverse("portal:step", args=[pk, "intro"])).content
    content = content.decode()

    assert f'src="{reverse("portal:media", args=[pk, "pic.png"])}" alt="En skog i dimma"' in content
    assert "<audio controls" in content and "<video controls" in content
    assert reverse("portal:media", args=[pk, "film.vtt"]) in content
    assert content.count("<details>") == 3  # the placeholder film and the two with media


def test_the_media_view_serves_the_release_file(world, media_enrollment, login):
    response = login(world.citizen).get(
        reverse("portal:media", args=[media_enrollment.pk, "talk.mp3"])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "audio/mpeg"
    assert b"".join(response.streaming_content) == MP3


def test_the_media_file_is_health_content_no_cache_may_keep(world, media_enrollment, login):
    response = login(world.citizen).get(
        reverse("portal:media", args=[media_enrollment.pk, "talk.mp3"])
    )

    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_name_not_in_the_release_is_not_found(world, media_enrollment, login):
    response = login(world.citizen).get(
        reverse("portal:media", args=[media_enrollment.pk, "other.png"])
    )

    assert response.status_code == 404

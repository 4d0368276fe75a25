"""Messaging fixtures: an enrollment at world.unit, relatives with and without message rights,
files of every kind, and attachments stored under a temporary PRIVATE_MEDIA_ROOT."""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter

from tests.care_documents import care_document
from tests.factories import RelativeGrantFactory, ReleaseFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def notified(monkeypatch):
    """Calls to notify() from messaging, as (recipient, kind, key) tuples."""
    calls = []

    def fake_notify(recipient, kind, *, key, subject=None):
        calls.append((recipient, kind, key))

    monkeypatch.setattr("stegvis.messaging.services.notify", fake_notify)
    return calls


@pytest.fixture
def enrollment(world, start):
    return start()


def grant(enrollment, *, may_message=True, relation="relative", ended=False, by=None):
    return RelativeGrantFactory(
        enrollment=enrollment,
        relation=relation,
        may_message=may_message,
        invited_by=by or enrollment.practitioner,
        ended_at=timezone.now() if ended else None,
    ).relative


@pytest.fixture
def relatives(enrollment):
    """Relatives of the enrollment: one who may message, one who may not, one whose grant ended."""
    return {
        "relative": grant(enrollment),
        "relative_without_messages": grant(enrollment, may_message=False),
        "ended_relative": grant(enrollment, ended=True),
    }


@pytest.fixture
def reply_only_release(world):
    """A release whose program does not let citizens start a conversation."""
    document = care_document(key="reply-only")
    document["program"]["citizen_may_write"] = False
    return ReleaseFactory(owner=world.provider, document=document, active_at=world.unit)


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "JPEG")
    return out.getvalue()


def blank_pdf() -> bytes:
    """A one-page PDF that parses: attachments are opened with pypdf, not just sniffed."""
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = blank_pdf()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)

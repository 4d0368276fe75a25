"""Initiative fixtures: one submitted initiative from world.unit, files under a temporary root."""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from stegvis.initiatives import services

FIELDS = {
    "title": "Sömnhjälpen för äldre",
    "need": "Många äldre väntar länge på KBT för sömnbesvär.",
    "target_group": "Vuxna över 65 år med insomni.",
    "expected_volume": "Cirka 120 patienter per år",
    "evidence": "Socialstyrelsens riktlinjer för KBT-I.",
    "origin": "Region Östergötland",
    "cost": "Licens 40 000 kr per år och utbildning av två behandlare.",
    "contact": "Åsa Öberg, enhetschef, 010-123 45 67",
}


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(name: str, content: bytes):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def submit(world, *, actor=None, unit=None, files=(), **changes):
    return services.submit_initiative(
        actor=actor or world.practitioner,
        unit=unit or world.unit,
        units_concerned=[world.unit, world.other_unit],
        files=list(files),
        **{**FIELDS, **changes},
    )


@pytest.fixture
def initiative(world):
    return submit(world, files=[upload("underlag.pdf", blank_pdf())])

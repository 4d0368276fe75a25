"""`relative_world`: the test world plus relatives and guardians of enrollments.

Personas (on top of `world`): `relative` follows `enrollment` (world.citizen's) with messages
and module m1; `other_relative` follows `other_enrollment` (world.other_citizen's); `ended_relative`
had access to `enrollment` until it was removed. The release's first step has an image, a
sound file and a film with captions, so the media view can be tried.
"""

import hashlib
from dataclasses import dataclass

import pytest
from django.utils import timezone

from stegvis.care.models import Enrollment
from stegvis.organisation.models import User
from stegvis.relatives.models import RelativeGrant
from tests.conftest import World
from tests.factories import CitizenFactory, RelativeGrantFactory, ReleaseFactory
from tests.portal.documents import care_document
from tests.portal.fixtures import make_enrollment

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 16
MP3 = b"ID3" + b"1" * 20
VTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\nHej\n"
FILES = {"pic.png": PNG, "talk.mp3": MP3, "film.mp4": PNG, "film.vtt": VTT, "late.png": PNG}
TYPES = {
    "pic.png": "image/png",
    "talk.mp3": "audio/mpeg",
    "film.mp4": "video/mp4",
    "film.vtt": "text/vtt",
    "late.png": "image/png",
}
# A valid test personnummer nobody in the world has (Skatteverket's test series).
NEW_PERSON = "19121212-1212"


def release_with_media(provider, unit):
    document = care_document(key="relatives")
    document["media"] = {
        name: {
            "content_type": TYPES[name],
            "sha256": hashlib.sha256(content).hexdigest(),
            "size": len(content),
        }
        for name, content in FILES.items()
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
    # An image in a module relatives are not granted in the fixture (m3).
    document["modules"][2]["sections"][0]["steps"][0]["blocks"].append(
        {"type": "image", "media": "late.png", "alt": "Senare"}
    )
    return ReleaseFactory(owner=provider, document=document, media=FILES, active_at=unit)


@dataclass
class RelativeWorld:
    world: World
    enrollment: Enrollment
    other_enrollment: Enrollment
    relative: User
    other_relative: User
    ended_relative: User
    grant: RelativeGrant
    other_grant: RelativeGrant
    ended_grant: RelativeGrant

    def persona(self, name: str) -> User | None:
        if name in ("relative", "other_relative", "ended_relative"):
            return getattr(self, name)
        return self.world.persona(name)


RELATIVE_PERSONAS = ["relative", "other_relative", "ended_relative"]


@pytest.fixture
def relative_world(world, settings, tmp_path) -> RelativeWorld:
    settings.MEDIA_ROOT = tmp_path
    release = release_with_media(world.provider, world.unit)
    enrollment = make_enrollment(
        world.citizen, world.unit, release, practitioner=world.practitioner
    )
    other_enrollment = make_enrollment(
        world.other_citizen, world.unit, release, practitioner=world.practitioner
    )
    relative = CitizenFactory(first_name="Anna", last_name="Anhörig")
    other_relative = CitizenFactory(first_name="Otto", last_name="Annan")
    ended_relative = CitizenFactory(first_name="Erik", last_name="Tidigare")
    # Each invited by the enrollment's practitioner, with messages, following module m1.
    grant = RelativeGrantFactory(
        enrollment=enrollment, relative=relative, relation="guardian", module_keys=["m1"]
    )
    other_grant = RelativeGrantFactory(
        enrollment=other_enrollment, relative=other_relative, module_keys=["m1"]
    )
    ended_grant = RelativeGrantFactory(
        enrollment=enrollment,
        relative=ended_relative,
        module_keys=["m1"],
        ended_at=timezone.now(),
        ended_by=world.practitioner,
    )
    return RelativeWorld(
        world=world,
        enrollment=enrollment,
        other_enrollment=other_enrollment,
        relative=relative,
        other_relative=other_relative,
        ended_relative=ended_relative,
        grant=grant,
        other_grant=other_grant,
        ended_grant=ended_grant,
    )

"""Releases are immutable, versioned, and activated on units by provider admins."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from stegvis.catalog import services
from stegvis.catalog.models import ProgramRelease
from tests.documents import minimal_document
from tests.factories import make_provider_admin


def test_a_release_freezes_the_document_with_its_hash(world, document):
    release = services.create_release(actor=None, owner=world.provider, document=document)
    assert release.version == "1.0"
    assert len(release.content_hash) == 64
    assert list(release.available_to.all()) == [world.provider]


def test_a_release_cannot_be_edited(world, document):
    release = services.create_release(actor=None, owner=world.provider, document=document)
    release.name = "Changed"
    with pytest.raises(ValueError):
        release.save()
    assert ProgramRelease.objects.get().name == "Testprogram"


def test_a_new_release_must_have_a_newer_version(world):
    services.create_release(actor=None, owner=world.provider, document=minimal_document())
    with pytest.raises(ValidationError) as excinfo:
        services.create_release(actor=None, owner=world.provider, document=minimal_document())
    assert excinfo.value.code == "version_not_newer"
    services.create_release(actor=None, owner=world.provider, document=minimal_document(minor=1))
    assert ProgramRelease.objects.count() == 2


def test_media_must_match_the_document(world, document):
    content = b"\x89PNG fake image"
    document["media"] = {
        "bild.png": {
            "content_type": "image/png",
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
        }
    }
    with pytest.raises(ValidationError):
        services.create_release(actor=None, owner=world.provider, document=document, media={})
    with pytest.raises(ValidationError):
        services.create_release(
            actor=None, owner=world.provider, document=document, media={"bild.png": b"other bytes"}
        )
    release = services.create_release(
        actor=None, owner=world.provider, document=document, media={"bild.png": content}
    )
    assert release.media.get().size == len(content)


def test_provider_admin_activates_and_deactivates_on_a_unit(world, document):
    release = services.create_release(actor=None, owner=world.provider, document=document)
    services.activate_release(actor=world.provider_admin, release=release, unit=world.unit)
    assert list(services.active_releases(world.unit)) == [release]
    services.deactivate_release(actor=world.provider_admin, release=release, unit=world.unit)
    assert list(services.active_releases(world.unit)) == []


def test_others_cannot_activate(world, document):
    release = services.create_release(actor=None, owner=world.provider, document=document)
    for actor in (world.access_admin, world.practitioner, world.foreign_staff, world.designer):
        with pytest.raises(PermissionDenied):
            services.activate_release(actor=actor, release=release, unit=world.unit)


def test_a_release_not_released_to_the_provider_cannot_be_activated(world, document):

    release = services.create_release(actor=None, owner=world.provider, document=document)
    admin = world.foreign_staff
    make_provider_admin(admin, world.other_provider)
    with pytest.raises(ValidationError):
        services.activate_release(actor=admin, release=release, unit=world.foreign_unit)

"""ADR 0003 holds on every path to a release: a program file cannot publish a "1.1" that breaks
what running enrollments on 1.0 have done, while a 1.1 that changes only texts is imported."""

import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError

from stegvis.catalog import files, services
from stegvis.catalog.document import content_hash, validate_document
from stegvis.catalog.models import ProgramRelease
from tests.documents import minimal_document


def _program_file(document: dict) -> bytes:
    """A program file of `document` as another provider ("annan") would export it."""
    data = validate_document(document).to_json()
    manifest = {
        "format": files.FORMAT,
        "document": data,
        "content_hash": content_hash(data),
        "provenance": {
            "owner_code": "annan",
            "program_key": data["program"]["key"],
            "version": f"{data['version']['major']}.{data['version']['minor']}",
        },
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(files.MANIFEST, json.dumps(manifest))
    return buffer.getvalue()


def _import(world, document: dict) -> ProgramRelease:
    return files.import_release_file(
        actor=world.provider_admin, data=_program_file(document), provider=world.provider
    )


@pytest.fixture
def first(world) -> ProgramRelease:
    return _import(world, minimal_document(minor=0))


def test_an_imported_minor_release_that_removes_a_questionnaire_is_refused(world, first):
    broken = minimal_document(minor=1)
    broken["modules"][0]["sections"][0]["steps"][0]["blocks"].pop()

    with pytest.raises(ValidationError) as excinfo:
        _import(world, broken)

    assert excinfo.value.code == "needs_major"
    assert list(ProgramRelease.objects.values_list("minor", flat=True)) == [0]


def test_an_imported_minor_release_that_changes_the_rules_is_refused(world, first):
    broken = minimal_document(minor=1)
    broken["schedules"][0]["days"] = 14

    with pytest.raises(ValidationError) as excinfo:
        _import(world, broken)

    assert excinfo.value.code == "needs_major"


def test_an_imported_minor_release_that_changes_only_texts_is_imported(world, first):
    reworded = minimal_document(minor=1)
    reworded["modules"][0]["sections"][0]["steps"][0]["blocks"][0]["html"] = "<p>Hej igen</p>"

    assert _import(world, reworded).version == "1.1"


def test_the_same_change_as_a_major_release_is_imported(world, first):
    changed = minimal_document(major=2, minor=0)
    changed["modules"][0]["sections"][0]["steps"][0]["blocks"].pop()

    assert _import(world, changed).version == "2.0"


def test_create_release_itself_refuses_a_breaking_minor_release(world):
    services.create_release(actor=None, owner=world.provider, document=minimal_document())
    broken = minimal_document(minor=1)
    broken["flags"] = []

    with pytest.raises(ValidationError) as excinfo:
        services.create_release(actor=None, owner=world.provider, document=broken)

    assert excinfo.value.code == "needs_major"

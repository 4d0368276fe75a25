"""A release exports to one file and imports elsewhere identically; bad or hostile files are refused
with a clear message and nothing half-imported."""

import hashlib
import io
import json
import stat
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from stegvis.catalog import files
from stegvis.catalog.document import content_hash, validate_document
from stegvis.catalog.models import ProgramRelease, ReleaseImport, ReleaseMedia
from tests.documents import minimal_document
from tests.factories import ReleaseFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHej\n"


def _with_media(document: dict, media: dict[str, tuple[str, bytes]]) -> dict:
    document["media"] = {
        name: {
            "content_type": ctype,
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
        }
        for name, (ctype, content) in media.items()
    }
    return document


@pytest.fixture
def release_with_media(world):
    document = _with_media(
        minimal_document(), {"bild.png": ("image/png", PNG), "text.vtt": ("text/vtt", VTT)}
    )
    step = document["modules"][0]["sections"][0]["steps"][0]
    step["blocks"].append({"type": "image", "media": "bild.png", "alt": "En bild"})
    step["blocks"].append(
        {"type": "video", "title": "Film", "transcript": "Text", "captions": "text.vtt"}
    )
    return ReleaseFactory(
        owner=world.provider, document=document, media={"bild.png": PNG, "text.vtt": VTT}
    )


def _manifest(document: dict | None = None, **overrides) -> dict:
    document = validate_document(document or minimal_document()).to_json()
    manifest = {
        "format": files.FORMAT,
        "document": document,
        "content_hash": content_hash(document),
        "provenance": {"owner_code": "annan", "program_key": "testprogram", "version": "1.0"},
    }
    manifest.update(overrides)
    return manifest


def _zip(entries: dict[str, bytes | str], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _refused(world, data: bytes, code: str) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        files.import_release_file(actor=world.provider_admin, data=data, provider=world.provider)
    assert excinfo.value.code == code, excinfo.value.messages
    assert excinfo.value.messages[0]  # a message for people, not only a code
    assert not ProgramRelease.objects.filter(imported_from__gt="").exists()
    assert not ReleaseImport.objects.exists()
    return excinfo.value


# --- the round trip ------------------------------------------------------------------------------


def test_export_then_import_gives_an_identical_release(world, release_with_media):
    data = files.export_release(release_with_media)
    imported = files.import_release_file(actor=None, data=data, provider=world.other_provider)
    assert imported.document == release_with_media.document
    assert imported.content_hash == release_with_media.content_hash
    assert (imported.program_key, imported.version, imported.name) == (
        release_with_media.program_key,
        release_with_media.version,
        release_with_media.name,
    )
    assert imported.owner == world.other_provider
    assert imported.developed_by == release_with_media.developed_by
    media = {m.name: m.file.open("rb").read() for m in imported.media.all()}
    assert media == {"bild.png": PNG, "text.vtt": VTT}


def test_an_import_keeps_the_provenance(world, release_with_media):
    imported = files.import_release_file(
        actor=None, data=files.export_release(release_with_media), provider=world.other_provider
    )
    assert (
        imported.imported_from == f"test/testprogram@1.0 sha256:{release_with_media.content_hash}"
    )
    assert imported.imported_at is not None
    record = imported.import_record
    assert record.source_owner_code == "test"
    assert record.source_owner_name == "Region Test"
    assert record.source_content_hash == release_with_media.content_hash
    assert record.source_released_at == release_with_media.released_at
    assert record.agreement_needed


def test_a_file_of_the_providers_own_program_needs_no_agreement(world):
    data = _zip({files.MANIFEST: json.dumps(_manifest(provenance={"owner_code": "test"}))})
    imported = files.import_release_file(
        actor=world.provider_admin, data=data, provider=world.provider
    )
    assert not imported.import_record.agreement_needed


def test_importing_is_recorded_in_the_access_log(world):
    from stegvis.audit.models import AccessEvent

    data = _zip({files.MANIFEST: json.dumps(_manifest())})
    files.import_release_file(actor=world.provider_admin, data=data, provider=world.provider)
    assert AccessEvent.objects.filter(action="release.import", actor=world.provider_admin).exists()


def test_importing_the_same_file_twice_is_refused(world, release_with_media):
    data = files.export_release(release_with_media)
    files.import_release_file(actor=None, data=data, provider=world.other_provider)
    with pytest.raises(ValidationError) as excinfo:
        files.import_release_file(actor=None, data=data, provider=world.other_provider)
    assert excinfo.value.code == "version_not_newer"
    assert ProgramRelease.objects.filter(owner=world.other_provider).count() == 1


def test_a_file_object_can_be_imported(world, release_with_media):
    handle = io.BytesIO(files.export_release(release_with_media))
    imported = files.import_release_file(actor=None, data=handle, provider=world.other_provider)
    assert imported.content_hash == release_with_media.content_hash


def test_only_provider_admins_of_the_provider_import(world, release_with_media):
    data = files.export_release(release_with_media)
    for actor in (world.practitioner, world.access_admin, world.designer, world.foreign_staff):
        with pytest.raises(PermissionDenied):
            files.import_release_file(actor=actor, data=data, provider=world.provider)


# --- bad and hostile files -----------------------------------------------------------------------


def test_a_file_that_is_not_a_zip_is_refused(world):
    _refused(world, b"{not a zip at all", "not_zip")


def test_an_empty_file_is_refused(world):
    _refused(world, b"", "not_zip")


def test_broken_json_is_refused(world):
    _refused(world, _zip({files.MANIFEST: b'{"format": "stegvis-release-file/1", '}), "bad_json")


def test_json_that_is_not_utf8_is_refused(world):
    _refused(world, _zip({files.MANIFEST: b"\xff\xfe\x00{"}), "bad_json")


def test_deeply_nested_json_is_refused(world):
    _refused(world, _zip({files.MANIFEST: "[" * 100_000 + "]" * 100_000}), "bad_json")


def test_a_wrong_file_format_version_is_refused(world):
    manifest = _manifest(format="stegvis-release-file/99")
    _refused(world, _zip({files.MANIFEST: json.dumps(manifest)}), "bad_format")


def test_a_wrong_schema_version_is_refused(world):
    manifest = _manifest()
    manifest["document"]["schema"] = "stegvis-program/2"
    error = _refused(world, _zip({files.MANIFEST: json.dumps(manifest)}), "invalid_document")
    assert "stegvis-program/2" in error.messages[0]


def test_an_invalid_document_is_refused_naming_the_problem(world):
    manifest = _manifest()
    manifest["document"]["modules"] = []
    error = _refused(world, _zip({files.MANIFEST: json.dumps(manifest)}), "invalid_document")
    assert "modules" in error.messages[0]


def test_a_missing_manifest_is_refused(world):
    _refused(world, _zip({"media/bild.png": PNG}), "no_manifest")


def test_a_manifest_without_provenance_is_refused(world):
    manifest = _manifest()
    del manifest["provenance"]
    _refused(world, _zip({files.MANIFEST: json.dumps(manifest)}), "no_provenance")


def test_a_changed_document_fails_the_content_hash(world):
    manifest = _manifest()
    manifest["document"]["program"]["name"] = "Ändrat namn"
    _refused(world, _zip({files.MANIFEST: json.dumps(manifest)}), "hash_mismatch")


@pytest.mark.parametrize(
    "name",
    [
        "../stegvis-release.json",
        "media/../../etc/passwd",
        "/etc/passwd",
        "media\\bild.png",
        "media/sub/bild.png",
        "media/.hidden",
        "media/..",
        "other.txt",
        "MEDIA/bild.png",
        "media/bild.png\n",
        "stegvis-release.json/",
        "media/" + "x" * 5000,
    ],
)
def test_entries_with_unsafe_names_are_refused(world, name):
    data = _zip({files.MANIFEST: json.dumps(_manifest()), name: PNG})
    _refused(world, data, "bad_entry_name")


def test_a_symlink_entry_is_refused(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(files.MANIFEST, json.dumps(_manifest()))
        link = zipfile.ZipInfo("media/bild.png")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    _refused(world, buffer.getvalue(), "not_a_file")


def test_a_directory_entry_is_refused(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(files.MANIFEST, json.dumps(_manifest()))
        archive.mkdir("media/bilder")
    _refused(world, buffer.getvalue(), "bad_entry_name")


def test_a_duplicate_entry_is_refused(world):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, pytest.warns(UserWarning):
        archive.writestr(files.MANIFEST, json.dumps(_manifest()))
        archive.writestr(files.MANIFEST, json.dumps(_manifest()))
    _refused(world, buffer.getvalue(), "duplicate_entry")


def test_a_zip_bomb_is_refused_before_unpacking(world):
    bomb = b"\x00" * (20 * 1024 * 1024)  # compresses about 1000 to 1
    data = _zip({files.MANIFEST: json.dumps(_manifest()), "media/bomb.png": bomb})
    assert len(data) < 100_000
    _refused(world, data, "zip_bomb")


def test_an_entry_larger_than_the_limit_is_refused(world, monkeypatch):
    monkeypatch.setattr(files, "MAX_ENTRY_BYTES", 1000)
    data = _zip({files.MANIFEST: json.dumps(_manifest()), "media/big.png": PNG + b"x" * 2000})
    _refused(world, data, "entry_too_large")


def test_an_entry_lying_about_its_size_is_refused(world):
    content = PNG + b"y" * 5000
    data = bytearray(_zip({files.MANIFEST: json.dumps(_manifest()), "media/x.png": content}))
    # Patch the uncompressed size declared in the central directory entry down to 10 bytes.
    central = data.find(b"PK\x01\x02", data.find(b"PK\x01\x02") + 4)
    assert data[central + 46 : central + 57] == b"media/x.png"
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    with pytest.raises(ValidationError) as excinfo:
        files.read_program_file(bytes(data))
    assert excinfo.value.code in {"entry_too_large", "damaged"}


def test_an_archive_larger_than_the_limit_is_refused(world, monkeypatch):
    monkeypatch.setattr(files, "MAX_ARCHIVE_BYTES", 100)
    _refused(world, _zip({files.MANIFEST: json.dumps(_manifest())}), "too_large")


def test_archives_unpacking_to_more_than_the_total_limit_are_refused(world, monkeypatch):
    monkeypatch.setattr(files, "MAX_TOTAL_BYTES", 2000)
    data = _zip(
        {
            files.MANIFEST: json.dumps(_manifest()),
            "media/a.png": PNG + b"a" * 900,
            "media/b.png": PNG + b"b" * 900,
            "media/c.png": PNG + b"c" * 900,
        },
        compression=zipfile.ZIP_STORED,
    )
    _refused(world, data, "too_large")


def test_too_many_entries_are_refused(world, monkeypatch):
    monkeypatch.setattr(files, "MAX_ENTRIES", 3)
    entries = {files.MANIFEST: json.dumps(_manifest())}
    entries.update({f"media/{n}.png": PNG for n in range(5)})
    _refused(world, _zip(entries), "too_many_entries")


def test_media_not_listed_in_the_document_are_refused(world):
    data = _zip({files.MANIFEST: json.dumps(_manifest()), "media/extra.png": PNG})
    _refused(world, data, "unlisted_media")


def test_media_listed_but_missing_are_refused(world):
    document = _with_media(minimal_document(), {"bild.png": ("image/png", PNG)})
    data = _zip({files.MANIFEST: json.dumps(_manifest(document))})
    _refused(world, data, "missing_media")


def test_media_with_a_wrong_checksum_are_refused(world):
    document = _with_media(minimal_document(), {"bild.png": ("image/png", PNG)})
    other = PNG[:-1] + b"\x01"
    data = _zip({files.MANIFEST: json.dumps(_manifest(document)), "media/bild.png": other})
    _refused(world, data, "media_checksum")


def test_media_whose_bytes_do_not_match_the_declared_type_are_refused(world):
    script = b"<script>alert(1)</script>"
    document = _with_media(minimal_document(), {"bild.png": ("image/png", script)})
    data = _zip({files.MANIFEST: json.dumps(_manifest(document)), "media/bild.png": script})
    _refused(world, data, "media_type")


def test_media_of_a_type_that_is_not_allowed_are_refused(world):
    manifest = _manifest()
    manifest["document"]["media"] = {
        "page.html": {"content_type": "text/html", "size": 4, "sha256": "0" * 64}
    }
    data = _zip({files.MANIFEST: json.dumps(manifest), "media/page.html": b"<p/>"})
    _refused(world, data, "invalid_document")


@pytest.mark.parametrize(
    ("content_type", "content", "ok"),
    [
        ("image/png", PNG, True),
        ("image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, True),
        ("image/jpeg", PNG, False),
        ("image/webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", True),
        ("video/mp4", b"\x00\x00\x00\x18ftypmp42", True),
        ("audio/mp4", b"\x00\x00\x00\x18ftypM4A ", True),
        ("video/mp4", b"RIFF\x10\x00\x00\x00WEBPVP8 ", False),
        ("audio/mpeg", b"ID3\x04\x00" + b"\x00" * 10, True),
        ("audio/mpeg", b"\xff\xfb\x90\x00", True),
        ("audio/mpeg", b"MZ\x90\x00", False),
        ("text/vtt", VTT, True),
        ("text/vtt", b"\xef\xbb\xbfWEBVTT\n", True),
        ("text/vtt", b"WEBVTTX\n", False),
        ("text/vtt", b"<html>", False),
    ],
)
def test_media_content_is_sniffed(content_type, content, ok):
    assert files.sniff(content, content_type) is ok


def test_a_refused_import_leaves_no_media_rows(world):
    document = _with_media(
        minimal_document(), {"a.png": ("image/png", PNG), "b.png": ("image/png", b"nope")}
    )
    data = _zip(
        {
            files.MANIFEST: json.dumps(_manifest(document)),
            "media/a.png": PNG,
            "media/b.png": b"nope",
        }
    )
    _refused(world, data, "media_type")
    assert not ReleaseMedia.objects.exists()

"""Program files: one release (its document and media) as one zip, and the safe way back in.

A program file is a zip holding exactly:

    stegvis-release.json   {"format": "stegvis-release-file/1", "document": {...},
                            "content_hash": "...", "provenance": {...}}
    media/<name>           one file per entry in document["media"]

Import trusts nothing in the file. It refuses, with a clear message and before anything is
stored, archives that are too big or hold too many entries, entries that compress suspiciously
well (zip bombs), names other than the two forms above (path traversal, absolute paths,
backslashes, nested folders, symlinks, duplicates), encrypted entries, broken JSON, a wrong
format or schema version, a document that fails `validate_document`, media that are not listed,
do not match their size and SHA-256, or whose bytes are not of the declared type, and a content
hash that does not match. The release and its media are created in one transaction.
"""

from __future__ import annotations

import hashlib
import io
import json
import lzma
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from stegvis.audit.recording import record_change
from stegvis.catalog.document import DocumentError, content_hash, validate_document
from stegvis.catalog.models import ProgramRelease, ReleaseImport
from stegvis.catalog.services import create_release
from stegvis.organisation.models import CareProvider, Role, User

FORMAT = "stegvis-release-file/1"
MANIFEST = "stegvis-release.json"
MAX_ARCHIVE_BYTES = 200 * 1024 * 1024  # the zip itself
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # all entries, uncompressed
MAX_ENTRY_BYTES = 100 * 1024 * 1024  # one entry, uncompressed
MAX_MANIFEST_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 500
MAX_RATIO = 100  # uncompressed / compressed, for entries above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
_MEDIA_NAME = re.compile(r"media/[A-Za-z0-9_-][A-Za-z0-9_.-]{0,119}")  # fullmatch


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


# --- export -------------------------------------------------------------------------------------


def provenance_of(release: ProgramRelease) -> dict[str, Any]:
    return {
        "instance": settings.SITE_URL,
        "owner_code": release.owner.code,
        "owner_name": release.owner.name,
        "program_key": release.program_key,
        "version": release.version,
        "released_at": release.released_at.isoformat(),
        "developed_by": release.developed_by,
        "origin": release.imported_from,  # the provenance it was itself imported with, if any
    }


def export_release(release: ProgramRelease) -> bytes:
    """Return `release` as a program file (zip bytes)."""
    manifest = {
        "format": FORMAT,
        "document": release.document,
        "content_hash": release.content_hash,
        "provenance": provenance_of(release),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        for item in release.media.order_by("name"):
            with item.file.open("rb") as handle:
                archive.writestr(f"media/{item.name}", handle.read(), zipfile.ZIP_STORED)
    return buffer.getvalue()


def export_filename(release: ProgramRelease) -> str:
    return f"{release.owner.code}-{release.program_key}-{release.version}.stegvis.zip"


# --- reading a file safely ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramFile:
    """A program file that passed every check; ready to become a release."""

    document: dict[str, Any]
    content_hash: str
    provenance: dict[str, Any]
    media: dict[str, bytes]


def _read_bytes(data: bytes | IO[bytes]) -> bytes:
    if isinstance(data, bytes | bytearray):
        raw = bytes(data)
    else:
        if hasattr(data, "seek"):
            data.seek(0)
        raw = data.read(MAX_ARCHIVE_BYTES + 1)
    if len(raw) > MAX_ARCHIVE_BYTES:
        raise _refuse(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_ARCHIVE_BYTES // 2**20},
            "too_large",
        )
    return raw


def _check_entry(info: zipfile.ZipInfo, seen: set[str]) -> None:
    name = info.filename
    if name != MANIFEST and not _MEDIA_NAME.fullmatch(name):
        raise _refuse(
            _(
                "The file holds an entry that is not allowed: %(name)s. Only %(manifest)s and "
                "media/<name> may be in a program file."
            )
            % {"name": repr(name[:120]), "manifest": MANIFEST},
            "bad_entry_name",
        )
    if name in seen:
        raise _refuse(_("The file holds %(name)s twice.") % {"name": name}, "duplicate_entry")
    seen.add(name)
    file_type = stat.S_IFMT(info.external_attr >> 16)  # 0 when the archiver recorded none
    if info.is_dir() or file_type not in (0, stat.S_IFREG):
        raise _refuse(
            _("The entry %(name)s is not a plain file (a link or a folder).") % {"name": name},
            "not_a_file",
        )
    if info.flag_bits & 0x1:
        raise _refuse(_("The entry %(name)s is encrypted.") % {"name": name}, "encrypted")
    if info.file_size > MAX_ENTRY_BYTES:
        raise _refuse(
            _("The entry %(name)s is larger than %(limit)s MB.")
            % {"name": name, "limit": MAX_ENTRY_BYTES // 2**20},
            "entry_too_large",
        )
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise _refuse(
            _("The entry %(name)s is compressed suspiciously well (a zip bomb?).") % {"name": name},
            "zip_bomb",
        )


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Read at most `limit` bytes, whatever the entry's header claims."""
    chunks, total = [], 0
    with archive.open(info) as handle:
        while chunk := handle.read(64 * 1024):
            total += len(chunk)
            if total > limit or total > info.file_size:
                raise _refuse(
                    _("The entry %(name)s is larger than it claims or than allowed.")
                    % {"name": info.filename},
                    "entry_too_large",
                )
            chunks.append(chunk)
    return b"".join(chunks)


def _parse_manifest(raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        raise _refuse(
            _("%(manifest)s is not valid JSON.") % {"manifest": MANIFEST}, "bad_json"
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise _refuse(
            _("Unsupported program file format %(found)s; this Stegvis reads %(format)s.")
            % {"found": repr(found)[:60], "format": FORMAT},
            "bad_format",
        )
    if not isinstance(manifest.get("document"), dict):
        raise _refuse(_("The program file holds no program document."), "no_document")
    if not isinstance(manifest.get("content_hash"), str):
        raise _refuse(_("The program file has no content hash."), "no_hash")
    provenance = manifest.get("provenance")
    if not isinstance(provenance, dict) or not isinstance(provenance.get("owner_code"), str):
        raise _refuse(_("The program file does not say where it comes from."), "no_provenance")
    for key, value in provenance.items():
        if not isinstance(value, str) or len(value) > 300:
            raise _refuse(
                _("The program file's provenance is malformed (%(key)s).") % {"key": key[:40]},
                "bad_provenance",
            )
    return manifest


def sniff(content: bytes, content_type: str) -> bool:
    """Whether the bytes look like the declared media type (magic numbers)."""
    head = content[:16]
    if content_type == "image/png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if content_type == "image/jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if content_type == "image/webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if content_type in ("video/mp4", "audio/mp4"):
        return head[4:8] == b"ftyp"
    if content_type == "audio/mpeg":
        return head.startswith(b"ID3") or (
            len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
        )
    if content_type == "text/vtt":
        text = content[3:] if content.startswith(b"\xef\xbb\xbf") else content
        return text.startswith(b"WEBVTT") and (len(text) == 6 or text[6:7] in b" \t\r\n")
    return False


# What zipfile and its decompressors raise on damaged or hostile input (found by fuzzing).
_BROKEN = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    OSError,
    ValueError,  # also UnicodeDecodeError of entry names
    NotImplementedError,  # unknown compression method
    RuntimeError,
    OverflowError,
    struct.error,
    zlib.error,
    lzma.LZMAError,
)


def read_program_file(data: bytes | IO[bytes]) -> ProgramFile:
    """Open and check a program file; raise ValidationError (with a code) on any problem."""
    manifest, media = _unpack(_read_bytes(data))
    try:
        parsed = validate_document(manifest["document"])
    except DocumentError as error:
        raise _refuse(
            _("The program in the file is not valid: %(problems)s")
            % {"problems": "; ".join(error.problems[:10])},
            "invalid_document",
        ) from None
    document = parsed.to_json()
    _check_media(media, dict(parsed.media))
    if content_hash(document) != manifest["content_hash"]:
        raise _refuse(
            _("The program's content hash does not match: the file was changed or damaged."),
            "hash_mismatch",
        )
    return ProgramFile(
        document=document,
        content_hash=manifest["content_hash"],
        provenance=manifest["provenance"],
        media=media,
    )


def _unpack(raw: bytes) -> tuple[dict, dict[str, bytes]]:
    """The archive's parsed manifest and its media files by name, within every limit."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except _BROKEN:
        raise _refuse(_("The file is not a program file (not a zip archive)."), "not_zip") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise _refuse(
                _("The file holds more than %(limit)s entries.") % {"limit": MAX_ENTRIES},
                "too_many_entries",
            )
        seen: set[str] = set()
        for info in infos:
            _check_entry(info, seen)
        if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
            raise _refuse(
                _("The file unpacks to more than %(limit)s MB.")
                % {"limit": MAX_TOTAL_BYTES // 2**20},
                "too_large",
            )
        if MANIFEST not in seen:
            raise _refuse(
                _("The file has no %(manifest)s.") % {"manifest": MANIFEST}, "no_manifest"
            )
        try:
            manifest = _parse_manifest(
                _read_entry(archive, archive.getinfo(MANIFEST), MAX_MANIFEST_BYTES)
            )
            media_infos = [info for info in infos if info.filename != MANIFEST]
            media = {
                info.filename.removeprefix("media/"): _read_entry(archive, info, MAX_ENTRY_BYTES)
                for info in media_infos
            }
        except _BROKEN:
            raise _refuse(_("The file is damaged and cannot be read."), "damaged") from None
    return manifest, media


def _check_media(media: dict[str, bytes], declared: dict) -> None:
    """The files are exactly the ones the program lists, each of its size, checksum and type."""
    if unlisted := sorted(set(media) - set(declared)):
        raise _refuse(
            _("The media file %(name)s is not listed in the program.") % {"name": unlisted[0]},
            "unlisted_media",
        )
    if missing := sorted(set(declared) - set(media)):
        raise _refuse(
            _("The media file %(name)s is missing from the file.") % {"name": missing[0]},
            "missing_media",
        )
    for name, content in sorted(media.items()):
        meta = declared[name]
        if len(content) != meta.size or hashlib.sha256(content).hexdigest() != meta.sha256:
            raise _refuse(
                _("The media file %(name)s does not match its size and checksum.") % {"name": name},
                "media_checksum",
            )
        if not sniff(content, meta.content_type):
            raise _refuse(
                _("The media file %(name)s is not of the declared type %(type)s.")
                % {"name": name, "type": meta.content_type},
                "media_type",
            )


# --- import -------------------------------------------------------------------------------------


def provenance_label(program_file: ProgramFile) -> str:
    """`<owner code>/<program key>@<version> sha256:<hash>`, kept on the imported release."""
    doc = program_file.document
    version = f"{doc['version']['major']}.{doc['version']['minor']}"
    source = program_file.provenance["owner_code"][:40]
    return f"{source}/{doc['program']['key']}@{version} sha256:{program_file.content_hash}"


@transaction.atomic
def import_release_file(
    *, actor: User | None, data: bytes | IO[bytes], provider: CareProvider
) -> ProgramRelease:
    """Check a program file and create its release, owned by `provider`, with its provenance.

    `actor` None is the command line (an operator). Nothing is stored unless every check
    passes. A file from another provider marks the release as needing an agreement.
    """
    if actor is not None and not actor.has_perm("catalog.import_release", provider):
        raise PermissionDenied
    program_file = read_program_file(data)
    provenance = program_file.provenance
    release = create_release(
        actor=None,
        owner=provider,
        document=program_file.document,
        media=program_file.media,
        imported_from=provenance_label(program_file),
    )
    released_at = parse_datetime(provenance.get("released_at", "") or "")
    if released_at is not None and timezone.is_naive(released_at):
        released_at = timezone.make_aware(released_at)
    record = ReleaseImport.objects.create(
        release=release,
        source_instance=provenance.get("instance", "")[:300],
        source_owner_code=provenance["owner_code"][:40],
        source_owner_name=provenance.get("owner_name", "")[:200],
        source_released_at=released_at,
        source_content_hash=program_file.content_hash,
        agreement_needed=provenance["owner_code"] != provider.code,
        imported_by=actor,
    )
    # Also from the command line (no actor): the log then shows an import by an operator.
    record_change(
        actor=actor,
        action="release.import",
        provider=provider,
        role=Role.PROVIDER_ADMIN if actor is not None else "",
        target=record,
    )
    return release

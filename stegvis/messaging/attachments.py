"""Checking and storing attachments: PDF, JPEG and PNG only, recognised from their content.

The file's name is only a label: it is cleaned of any path and control characters, and must
agree with the content. Files are stored under PRIVATE_MEDIA_ROOT/attachments with a random
name (never reachable as a static URL) and served only by the permission-checked views.
Images are stored re-encoded without their metadata and PDFs only if they parse and carry no
JavaScript or embedded files (attachment_content.py).
"""

import hashlib
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from stegvis.messaging.attachment_content import clean_image, pdf_problem

MAX_FILES_PER_MESSAGE = 5

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSIONS = {PDF: (".pdf",), JPEG: (".jpg", ".jpeg"), PNG: (".png",)}
_MAGIC = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
_UNSAFE = re.compile(r"[^\w .()+-]", re.UNICODE)


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    name: str
    content_type: str
    size: int
    sha256: str
    content: bytes | None = None  # what is stored instead of the upload (a cleaned image)


def directory() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "attachments"


def safe_name(raw: str) -> str:
    """The last part of `raw` with no path, control or odd characters; never empty."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/")
    name = PurePosixPath(name).name if "/" in name else name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if dot and len(name) > 120:
        name = f"{stem[: 120 - len(ext) - 1]}.{ext}"
    return name[:120] or "bilaga"


def _sniff(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type in _MAGIC:
        if head.startswith(magic):
            return content_type
    return None


def _digest(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def check(upload: UploadedFile) -> CheckedFile:
    """Return the upload checked, or raise ValidationError saying what is wrong with it."""
    name = safe_name(upload.name)
    limit = settings.MESSAGE_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is too large. A file may be at most %(limit)s.")
            % {"name": name, "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    content_type = _sniff(upload)
    if content_type is None:
        raise ValidationError(
            _("%(name)s cannot be attached. Only PDF, JPEG and PNG files can be attached.")
            % {"name": name},
            code="type",
        )
    cleaned = None
    if content_type == PDF:
        _check_pdf(upload, name)
    else:
        cleaned = clean_image(upload, content_type)
        if cleaned is None:
            raise ValidationError(
                _("%(name)s is not a readable image.") % {"name": name}, code="broken_image"
            )
    if not name.lower().endswith(EXTENSIONS[content_type]):
        raise ValidationError(
            _(
                "The content of %(name)s does not match its file name. Check that it is a PDF, "
                "JPEG or PNG file and that its name ends in .pdf, .jpg or .png."
            )
            % {"name": name},
            code="mismatch",
        )
    if cleaned is not None:
        sha256 = hashlib.sha256(cleaned).hexdigest()
        return CheckedFile(upload, name, content_type, len(cleaned), sha256, cleaned)
    return CheckedFile(upload, name, content_type, upload.size, _digest(upload))


def _check_pdf(upload: UploadedFile, name: str) -> None:
    problem = pdf_problem(upload)
    if problem == "broken":
        raise ValidationError(
            _("%(name)s is not a readable PDF.") % {"name": name}, code="broken_pdf"
        )
    if problem == "active":
        raise ValidationError(
            _(
                "%(name)s contains scripts or embedded files and cannot be attached. Save or "
                "print it as a plain PDF and try again."
            )
            % {"name": name},
            code="active_pdf",
        )


def store(checked: CheckedFile) -> str:
    """Write the file under a new random name and return that name."""
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    storage_name = secrets.token_urlsafe(32)
    # O_EXCL: a random name that somehow exists is never overwritten.
    fd = os.open(folder / storage_name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    with os.fdopen(fd, "wb") as out:
        if checked.content is not None:
            out.write(checked.content)
            return storage_name
        checked.upload.seek(0)
        for chunk in checked.upload.chunks():
            out.write(chunk)
    return storage_name


def path_of(storage_name: str) -> Path:
    return directory() / PurePosixPath(storage_name).name


def remove(storage_names: list[str]) -> None:
    """Remove files written for a message that was never saved."""
    for storage_name in storage_names:
        path_of(storage_name).unlink(missing_ok=True)

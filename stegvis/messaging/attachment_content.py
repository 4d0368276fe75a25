"""What an attachment's content may hold: images without metadata, PDFs without active content.

Images are decoded and written again with Pillow, so that nothing but the pixels (turned
upright by their EXIF orientation) and the colour profile survive: no EXIF (GPS position,
camera, "Artist" with a name or personnummer), XMP, IPTC or PNG text chunks. PDFs are parsed
with pypdf; one that does not parse, or that holds JavaScript, launch actions or embedded
files anywhere in its object graph, is refused.
"""

from __future__ import annotations

import io
import logging
from typing import IO, TYPE_CHECKING

from PIL import Image, ImageOps

if TYPE_CHECKING:
    from pypdf import PdfReader

JPEG, PNG, WEBP = "image/jpeg", "image/png", "image/webp"
PILLOW_FORMAT = {JPEG: "JPEG", PNG: "PNG", WEBP: "WEBP"}
# A photo from a phone is about 12-50 megapixels; more is refused before it is decoded.
MAX_PIXELS = 60_000_000
# Names that make a PDF run something or carry other files, as keys or as values.
ACTIVE_NAMES = frozenset(
    {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/Launch", "/RichMedia"}
)
MAX_PDF_OBJECTS = 200_000  # a walk past this is refused rather than run without end


def clean_image(data: IO[bytes], content_type: str) -> bytes | None:
    """Return the image re-encoded without metadata, or None if it is not a whole image."""
    try:
        data.seek(0)
        with Image.open(data) as image:
            if image.format != PILLOW_FORMAT[content_type]:
                return None
            width, height = image.size
            if width * height > MAX_PIXELS:
                return None
            image.load()
            upright = ImageOps.exif_transpose(image)
            icc_profile = image.info.get("icc_profile")
            upright.info = {}  # the only way metadata could ride along into save()
            out = io.BytesIO()
            options = {"icc_profile": icc_profile} if icc_profile else {}
            if content_type == JPEG:
                options["quality"] = 92
            upright.save(out, PILLOW_FORMAT[content_type], **options)
            return out.getvalue()
    except Exception:  # Pillow raises many kinds of errors on broken or hostile files.
        return None
    finally:
        data.seek(0)


def pdf_problem(data: IO[bytes]) -> str | None:
    """Return "broken" or "active" for a PDF to refuse, None for one that may be attached."""
    from pypdf import PdfReader  # slow to import: load it for the first PDF, not at start-up

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # a hostile file must not fill the log with warnings
    try:
        data.seek(0)
        reader = PdfReader(data, strict=False)
        if reader.is_encrypted or len(reader.pages) < 1:
            return "broken"
        return "active" if _has_active_content(reader) else None
    except Exception:  # pypdf raises many kinds of errors on broken or hostile files.
        return "broken"
    finally:
        pypdf_log.setLevel(level)
        data.seek(0)


def _has_active_content(reader: PdfReader) -> bool:
    """Walk every object reachable from the trailer once, looking for ACTIVE_NAMES."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    stack: list[object] = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            return True
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):  # stream objects are dictionaries too
            for key, value in obj.items():
                if key in ACTIVE_NAMES:
                    return True
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
        elif isinstance(obj, NameObject) and obj in ACTIVE_NAMES:
            return True
    return False

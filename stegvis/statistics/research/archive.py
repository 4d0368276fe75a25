"""The export's files, and the ZIP that carries them, streamed in constant memory.

`zipfile` writes to a non-seekable stream (it then puts each member's sizes in a data
descriptor after its data), so the ZIP is written into a small sink that is emptied after
every write: the response sends each piece as soon as it is made, and no file, row set or
archive is ever held whole. Rows come from `.iterator(chunk_size=...)` querysets.
"""

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator

from django.utils import timezone

from stegvis.statistics.models import ResearchExport
from stegvis.statistics.research.fhir import ndjson_lines
from stegvis.statistics.research.pseudonyms import Pseudonymiser
from stegvis.statistics.research.readme import codebook_rows, readme_text
from stegvis.statistics.research.scope import Scope
from stegvis.statistics.research.tables import (
    TABLES,
    ExportSettings,
    enrollment_table,
    item_table,
    response_table,
    responses,
)

# Bytes gathered before they are handed on: large enough for few, efficient writes.
_FLUSH_AT = 64 * 1024


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_text(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """RFC 4180 CSV (comma, CRLF, UTF-8 without BOM), line by line; values unchanged."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow(["" if cell is None else cell for cell in row])


def settings_for(export: ResearchExport, key: str) -> ExportSettings:
    return ExportSettings(
        scope=Scope(
            provider=export.provider,
            program_key=export.program_key,
            date_from=export.period_from,
            date_to=export.period_to,
        ),
        pseudonyms=Pseudonymiser(key),
        as_of=timezone.localdate(export.created_at),
        include_free_text=export.includes_free_text,
    )


def export_files(export: ResearchExport, key: str) -> list[tuple[str, Callable[[], Iterator[str]]]]:
    """The export's files, each as (name, a function giving its text piece by piece)."""
    settings = settings_for(export, key)

    def table(name, rows):
        return lambda: csv_text([c.name for c in TABLES[name]], rows())

    return [
        ("README.txt", lambda: iter([readme_text(export)])),
        ("codebook.csv", lambda: csv_text(*codebook_rows())),
        ("enrollments.csv", table("enrollments.csv", lambda: enrollment_table(settings))),
        (
            "responses.csv",
            table("responses.csv", lambda: response_table(settings, responses(settings))),
        ),
        ("items.csv", table("items.csv", lambda: item_table(settings, responses(settings)))),
        (
            "questionnaire_responses.ndjson",
            lambda: ndjson_lines(settings, responses(settings), export.pk),
        ),
    ]


class _Sink(io.RawIOBase):
    """A write-only, non-seekable stream whose bytes are taken out as they arrive."""

    def __init__(self):
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def zip_chunks(
    files: list[tuple[str, Callable[[], Iterator[str]]]], prefix: str
) -> Iterator[bytes]:
    """A ZIP of `files` (each under `prefix/`), yielded in pieces as it is written."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, pieces in files:
            info = zipfile.ZipInfo(f"{prefix}/{name}", date_time=_zip_time())
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, mode="w", force_zip64=True) as member:
                buffered = 0
                for piece in pieces():
                    data = piece.encode("utf-8")
                    member.write(data)
                    buffered += len(data)
                    if buffered >= _FLUSH_AT:
                        buffered = 0
                        if chunk := sink.take():
                            yield chunk
            if chunk := sink.take():
                yield chunk
    if chunk := sink.take():
        yield chunk


def _zip_time() -> tuple[int, int, int, int, int, int]:
    now = timezone.localtime()
    return (now.year, now.month, now.day, now.hour, now.minute, now.second)


def write_files(export: ResearchExport, key: str, directory) -> list:
    """Write the export's files into `directory` (a pathlib.Path), streaming; return the paths."""
    written = []
    for name, pieces in export_files(export, key):
        path = directory / name
        with path.open("w", encoding="utf-8", newline="") as file:
            for piece in pieces():
                file.write(piece)
        written.append(path)
    return written

"""The files of a `$export`: the responses as NDJSON and the codebook, written streaming.

The research export (stegvis/statistics/research) makes every line: the same scope rules
(no training data), keyed pseudonyms, days since the start in place of dates, no free text.
Rows come from `.iterator(chunk_size=...)`, so memory stays the same however many there are.
"""

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from stegvis.api.models import BulkExport
from stegvis.statistics.research import fhir as research_fhir
from stegvis.statistics.research.archive import csv_text
from stegvis.statistics.research.pseudonyms import Pseudonymiser
from stegvis.statistics.research.readme import codebook_rows
from stegvis.statistics.research.scope import Scope
from stegvis.statistics.research.tables import ExportSettings, responses

NDJSON = "QuestionnaireResponse.ndjson"
CODEBOOK = "codebook.csv"
FILES = {NDJSON: "application/fhir+ndjson", CODEBOOK: "text/csv; charset=utf-8"}
# The research export's name for the same file, in its codebook.
_RESEARCH_NDJSON = "questionnaire_responses.ndjson"
# Every enrollment, whenever it started: `$export` narrows by `_since`, not by period.
_ALL_FROM, _ALL_TO = date(1900, 1, 1), date(9999, 12, 31)
# Progress is saved (and cancellation noticed) after this many responses.
PROGRESS_EVERY = 500


def pseudonym_system(job: BulkExport) -> str:
    """The identifier system of one export's pseudonyms: they mean nothing outside it."""
    return f"urn:stegvis:bulk-export:{job.pk}:citizen"


def scope_of(job: BulkExport) -> Scope:
    return Scope(
        provider=job.client.provider,
        program_key=job.program_key,
        date_from=_ALL_FROM,
        date_to=_ALL_TO,
        unit_ids=frozenset(job.unit_ids),
        completed_since=job.since,
    )


def settings_for(job: BulkExport, key: str) -> ExportSettings:
    return ExportSettings(
        scope=scope_of(job),
        pseudonyms=Pseudonymiser(key),
        as_of=timezone.localdate(),
        include_free_text=False,
    )


def relative_directory(job: BulkExport) -> str:
    """The job's folder under PRIVATE_MEDIA_ROOT: named by its random id, never by content."""
    return f"bulk-exports/{job.public_id}"


def directory_of(job: BulkExport) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / relative_directory(job)


def path_of(job: BulkExport, name: str) -> Path:
    return directory_of(job) / name


def write_ndjson(job: BulkExport, key: str, on_progress: Callable[[int], bool]) -> int:
    """Write the responses, one FHIR QuestionnaireResponse a line; return how many.

    `on_progress(count)` is called every PROGRESS_EVERY lines; it returns False to stop (the
    job was cancelled), and the count so far is returned.
    """
    system, written = pseudonym_system(job), 0
    with path_of(job, NDJSON).open("w", encoding="utf-8", newline="\n") as file:
        for response in responses(settings_for(job, key)):
            data = research_fhir.resource(response, job.pk, system=system)
            if data is None:
                continue
            file.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
            written += 1
            if written % PROGRESS_EVERY == 0 and not on_progress(written):
                break
    return written


def write_codebook(job: BulkExport) -> None:
    """The research codebook's rows for the NDJSON, under this export's file name."""
    header, rows = codebook_rows()
    ours = [[NDJSON, *row[1:]] for row in rows if row[0] == _RESEARCH_NDJSON]
    ours.append(
        [
            NDJSON,
            "subject.identifier.system",
            "uri",
            "The pseudonyms' system: this export only; they mean nothing in another export.",
            pseudonym_system(job),
        ]
    )
    with path_of(job, CODEBOOK).open("w", encoding="utf-8", newline="") as file:
        for piece in csv_text(header, ours):
            file.write(piece)


def delete_files(job: BulkExport) -> None:
    """Remove the job's folder (nothing happens when it is already gone)."""
    shutil.rmtree(directory_of(job), ignore_errors=True)

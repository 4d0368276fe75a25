"""The export's README and codebook (data dictionary): what each file and column means."""

from stegvis.statistics.models import ResearchExport
from stegvis.statistics.research.fhir import (
    DAYS_SINCE_START,
    ENROLLMENT,
    OCCASION,
    TOTAL_SCORE,
    pseudonym_system,
)
from stegvis.statistics.research.tables import TABLES

CODEBOOK_HEADER = ["file", "column", "type", "meaning", "values"]


def codebook_rows() -> tuple[list[str], list[list[str]]]:
    """The codebook's header and rows: every column of every CSV file, and the NDJSON's parts."""
    rows = [
        [file, column.name, column.type, column.meaning, column.values]
        for file, columns in TABLES.items()
        for column in columns
    ]
    ndjson = "questionnaire_responses.ndjson"
    rows += [
        [ndjson, "id", "string", "Pseudonym of the response (as responses.csv).", "r-…"],
        [
            ndjson,
            "subject.identifier.value",
            "string",
            "Pseudonym of the citizen (as the CSV files).",
            "p-…",
        ],
        [ndjson, "questionnaire", "uri", "Canonical URL and version of the instrument.", ""],
        [ndjson, "item", "FHIR items", "The exportable answers, coded as in the instrument.", ""],
        [ndjson, f"extension[{DAYS_SINCE_START}]", "integer", "Days since the start.", ">= 0"],
        [ndjson, f"extension[{ENROLLMENT}]", "string", "Pseudonym of the enrollment.", "e-…"],
        [ndjson, f"extension[{OCCASION}]", "string", "When in the program it was asked.", ""],
        [ndjson, f"extension[{TOTAL_SCORE}]", "number", "The total score, if scorable.", ""],
    ]
    return CODEBOOK_HEADER, rows


def readme_text(export: ResearchExport) -> str:
    free_text = (
        f"Yes. Why: {export.free_text_reason}"
        if export.includes_free_text
        else "No (answers to free-text items are left out)."
    )
    return f"""Stegvis research export {export.pk}
=================================

Care provider:   {export.provider.name} ({export.provider.code})
Program:         {export.program_key}
Period:          enrollments started {export.period_from} to {export.period_to}
Exported:        {export.created_at:%Y-%m-%d %H:%M %Z}
Reason:          {export.reason}
Free text:       {free_text}
Key fingerprint: {export.key_fingerprint}
Enrollments:     {export.enrollment_count}
Citizens:        {export.citizen_count}
Responses:       {export.response_count}

Pseudonymised data. Citizens, enrollments and responses are named by keyed pseudonyms
(HMAC-SHA256 with a key made for this export only). The pseudonyms are the same throughout
this export and differ from those of every other export. Stegvis does not keep the key: the
care provider holds it, and only with it can a pseudonym be traced back to a person. Keep the
key apart from these files and do not give it to the recipients of the data.

No names, personnummer, birth dates, calendar dates, messages or (unless stated above) free
text. Times are days since the enrollment's start; age is a band at the start; sex is the legal
sex the personnummer gives. Training data (test citizens, test practitioners, training
enrollments) is never exported.

Files
-----
codebook.csv                    every column of every file: type, meaning, values
enrollments.csv                 one row per enrollment
responses.csv                   one row per completed questionnaire response
items.csv                       one row per answered item of a response (long format)
questionnaire_responses.ndjson  the responses as FHIR R4 QuestionnaireResponse, one per line;
                                subject identifier system {pseudonym_system(export.pk)}

The CSV files are RFC 4180: comma-separated, UTF-8 without byte order mark, CRLF line ends,
a header row, "." as the decimal mark. Read them with R (read.csv), Stata (import delimited),
SPSS or pandas. Cell values are exactly as recorded: if free text is included, a cell may
begin with "=" or "+"; do not open such a file in a spreadsheet that runs formulas.
"""

"""Tables for spreadsheets, streamed in constant memory: CSV in Swedish Excel's dialect and XLSX.

Swedish Excel opens `;`-separated UTF-8 files with a byte order mark correctly (the comma is the
decimal mark there). Cells a spreadsheet would run as a formula are defused (`safe_cell`).
Shared by the apps (the access log, statistics); it imports none of them.
"""

import csv
import re
import tempfile
from collections.abc import Iterable, Iterator

BOM = "\ufeff"
DELIMITER = ";"
# A cell starting with one of these is a formula (or a DDE call) in Excel, LibreOffice and
# Google Sheets (OWASP: CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CHUNK = 64 * 1024


def safe_cell(value) -> str:
    """Return `value` as text a spreadsheet shows as text, never runs as a formula.

    A plain number ("-5", "-0,93") is no formula and is kept as it is, so negative figures
    stay numbers in Excel.
    """
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The CSV text of `header` and `rows`, line by line (for a StreamingHttpResponse).

    Every cell passes `safe_cell`; `rows` is consumed lazily, so a queryset's `.iterator()`
    keeps memory constant however long the table is.
    """
    writer = csv.writer(_Echo(), delimiter=DELIMITER, lineterminator="\r\n")
    yield BOM + writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def xlsx_chunks(header: list[str], rows: Iterable[list], *, title: str = "Data") -> Iterator[bytes]:
    """An XLSX workbook of `header` and `rows`, in chunks (for a StreamingHttpResponse).

    openpyxl's write-only mode keeps memory constant; the workbook is built in a temporary
    file (deleted when done) because a ZIP's directory is written last. Numbers stay numbers;
    text passes `safe_cell`.
    """
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([safe_cell(cell) for cell in header])
    for row in rows:
        sheet.append([_xlsx_cell(cell) for cell in row])
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while chunk := file.read(_CHUNK):
            yield chunk


def _xlsx_cell(value):
    if isinstance(value, bool) or value is None:
        return safe_cell(value)
    if isinstance(value, int | float):
        return value
    return safe_cell(value)

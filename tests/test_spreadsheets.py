"""The shared spreadsheet writers: Swedish Excel's CSV dialect and a streamed XLSX."""

import io

from openpyxl import load_workbook

from stegvis.spreadsheets import BOM, csv_lines, xlsx_chunks


def test_csv_has_a_bom_semicolons_and_no_formulas():
    text = "".join(csv_lines(["Enhet", "Antal"], iter([["=HYPERLINK()", 3], ["Psykiatri", 4]])))
    assert text.startswith(BOM)
    assert text.splitlines() == [BOM + "Enhet;Antal", "'=HYPERLINK();3", "Psykiatri;4"]


def test_csv_reads_its_rows_lazily():
    consumed = []

    def rows():
        for n in range(3):
            consumed.append(n)
            yield [n]

    lines = csv_lines(["n"], rows())
    next(lines)
    assert consumed == []


def test_xlsx_keeps_numbers_as_numbers_and_text_safe():
    data = b"".join(xlsx_chunks(["Enhet", "Antal"], [["+1 Psykiatri", 3], ["Rehab", 2.5]]))
    sheet = load_workbook(io.BytesIO(data)).active
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Enhet", "Antal"],
        ["'+1 Psykiatri", 3],
        ["Rehab", 2.5],
    ]

"""The record export as a readable PDF (fpdf2), in the language of the request.

Text is set in DejaVu Sans when the font file is there (RECORD_PDF_FONT, by default the
Debian/Ubuntu package's path; every Swedish letter and most others), otherwise in the PDF's
built-in Helvetica, which has å, ä and ö (Latin-1) but shows other letters as "?".
"""

import json
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from fpdf import FPDF


def _labels() -> dict[str, str]:
    """Section headings, translated now (the request's language)."""
    return {
        "modules": _("Modules"),
        "steps": _("Steps"),
        "answers": _("Answers"),
        "questionnaires": _("Questionnaires"),
        "diary": _("Diary"),
        "feedback": _("Feedback"),
        "flags": _("Flags"),
        "history": _("History"),
        "messages": _("Messages"),
        "relatives": _("Relatives"),
    }


class RecordPdf(FPDF):
    def __init__(self):
        super().__init__(format="A4")
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)
        font = Path(settings.RECORD_PDF_FONT) if settings.RECORD_PDF_FONT else None
        if font is not None and font.is_file():
            self.add_font("Body", "", str(font))
            self._body_font, self._unicode_font = "Body", True
        else:
            self._body_font, self._unicode_font = "Helvetica", False
        self.set_font(self._body_font, size=10)

    def printable(self, value) -> str:
        value = "" if value is None else str(value)
        if not self._unicode_font:
            value = value.encode("latin-1", "replace").decode("latin-1")
        return value

    def heading(self, value: str, size: int) -> None:
        self.set_font(self._body_font, size=size)
        self.multi_cell(0, size * 0.6, self.printable(value), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)
        self.set_font(self._body_font, size=10)

    def line_of(self, value: str) -> None:
        self.multi_cell(0, 5, self.printable(value), new_x="LMARGIN", new_y="NEXT")

    def footer(self):
        self.set_y(-12)
        self.set_font(self._body_font, size=8)
        self.cell(0, 5, self.printable(f"{self.page_no()}"), align="C")


def _value(value) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "–" if value in (None, "") else str(value)


def _rows(pdf: RecordPdf, rows: list[dict]) -> None:
    for row in rows:
        parts = []
        for key, value in row.items():
            if key == "attachments":
                value = ", ".join(a["name"] for a in value) if value else None
                if value is None:
                    continue
            parts.append(f"{key}: {_value(value)}")
        pdf.line_of("• " + "; ".join(parts))
    pdf.ln(2)


def render(record: dict) -> bytes:
    """The PDF of a record `export.collect` made."""
    pdf = RecordPdf()
    pdf.add_page()
    pdf.heading(_("Everything Stegvis has recorded about you"), 16)
    citizen = record["citizen"]
    pdf.line_of(f"{_('Name')}: {citizen['name']}")
    pdf.line_of(f"{_('Personnummer')}: {citizen['personnummer']}")
    pdf.line_of(f"{_('E-mail')}: {_value(citizen['email'])}")
    if record["care_provider"]:
        pdf.line_of(f"{_('Care provider')}: {record['care_provider']}")
    pdf.line_of(f"{_('Exported')}: {record['exported_at']}")
    pdf.ln(4)
    labels = _labels()
    for enrollment in record["enrollments"]:
        pdf.heading(f"{enrollment['program']} ({enrollment['program_version']})", 13)
        pdf.line_of(f"{_('Care provider')}: {enrollment['care_provider']}, {enrollment['unit']}")
        pdf.line_of(
            f"{_('Phase')}: {enrollment['phase']}; {_('start date')}: {enrollment['start_date']}"
        )
        pdf.ln(2)
        for key, label in labels.items():
            if enrollment[key]:
                pdf.heading(label, 11)
                _rows(pdf, enrollment[key])
    if not record["enrollments"]:
        pdf.line_of(_("No programs."))
    pdf.heading(_("Who has read your data"), 13)
    if record["accesses"]:
        _rows(pdf, record["accesses"])
    else:
        pdf.line_of(_("Nobody."))
    return bytes(pdf.output())

"""The initiative as a PDF for the management meeting (fpdf2, pure Python).

Text is set in DejaVu Sans where the system has it (every letter of Swedish and most others);
without it, in the PDF core font Helvetica, which covers Latin-1 (å, ä, ö, é, ü) and shows
other characters as "?". The PDF is always in Swedish: it is read at the region's meeting.
"""

from pathlib import Path

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf import FPDF

from stegvis.initiatives.models import ProgramInitiative

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts"),
)
FAMILY = "Stegvis"


def _font_files() -> tuple[Path, Path] | None:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


class _Document(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        files = _font_files()
        if files:
            self.add_font(FAMILY, "", str(files[0]))
            self.add_font(FAMILY, "B", str(files[1]))
            self.family_name, self.unicode = FAMILY, True
        else:
            self.family_name, self.unicode = "Helvetica", False
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def text_of(self, value: str) -> str:
        value = str(value or "")
        return value if self.unicode else value.encode("latin-1", "replace").decode("latin-1")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family_name, "", 8)
        self.cell(0, 6, self.text_of(_("Page %(n)s") % {"n": self.page_no()}), align="R")

    def heading(self, text: str, size: int = 16) -> None:
        self.set_font(self.family_name, "B", size)
        self.multi_cell(0, size * 0.5, self.text_of(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def field(self, label: str, value: str) -> None:
        self.set_font(self.family_name, "B", 11)
        self.multi_cell(0, 6, self.text_of(label), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family_name, "", 11)
        self.multi_cell(0, 6, self.text_of(value) or "–", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)


def render(initiative: ProgramInitiative) -> bytes:
    """The initiative's form, decision and history as PDF bytes (in Swedish)."""
    with translation.override("sv"):
        doc = _Document()
        doc.set_title(doc.text_of(_("Program initiative: %(title)s") % {"title": initiative.title}))
        doc.set_creator("Stegvis")
        doc.add_page()
        doc.heading(_("Program initiative"))
        doc.heading(initiative.title, 14)
        for label, value in _facts(initiative):
            doc.field(label, value)
        doc.heading(_("History"), 13)
        doc.set_font(doc.family_name, "", 10)
        for event in initiative.events.all():
            when = timezone.localtime(event.created_at)
            line = f"{when:%Y-%m-%d %H:%M}  {event.get_action_display()}"
            if event.action != event.Action.SUBMITTED:
                line += f" ({event.get_status_display()})"
            line += f", {event.actor.get_full_name()}"
            doc.multi_cell(0, 5, doc.text_of(line), new_x="LMARGIN", new_y="NEXT")
            if event.text:
                doc.multi_cell(0, 5, doc.text_of(event.text), new_x="LMARGIN", new_y="NEXT")
            doc.ln(1)
        return bytes(doc.output())


def _facts(initiative: ProgramInitiative) -> list[tuple[str, str]]:
    units = ", ".join(unit.name for unit in initiative.units_concerned.all())
    files = ", ".join(a.original_name for a in initiative.attachments.all())
    facts = [
        (_("Status"), initiative.get_status_display()),
        (_("Submitted by"), f"{initiative.submitted_by.get_full_name()}, {initiative.unit.name}"),
        (
            pgettext("initiative", "Submitted"),
            f"{timezone.localtime(initiative.created_at):%Y-%m-%d}",
        ),
        (_("Need"), initiative.need),
        (_("Target group"), initiative.target_group),
        (_("Expected volume"), initiative.expected_volume),
        (_("Evidence"), initiative.evidence),
        (_("Developed by or bought from"), initiative.origin),
        (_("Cost"), initiative.cost),
        (_("Contact"), initiative.contact),
        (_("Units concerned"), units),
        (_("Attachments"), files),
    ]
    if initiative.is_decided:
        facts.append((_("Decision"), initiative.decision_reason))
        facts.append((_("Date of the decision"), f"{initiative.decided_on:%Y-%m-%d}"))
    if initiative.release_id:
        facts.append((_("Program in the catalog"), str(initiative.release)))
    return facts

"""A citizen's block (spärr) is honoured on every staff URL: the matrix's whole world, crawled
again as the staff who treat at the citizen's unit and at other units, with blocks in place.

The citizen has enrollments at `unit` and at `other_unit` (the one being handed over to `unit`,
tests/security/expectations/handover.py). She blocks `unit`: it keeps its own enrollment (PDL:
the unit that records keeps it), but the handover from `other_unit` no longer shows it
anything. She blocks `other_unit` too: nothing of `unit`'s opens there (it never did), and
`unit` cannot hand its enrollment over to it. Every other cell stays as the matrix says; the
blocked incoming list does not show the moving enrollment's program.
"""

import pytest

from stegvis.care.models import AccessBlock
from tests.security import expectations
from tests.security.crawl import Sessions, run_cell
from tests.security.matrix import BAD_REQUEST, CARE_AT_UNIT, NOT_FOUND, OK, OTHER_UNITS
from tests.security.test_url_matrix import all_entries
from tests.security.world import build_world

pytestmark = pytest.mark.slow

PERSONAS = sorted(CARE_AT_UNIT | OTHER_UNITS)
# The receiving unit's citizen admin may no longer open the blocked citizen's handover.
NOW_NOT_FOUND = {"clinic:handover_incoming", "clinic:handover_approve", "clinic:handover_reject"}
# Handing `unit`'s enrollment over to the blocked `other_unit` is refused with a clear message.
NOW_REFUSED = {("GET", "clinic:handover_confirm"), ("POST", "clinic:handover_confirm")}
NOW_REFUSED |= {("POST", "clinic:handover_unit")}


def _expected(entry, method: str, persona: str, expected: str) -> str:
    if entry.pattern in NOW_NOT_FOUND and persona == "citizen_admin" and expected != "not_allowed":
        return NOT_FOUND
    if (method, entry.pattern) in NOW_REFUSED and expected == OK:
        return BAD_REQUEST
    return expected


def test_blocks_are_honoured_on_every_staff_url(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    sw = build_world(world)
    for build in expectations.builders():
        build(sw)
    for unit in (sw.unit, sw.other_unit):
        AccessBlock.objects.create(citizen=sw.citizen, provider=unit.provider, unit=unit)
    # The crawl notes where a page shows it (with the citizen's own markers).
    moving_program = sw.moving_enrollment.release.name
    sw.extra_markers.append(moving_program)

    wrong = []
    sessions = Sessions(client, sw)
    for entry in all_entries():
        for method, cells in (("GET", entry.get), ("POST", entry.post)):
            if cells is None:
                continue
            for persona in PERSONAS:
                expected = _expected(entry, method, persona, cells[persona])
                cell = run_cell(sessions, entry, method, persona, expected)
                if cell.actual != expected and not entry.xfail.get((method, persona)):
                    wrong.append(f"- {cell.where}: expected {expected}, got {cell.actual}")
                blocked_list = entry.pattern == "clinic:handovers_incoming"
                if blocked_list and moving_program in cell.markers_shown:
                    wrong.append(f"- {cell.where}: shows the blocked enrollment's program")
                if blocked_list and persona == "citizen_admin" and method == "GET":
                    assert cell.actual == OK  # the list itself still opens
    assert not wrong, "Blocks not honoured:\n" + "\n".join(sorted(wrong))

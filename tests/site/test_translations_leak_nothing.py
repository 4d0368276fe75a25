"""No Swedish translation carries a note meant for translators (a file path, "translated").

A msgstr is shown to people as it is: a comment typed into it ends up in the menu (it once read
"Anhöriga och vårdnadshavare (clinic/care/enrollment.html nav; already translated …)").
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

CATALOGUES = sorted(Path(settings.BASE_DIR).glob("**/locale/sv/LC_MESSAGES/django.po"))
LEAK = re.compile(r"\.(html|py|txt|po)\b|translated|TODO|FIXME", re.IGNORECASE)


def _unquote(line: str) -> str:
    return line.strip()[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


def translations(path: Path) -> list[tuple[str, str]]:
    """Every (msgid, msgstr) of a .po file; plural forms each count as a msgstr."""
    entries, field, parts = [], None, {"msgid": [], "msgstr": []}
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if line.startswith("msgid "):
            if parts["msgstr"]:
                entries.append(("".join(parts["msgid"]), "".join(parts["msgstr"])))
            parts, field = {"msgid": [_unquote(line[6:])], "msgstr": []}, "msgid"
        elif line.startswith("msgid_plural "):
            field = None
        elif line.startswith("msgstr"):
            if parts["msgstr"]:
                entries.append(("".join(parts["msgid"]), "".join(parts["msgstr"])))
            parts["msgstr"], field = [_unquote(line.split(" ", 1)[1])], "msgstr"
        elif line.startswith('"') and field:
            parts[field].append(_unquote(line))
        elif not line and parts["msgstr"]:
            entries.append(("".join(parts["msgid"]), "".join(parts["msgstr"])))
            parts, field = {"msgid": [], "msgstr": []}, None
    return [(i, s) for i, s in entries if i]


def test_there_are_catalogues_to_check():
    assert len(CATALOGUES) >= 2
    assert ("Relatives and guardians", "Anhöriga och vårdnadshavare") in translations(
        Path(settings.BASE_DIR) / "locale/sv/LC_MESSAGES/django.po"
    )


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_translation_holds_a_translators_note(path):
    leaks = [
        f"{msgid!r} -> {msgstr!r}"
        for msgid, msgstr in translations(path)
        if LEAK.search(msgstr) and not LEAK.search(msgid)
    ]
    assert not leaks, f"{path}: translator notes in msgstr:\n" + "\n".join(leaks)


def test_the_hantera_menu_says_relatives_and_guardians_plainly():
    # The compiled catalogue is what pages use: it must match the corrected .po.
    with translation.override("sv"):
        assert translation.gettext("Relatives and guardians") == "Anhöriga och vårdnadshavare"

"""The layout follows the viewport through CSS media queries alone: no script of ours reads it.

The browser tests load a page once and check it at phone and at desktop size by resizing it
(tests/browser/helpers.py, `assert_accessible_at_both_widths`). That is the page a phone or a
desktop loads only while no script lays the page out by the width it saw at load time. A
script that does (`matchMedia`, `innerWidth`, a `resize` listener, ...) must come with browser
tests that load the page at each width instead; this test names the line that needs them.
"""

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "stegvis"
READS_THE_VIEWPORT = re.compile(
    r"matchMedia|innerWidth|innerHeight|outerWidth|clientWidth|visualViewport"
    r"|screen\.(width|height|orientation)|[\"']resize[\"']|onresize|orientationchange"
)


def test_no_script_of_ours_reads_the_viewport():
    found = [
        f"{path.relative_to(STATIC.parent)}:{number}: {line.strip()}"
        for path in sorted(STATIC.rglob("*.js"))
        if "vendor" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if READS_THE_VIEWPORT.search(line)
    ]
    assert not found, "scripts that lay pages out by the viewport:\n" + "\n".join(found)


def test_the_check_finds_a_script_that_does():
    assert READS_THE_VIEWPORT.search("if (window.matchMedia('(max-width: 40em)').matches) {")
    assert READS_THE_VIEWPORT.search("window.addEventListener('resize', layout);")

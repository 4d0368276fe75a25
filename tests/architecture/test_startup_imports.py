"""Starting Stegvis does not import the libraries only some requests need (issue 14).

Every process pays for its start: manage.py commands, gunicorn and task workers, each xdist
worker and every server or drill the suite starts. These libraries cost from a tenth of a
second (pygal) to most of a second (scipy) each, so the modules that use them import them
where they are used (a local import with a comment saying why). A new module-level import of
one of them would pass every other test and make every start slower; this test catches it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

# Library -> where Stegvis uses it (and imports it, inside the function).
LAZY = {
    "scipy": "stegvis/statistics/outcomes_maths.py (outcome figures)",
    "numpy": "stegvis/statistics/outcomes_maths.py; fpdf needs it too",
    "fpdf": "stegvis/records/pdf.py, stegvis/initiatives/pdf.py (PDF downloads)",
    "fontTools": "fpdf's fonts (pypdf's too)",
    "pypdf": "stegvis/messaging/attachment_content.py (a PDF attachment is checked)",
    "fhir": "stegvis/api/fhir/*, stegvis/instruments/fhir/* (fhir.resources models)",
    "fhir_core": "fhir.resources' base",
    "pygal": "stegvis/charts.py and the chart modules (the first chart drawn)",
}

# One fresh interpreter: set up Django and load the whole URLconf, as `manage.py check` and
# the first request of a server do. An audit hook notes, for each of LAZY's packages, the
# Stegvis line that first imported it, so that a failure names the import to move.
PROBE = """
import json, sys, traceback
ours, lazy, found = sys.argv[1], set(sys.argv[2:]), {}
def note(event, args):
    top = args[0].split(".")[0] if event == "import" else None
    if top in lazy and top not in found:
        frames = [f for f in traceback.extract_stack() if f.filename.startswith(ours)]
        found[top] = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "(not Stegvis)"
sys.addaudithook(note)
import django
django.setup()
import stegvis.urls
print(json.dumps({name: found.get(name, "?") for name in lazy if name in sys.modules}))
"""


def test_django_setup_and_the_urlconf_import_none_of_the_heavy_libraries():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, f"{ROOT / 'stegvis'}/", *LAZY],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    imported = json.loads(done.stdout.strip().splitlines()[-1])
    problems = [
        f"{name} imported at {where.removeprefix(str(ROOT) + '/')}; Stegvis uses it in {LAZY[name]}"
        for name, where in sorted(imported.items())
    ]
    assert not problems, "Import these inside the functions that use them:\n" + "\n".join(problems)

"""`manage.py statistics outcomes`: CSV and JSON of the same figures, clear errors, exit 1."""

import io
import json

import pytest
from django.core.management import call_command

from stegvis.spreadsheets import BOM
from tests.commands import run_command_line
from tests.statistics.helpers import outcome_data


def _run(*args) -> str:
    out = io.StringIO()
    call_command("statistics", "outcomes", *args, stdout=out)
    return out.getvalue()


def test_json_gives_the_hand_computed_figures_without_training_data(world, start):
    outcome_data(world, start)
    found = json.loads(
        _run(
            "--provider",
            "test",
            "--program",
            "depression",
            "--instrument",
            "phq9",
            "--format",
            "json",
        )
    )
    assert len(found) == 1
    phq9 = found[0]
    assert (phq9["instrument"], phq9["measure"]) == ("phq9", "total")
    assert phq9["enrollments"] == 7 and phq9["with_pre_and_post"] == 5
    assert phq9["missing_post"] == "< 5"
    assert (phq9["mean_pre"], phq9["mean_post"], phq9["mean_change"]) == (15.0, 10.0, -5.0)
    assert phq9["ci_low"] == pytest.approx(-11.686565, abs=1e-5)
    assert phq9["hedges_gz"] == pytest.approx(-0.740818, abs=1e-6)
    assert phq9["pre_cases"] == 5 and phq9["recovered"] == "< 5"


def test_csv_is_swedish_excel_csv_with_a_header(world, start):
    outcome_data(world, start)
    text = _run("--provider", "test", "--program", "depression", "--unit", world.unit.hsa_id)
    lines = text.removeprefix(BOM).splitlines()
    assert text.startswith(BOM)
    assert lines[0].startswith("instrument;measure;unit;enrollments;with_pre;")
    # Decimal commas; negative figures stay plain numbers (no defusing apostrophe).
    assert lines[1].startswith("phq9;total;;7;6;5;< 5;15,000000;10,000000;-5,000000;")
    assert ";-11,686565;" in lines[1]


def test_by_unit_adds_a_row_per_unit(world, start):
    outcome_data(world, start)
    found = json.loads(
        _run("--provider", "test", "--program", "depression", "--format", "json", "--by-unit")
    )
    phq9 = [r for r in found if r["instrument"] == "phq9"]
    assert [r["unit"] for r in phq9] == ["", world.unit.name]
    assert phq9[1]["with_pre_and_post"] == 5


@pytest.mark.parametrize(
    "args, message",
    [
        (["--provider", "nope", "--program", "depression"], "No care provider"),
        (["--provider", "test", "--program", "nope"], "no enrollments in the program"),
        (["--provider", "test", "--program", "depression", "--unit", "SE-X"], "HSA-id"),
        (["--provider", "test", "--program", "depression", "--from", "2026-02-30"], "--from"),
        (
            [
                "--provider",
                "test",
                "--program",
                "depression",
                "--from",
                "2026-02-01",
                "--to",
                "2026-01-01",
            ],
            "after --to",
        ),
        (["--provider", "test", "--program", "depression", "--version", "1"], "MAJOR.MINOR"),
    ],
)
def test_bad_input_is_a_clear_error_and_exit_status_1(world, start, capsys, args, message):
    start()
    with pytest.raises(SystemExit) as exit_:
        run_command_line(["manage.py", "statistics", "outcomes", *args])
    assert exit_.value.code == 1
    assert message in capsys.readouterr().err

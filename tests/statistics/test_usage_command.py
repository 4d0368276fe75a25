"""`manage.py statistics usage`: the page's figures for scripts, and clear refusals."""

import json

import pytest
from django.core.management import call_command

from tests.commands import run_command_line
from tests.statistics import usage_data


@pytest.fixture
def cohort(world, release, other_unit_release):
    return usage_data.build(world, release)


def _usage(*args: str) -> list[str]:
    return ["manage.py", "statistics", "usage", *args]


def test_json_gives_the_period_figures_without_training_data(world, cohort, capsys):
    call_command(
        "statistics",
        "usage",
        "--provider",
        world.provider.code,
        "--from",
        "2025-01-01",
        "--to",
        "2025-06-30",
        "--format",
        "json",
    )
    document = json.loads(capsys.readouterr().out)
    assert document["training_data"] == "excluded"
    february, march, april = (list(row.values()) for row in document["historic"])
    # Period, row, started, completed, closed early (see usage_data.py).
    assert february[0] == "2025-02"
    assert february[2] == 7
    assert march[4] == "< 5"
    assert april[3] == 5


def test_csv_for_one_unit_by_quarter_suppresses_small_counts(world, cohort, capsys):
    run_command_line(
        _usage(
            "--provider",
            world.provider.code,
            "--unit",
            world.other_unit.hsa_id,
            "--from",
            "2025-01-01",
            "--to",
            "2025-06-30",
            "--group",
            "quarter",
        )
    )
    lines = capsys.readouterr().out.splitlines()
    historic = lines[lines.index("# historic") + 2 :]
    # Only the handover in reaches the other unit: one, published as "< 5".
    assert len(historic) == 1
    cells = historic[0].split(";")
    assert cells[0] == "2025 K1"
    assert cells[2:] == ["0", "0", "0", "< 5", "0", "", "0", "0", "0", "0", "", ""]


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--provider", "nope", "--from", "2025-01-01", "--to", "2025-02-01"], "nope"),
        (["--provider", "test", "--from", "2025-13-01", "--to", "2025-02-01"], "--from"),
        (["--provider", "test", "--from", "2025-03-01", "--to", "2025-02-01"], "start"),
        (
            ["--provider", "test", "--unit", "SE-X", "--from", "2025-01-01", "--to", "2025-02-01"],
            "SE-X",
        ),
        (
            ["--provider", "test", "--from", "2025-01-01", "--to", "2025-02-01", "--group", "day"],
            "--group",
        ),
        (
            ["--provider", "test", "--from", "2025-01-01", "--to", "2025-02-01", "--format", "x"],
            "--format",
        ),
    ],
)
def test_bad_input_exits_non_zero_with_the_reason(world, capsys, args, reason):
    with pytest.raises(SystemExit) as excinfo:
        run_command_line(_usage(*args))
    assert excinfo.value.code == 1
    assert reason in capsys.readouterr().err

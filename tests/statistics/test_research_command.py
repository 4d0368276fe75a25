"""`manage.py statistics export`: the same files into a directory, the key printed once."""
# ruff: noqa: F811  (fixtures imported from research_fixtures are used as arguments)

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from stegvis.audit.models import AccessEvent
from stegvis.statistics.models import ResearchExport
from stegvis.statistics.research.pseudonyms import key_fingerprint
from tests.statistics.research_fixtures import research_data  # noqa: F401


def run(*args) -> str:
    out = io.StringIO()
    call_command("statistics", "export", *args, stdout=out)
    return out.getvalue()


def arguments(world, release, out, **changes) -> list[str]:
    values = {
        "--provider": world.provider.code,
        "--program": release.program_key,
        "--from": "2020-01-01",
        "--to": "2099-12-31",
        "--out": str(out),
        "--reason": "Kvalitetsregister, beslut 2026-12",
    }
    values.update(changes)
    return [part for pair in values.items() for part in pair]


def test_it_writes_the_files_and_prints_the_key_once(world, release, research_data, tmp_path):
    out = tmp_path / "uttag"
    printed = run(*arguments(world, release, out))
    assert sorted(p.name for p in out.iterdir()) == [
        "README.txt",
        "codebook.csv",
        "enrollments.csv",
        "items.csv",
        "questionnaire_responses.ndjson",
        "responses.csv",
    ]
    export = ResearchExport.objects.get()
    key = printed.split("Key (shown once; Stegvis does not keep it): ")[1].split()[0]
    assert key_fingerprint(key) == export.key_fingerprint
    assert printed.count(key) == 1
    assert key not in "".join(p.read_text() for p in out.iterdir())
    assert world.citizen.personnummer not in (out / "enrollments.csv").read_text()
    assert (export.channel, export.exported_by, export.operator != "") == ("command", None, True)


def test_it_records_the_accesses_as_the_system(world, release, research_data, tmp_path):
    run(*arguments(world, release, tmp_path / "uttag"))
    events = AccessEvent.objects.filter(action="statistics.research_export")
    assert events.count() == 2
    assert set(events.values_list("actor_id", "actor_role")) == {(None, "")}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"--provider": "nope"}, "No care provider"),
        ({"--from": "2026-13-01"}, "--from must be a date"),
        ({"--to": "igår"}, "--to must be a date"),
        ({"--reason": " "}, "--reason is required"),
        ({"--program": "finns-inte"}, "Inget program har nyckeln"),
        ({"--from": "2026-12-31", "--to": "2026-01-01"}, "Startdatumet"),
    ],
)
def test_bad_input_is_a_clear_error(world, release, tmp_path, changes, message):
    with pytest.raises(CommandError, match=message):
        run(*arguments(world, release, tmp_path / "uttag", **changes))
    assert not ResearchExport.objects.exists()
    assert not (tmp_path / "uttag").exists()


def test_a_directory_with_files_in_it_is_refused(world, release, tmp_path):
    (tmp_path / "old.csv").write_text("x")
    with pytest.raises(CommandError, match="empty or new directory"):
        run(*arguments(world, release, tmp_path))


@pytest.mark.slow
def test_bad_input_exits_non_zero(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", "statistics", "export", "--provider", "x"],
        capture_output=True,
        text=True,
        env={"DEBUG": "1", "PATH": ""},
        check=False,
    )
    assert result.returncode != 0

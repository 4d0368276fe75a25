"""`manage.py programs export|import` round-trips a release and refuses bad files with a non-zero
exit and a clear message."""

import zipfile

import pytest
from django.core.management import CommandError, call_command

from stegvis.audit.models import AccessEvent
from stegvis.catalog.models import ProgramRelease
from tests.commands import run_command_line


def test_export_then_import_on_the_command_line(world, release, tmp_path, capsys):
    path = tmp_path / "program.stegvis.zip"
    call_command("programs", "export", str(release.pk), str(path))
    assert zipfile.is_zipfile(path)
    call_command("programs", "import", str(path), "--provider", world.other_provider.code)
    imported = ProgramRelease.objects.get(owner=world.other_provider)
    assert imported.content_hash == release.content_hash
    assert "Imported" in capsys.readouterr().out
    event = AccessEvent.objects.get(action="release.import")
    assert event.actor is None and event.provider_id == world.other_provider.pk


def test_an_unknown_release_or_provider_is_refused(world, release, tmp_path):
    with pytest.raises(CommandError, match="no release"):
        call_command("programs", "export", "999999", str(tmp_path / "x.zip"))
    path = tmp_path / "program.zip"
    call_command("programs", "export", str(release.pk), str(path))
    with pytest.raises(CommandError, match="no active provider"):
        call_command("programs", "import", str(path), "--provider", "finns-inte")


def test_a_bad_file_is_refused_with_its_reason(world, tmp_path):
    path = tmp_path / "bad.zip"
    path.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="Refused"):
        call_command("programs", "import", str(path), "--provider", world.provider.code)
    with pytest.raises(CommandError, match="Cannot read"):
        call_command(
            "programs", "import", str(tmp_path / "missing.zip"), "--provider", world.provider.code
        )
    assert not ProgramRelease.objects.exists()


def test_a_refused_import_exits_non_zero_with_the_reason(world, tmp_path, capsys):
    path = tmp_path / "bad.zip"
    path.write_bytes(b"PK\x03\x04 broken")
    argv = ["manage.py", "programs", "import", str(path), "--provider", world.provider.code]
    with pytest.raises(SystemExit) as excinfo:
        run_command_line(argv)
    assert excinfo.value.code == 1
    assert "Refused" in capsys.readouterr().err


def test_list_shows_the_release_ids(world, release, capsys):
    call_command("programs", "list")
    assert f"{release.pk}\ttest\ttestprogram\t1.0\tTestprogram" in capsys.readouterr().out

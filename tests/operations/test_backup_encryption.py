"""Backups are encrypted at rest with GnuPG: nothing in them reads as a database or an archive
without the key, the right key restores, a wrong or missing key is refused with a clear message
and a non-zero exit (docs/operations.md, Backups).

Each step is a `manage.py` process with production settings, as an operator runs it.
"""

import json
import os
import sqlite3

import pytest

from tests.operations.processes import Installation

SQLITE_MAGIC = b"SQLite format 3\x00"
GZIP_MAGIC = b"\x1f\x8b"


def _target(tmp_path, **keys: str) -> Installation:
    return Installation(tmp_path / "target", f"sqlite:///{tmp_path / 'target.sqlite3'}", **keys)


def _passphrase(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text + "\n")
    return str(path)


def test_an_encrypted_backup_holds_no_readable_database_archive_or_text(drilled):
    # `drilled`: an installation with data, backed up to the backup key's public half.
    out = drilled.backup
    assert "encrypted (gpg-public-key)" in drilled.backed_up

    stored = sorted(path.name for path in out.iterdir())
    assert stored == [
        "audit-checkpoints.tar.gz.gpg",
        "database.sqlite3.gpg",
        "manifest.json",
        "media.tar.gz.gpg",
        "private-media.tar.gz.gpg",
    ]
    for path in out.glob("*.gpg"):
        content = path.read_bytes()
        assert not content.startswith((SQLITE_MAGIC, GZIP_MAGIC))
        assert "Svar 0 åäö".encode() not in content
        assert b"CREATE TABLE" not in content
        with pytest.raises(sqlite3.DatabaseError):
            sqlite3.connect(f"file:{path}?mode=ro", uri=True).execute(
                "SELECT * FROM sqlite_master"
            ).fetchall()
    assert oct(os.stat(out).st_mode & 0o777) == "0o700"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["encryption"] == "gpg-public-key"
    assert manifest["files"]["database.sqlite3.gpg"]["content"] == "database.sqlite3"


def test_a_backup_without_a_key_is_refused_unless_asked_for_unencrypted(tmp_path, drilled):
    installation = drilled.source.with_keys()  # no key; backing up only reads the source
    refused = installation.manage("operations", "backup", "--out", str(tmp_path / "backup"))
    assert refused.returncode == 1
    assert "No backup key: set BACKUP_GPG_RECIPIENT_FILE" in refused.stderr
    assert not (tmp_path / "backup").exists()

    made = installation.ok("operations", "backup", "--unencrypted", "--out", str(tmp_path / "b"))
    assert "UNENCRYPTED" in made
    assert (tmp_path / "b" / "database.sqlite3").read_bytes().startswith(SQLITE_MAGIC)
    assert json.loads((tmp_path / "b" / "manifest.json").read_text())["encryption"] is None
    # An unencrypted backup restores without any key.
    assert "matches" in _target(tmp_path).ok("operations", "restore", str(tmp_path / "b"))


def test_check_backup_decrypts_with_the_right_key_and_refuses_another(
    tmp_path, drilled, backup_keys
):
    out = drilled.backup

    right = _target(tmp_path, BACKUP_GPG_SECRET_KEY_FILE=str(backup_keys["backup"].secret))
    checked = right.ok("operations", "check-backup", str(out))
    assert "each decrypts with the configured key" in checked

    wrong = _target(tmp_path, BACKUP_GPG_SECRET_KEY_FILE=str(backup_keys["stranger"].secret))
    refused = wrong.manage("operations", "check-backup", str(out))
    assert refused.returncode == 1
    assert "Cannot decrypt" in refused.stderr
    assert "No secret key" in refused.stderr
    assert "Traceback" not in refused.stderr

    # Without a key: the checksums can still be checked (after a copy), not the content.
    keyless = _target(tmp_path)
    refused = keyless.manage("operations", "check-backup", str(out))
    assert refused.returncode == 1
    assert "set BACKUP_GPG_SECRET_KEY_FILE" in refused.stderr
    assert "files match." in keyless.ok("operations", "check-backup", "--checksums-only", str(out))


def test_restore_with_a_wrong_key_fails_clearly_and_leaves_nothing(tmp_path, drilled, backup_keys):
    wrong = _target(tmp_path, BACKUP_GPG_SECRET_KEY_FILE=str(backup_keys["stranger"].secret))
    refused = wrong.manage("operations", "restore", str(drilled.backup))
    assert refused.returncode == 1
    assert "Cannot decrypt" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (tmp_path / "target" / "private-media").exists()


def test_a_passphrase_backup_needs_the_same_passphrase(tmp_path, drilled):
    right = _passphrase(tmp_path, "right", "correct horse battery staple")
    source = drilled.source.with_keys(BACKUP_PASSPHRASE_FILE=right)
    out = tmp_path / "backup"
    assert "encrypted (gpg-passphrase)" in source.ok("operations", "backup", "--out", str(out))

    wrong = _target(tmp_path, BACKUP_PASSPHRASE_FILE=_passphrase(tmp_path, "wrong", "guess"))
    refused = wrong.manage("operations", "restore", str(out))
    assert refused.returncode == 1
    assert "Cannot decrypt" in refused.stderr
    assert "Bad session key" in refused.stderr

    restored = _target(tmp_path, BACKUP_PASSPHRASE_FILE=right).ok("operations", "restore", str(out))
    assert "every table's row count matches" in restored


def test_a_missing_key_file_is_named(tmp_path, drilled):
    source = drilled.source.with_keys(BACKUP_GPG_RECIPIENT_FILE=str(tmp_path / "nowhere.asc"))
    refused = source.manage("operations", "backup", "--out", str(tmp_path / "backup"))
    assert refused.returncode == 1
    assert "BACKUP_GPG_RECIPIENT_FILE names" in refused.stderr
    assert not (tmp_path / "backup").exists()


@pytest.mark.parametrize("content", ["../../outside", "database.sqlite3/../../outside"])
def test_a_manifest_naming_a_file_outside_the_backup_is_refused(tmp_path, content):
    from stegvis.operations import backups

    manifest = {
        "format": 2,
        "encryption": "gpg-passphrase",
        "files": {f"{content}.gpg": {"sha256": "0", "content": content, "content_sha256": "0"}},
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(backups.BackupError, match="unknown file"):
        backups.read_manifest(tmp_path)

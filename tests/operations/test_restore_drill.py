"""The restore drill: back up a database with data, encrypted, restore into a fresh one, and the
access log verifies and every table's rows are there (docs/operations.md, Restore drill).

Each step is a `manage.py` process with production settings, as an operator runs it.
"""

import json
import subprocess

import pytest

from tests.operations import processes

PG = "postgres://postgres@127.0.0.1:5432/"


class Installation:
    """One installation's database and folders under tmp_path/name."""

    def __init__(self, root, database_url: str, **keys: str):
        self.root = root
        self.env = {
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(root / "media"),
            "PRIVATE_MEDIA_ROOT": str(root / "private-media"),
            "AUDIT_CHECKPOINT_DIR": str(root / "checkpoints"),
            **keys,
        }

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return processes.run("manage.py", *args, **self.env)

    def ok(self, *args: str) -> str:
        result = self.manage(*args)
        assert result.returncode == 0, result.stderr + result.stdout
        return result.stdout

    def build_data(self) -> None:
        result = processes.run(
            "-m", "tests.operations.drill_data", DJANGO_SETTINGS_MODULE="tests.settings", **self.env
        )
        assert result.returncode == 0, result.stderr


def _drill(tmp_path, source: Installation, target: Installation) -> dict:
    source.build_data()
    source.ok("audit", "seal", "--checkpoint")
    assert "intact" in source.ok("audit", "verify")
    out = tmp_path / "backup"
    assert "Backed up" in source.ok("operations", "backup", "--out", str(out))
    manifest = json.loads((out / "manifest.json").read_text())

    restored = target.ok("operations", "restore", str(out))
    assert "every table's row count matches" in restored
    assert "intact" in target.ok("audit", "verify")
    assert (
        (target.root / "private-media" / "attachments" / "drill.pdf")
        .read_bytes()
        .startswith(b"%PDF")
    )
    assert any((target.root / "checkpoints").iterdir())
    return manifest


@pytest.fixture
def passphrase(tmp_path):
    path = tmp_path / "backup-passphrase"
    path.write_text("correct horse battery staple\n")
    return {"BACKUP_PASSPHRASE_FILE": str(path)}


def test_a_sqlite_backup_restores_into_a_fresh_database(tmp_path, migrated_sqlite, backup_keys):
    database = migrated_sqlite()
    keys = backup_keys["backup"]
    source = Installation(
        tmp_path / "source", f"sqlite:///{database}", BACKUP_GPG_RECIPIENT_FILE=str(keys.public)
    )
    target = Installation(
        tmp_path / "target",
        f"sqlite:///{tmp_path / 'target.sqlite3'}",
        BACKUP_GPG_SECRET_KEY_FILE=str(keys.secret),
    )
    manifest = _drill(tmp_path, source, target)
    assert manifest["engine"] == "sqlite"
    assert manifest["encryption"] == "gpg-public-key"
    assert set(manifest["files"]) == {
        "database.sqlite3.gpg",
        "media.tar.gz.gpg",
        "private-media.tar.gz.gpg",
        "audit-checkpoints.tar.gz.gpg",
    }
    assert manifest["row_counts"]["care.Enrollment"] == 3
    assert manifest["row_counts"]["care.Answer"] == 3
    assert manifest["row_counts"]["messaging.Message"] == 3
    assert manifest["row_counts"]["audit.AccessEvent"] > 0


def test_restore_refuses_a_damaged_backup_and_a_database_with_tables(
    tmp_path, migrated_sqlite, passphrase
):
    database = migrated_sqlite()
    source = Installation(tmp_path / "source", f"sqlite:///{database}", **passphrase)
    out = tmp_path / "backup"
    source.ok("operations", "backup", "--out", str(out))

    refused = source.manage("operations", "restore", str(out))
    assert refused.returncode == 1
    assert "restore into an empty database" in refused.stderr

    with (out / "database.sqlite3.gpg").open("ab") as dump:
        dump.write(b"x")
    target = Installation(
        tmp_path / "target", f"sqlite:///{tmp_path / 'target.sqlite3'}", **passphrase
    )
    damaged = target.manage("operations", "restore", str(out))
    assert damaged.returncode == 1
    assert "does not match its checksum" in damaged.stderr
    assert not (tmp_path / "target.sqlite3").exists()


def test_backup_refuses_an_existing_directory_and_makes_dated_ones(
    tmp_path, migrated_sqlite, passphrase
):
    database = migrated_sqlite()
    source = Installation(tmp_path / "source", f"sqlite:///{database}", **passphrase)
    (tmp_path / "backup").mkdir()
    refused = source.manage("operations", "backup", "--out", str(tmp_path / "backup"))
    assert refused.returncode == 1
    assert "a backup goes into a new directory" in refused.stderr

    # --into makes a new, timestamped folder each time (the nightly timer's way).
    source.ok("operations", "backup", "--into", str(tmp_path / "nightly"))
    (made,) = (tmp_path / "nightly").iterdir()
    assert made.name.startswith("stegvis-")
    assert "intact" in source.ok("operations", "check-backup", str(made))


def _psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", sql],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def pg_databases():
    """Two databases of this test's own on the local PostgreSQL (trust authentication)."""
    names = ["stegvis_drill_source", "stegvis_drill_target"]
    try:
        for name in names:
            _psql(f"DROP DATABASE IF EXISTS {name}")
            _psql(f"CREATE DATABASE {name}")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("No PostgreSQL at 127.0.0.1:5432 with trust authentication.")
    yield names
    for name in names:
        _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_postgresql_backup_restores_into_a_fresh_database(tmp_path, pg_databases, passphrase):
    source = Installation(tmp_path / "source", PG + pg_databases[0], **passphrase)
    target = Installation(tmp_path / "target", PG + pg_databases[1], **passphrase)
    source.ok("migrate", "--noinput", "-v0")
    manifest = _drill(tmp_path, source, target)
    assert manifest["engine"] == "postgresql"
    assert manifest["encryption"] == "gpg-passphrase"
    assert "database.dump.gpg" in manifest["files"]
    assert manifest["row_counts"]["care.Answer"] == 3
    # The access log stays append-only in the restored database (its triggers came along).
    refused = target.manage(
        "shell",
        "-c",
        "from stegvis.audit.models import AccessEvent; AccessEvent.objects.all().delete()",
    )
    assert refused.returncode != 0
    assert "append-only" in refused.stderr

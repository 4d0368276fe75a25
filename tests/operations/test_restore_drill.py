"""The restore drill: back up a database with data, encrypted, restore into a fresh one, and the
access log verifies and every table's rows are there (docs/operations.md, Restore drill).

Each step is a `manage.py` process with production settings, as an operator runs it.
"""

import os
import shutil
import subprocess

import pytest

from tests.operations.conftest import Drilled, build_and_back_up
from tests.operations.processes import Installation

pytestmark = pytest.mark.slow

PG = "postgres://postgres@127.0.0.1:5432/"


def _restore_and_verify(drilled: Drilled, target: Installation) -> None:
    """The drill's second half: restore `drilled`'s backup into `target`; all is there."""
    assert "intact" in drilled.verified
    assert "Backed up" in drilled.backed_up
    restored = target.ok("operations", "restore", str(drilled.backup))
    assert "every table's row count matches" in restored
    assert "intact" in target.ok("audit", "verify")
    assert (
        (target.root / "private-media" / "attachments" / "drill.pdf")
        .read_bytes()
        .startswith(b"%PDF")
    )
    assert any((target.root / "checkpoints").iterdir())


@pytest.fixture
def passphrase(tmp_path):
    path = tmp_path / "backup-passphrase"
    path.write_text("correct horse battery staple\n")
    return {"BACKUP_PASSPHRASE_FILE": str(path)}


def test_a_sqlite_backup_restores_into_a_fresh_database(tmp_path, drilled, backup_keys):
    target = Installation(
        tmp_path / "target",
        f"sqlite:///{tmp_path / 'target.sqlite3'}",
        BACKUP_GPG_SECRET_KEY_FILE=str(backup_keys["backup"].secret),
    )
    _restore_and_verify(drilled, target)
    manifest = drilled.manifest
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
    tmp_path, drilled, backup_keys
):
    secret = {"BACKUP_GPG_SECRET_KEY_FILE": str(backup_keys["backup"].secret)}
    # The source's database, with empty folders of its own: the database is what refuses.
    with_tables = Installation(tmp_path / "source", drilled.source.database_url, **secret)
    refused = with_tables.manage("operations", "restore", str(drilled.backup))
    assert refused.returncode == 1
    assert "restore into an empty database" in refused.stderr

    out = shutil.copytree(drilled.backup, tmp_path / "backup")  # the shared one stays whole
    with (out / "database.sqlite3.gpg").open("ab") as dump:
        dump.write(b"x")
    target = Installation(tmp_path / "target", f"sqlite:///{tmp_path / 'target.sqlite3'}", **secret)
    damaged = target.manage("operations", "restore", str(out))
    assert damaged.returncode == 1
    assert "does not match its checksum" in damaged.stderr
    assert not (tmp_path / "target.sqlite3").exists()


def test_backup_refuses_an_existing_directory_and_makes_dated_ones(tmp_path, drilled, passphrase):
    source = drilled.source.with_keys(**passphrase)  # backing up only reads the source
    (tmp_path / "backup").mkdir()
    refused = source.manage("operations", "backup", "--out", str(tmp_path / "backup"))
    assert refused.returncode == 1
    assert "a backup goes into a new directory" in refused.stderr

    # --into makes a new, timestamped folder each time (the nightly timer's way).
    source.ok("operations", "backup", "--into", str(tmp_path / "nightly"))
    (made,) = (tmp_path / "nightly").iterdir()
    assert made.name.startswith("stegvis-")
    assert "intact" in source.ok("operations", "check-backup", str(made))


def _psql(sql: str) -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-tAc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _migrated_copy(name: str) -> bool:
    """Create `name` as a copy of a migrated test template (tests/plugins/database.py) if the
    server has one of today's migrations: much cheaper than `migrate`. False if none could be."""
    from django.db import connection

    from tests.plugins.database import migrations_key

    if connection.vendor != "postgresql":
        return False  # a SQLite run made no template of its own here
    own = connection.settings_dict["NAME"]  # this run's test database, e.g. test_test_x_gw0
    templates = _psql(
        rf"SELECT datname FROM pg_database WHERE datname LIKE '%\_template\_{migrations_key()}'"
    ).split()
    ours = [name for name in templates if own.startswith(name.split("_template_")[0])]
    if not ours:
        return False
    try:
        _psql(f'CREATE DATABASE {name} TEMPLATE "{ours[0]}"')
    except subprocess.CalledProcessError:
        return False
    return True


@pytest.fixture
def pg_databases(django_db_setup):
    """Two databases of this test's own on the local PostgreSQL (trust authentication), and
    whether the first is already migrated (a copy of the test template)."""
    # The process id: two runs at once on one server (xdist, or two people) must not drop
    # each other's databases.
    names = [f"stegvis_drill_source_{os.getpid()}", f"stegvis_drill_target_{os.getpid()}"]
    try:
        for name in names:
            _psql(f"DROP DATABASE IF EXISTS {name}")
        migrated = _migrated_copy(names[0])
        if not migrated:
            _psql(f"CREATE DATABASE {names[0]}")
        _psql(f"CREATE DATABASE {names[1]}")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("No PostgreSQL at 127.0.0.1:5432 with trust authentication.")
    yield names, migrated
    for name in names:
        _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_postgresql_backup_restores_into_a_fresh_database(tmp_path, pg_databases, passphrase):
    (source_name, target_name), migrated = pg_databases
    source = Installation(tmp_path / "source", PG + source_name, **passphrase)
    target = Installation(tmp_path / "target", PG + target_name, **passphrase)
    if migrated:
        # The template is migrated with the test settings, which keep rate limits in memory:
        # production's cache table is what `migrate` would add.
        source.ok("createcachetable")
    else:
        source.ok("migrate", "--noinput", "-v0")
    drilled = build_and_back_up(source, tmp_path / "backup")
    _restore_and_verify(drilled, target)
    manifest = drilled.manifest
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

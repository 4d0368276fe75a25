import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.operations import processes


@pytest.fixture(scope="session")
def ready_sqlite(django_db_setup, tmp_path_factory) -> Path:
    """A migrated SQLite database with production's cache table, made once per session (a
    `manage.py` process costs seconds; a file copy does not). Never written: copy it.
    `django_db_setup` makes sure the test database's template exists to start from."""
    return processes.migrated_sqlite(tmp_path_factory.mktemp("ready") / "ready.sqlite3")


@pytest.fixture
def migrated_sqlite(ready_sqlite, tmp_path):
    """A function giving a migrated SQLite database file of this test's own."""
    return lambda name="source.sqlite3": processes.copy_sqlite(ready_sqlite, tmp_path / name)


NEW = ["future-default", "default", "never"]  # algorithm, usage, expiry of a new key


@dataclass(frozen=True)
class KeyPair:
    public: Path
    secret: Path


def _key_pair(folder: Path, name: str) -> KeyPair:
    """A fresh GnuPG key pair without a passphrase, exported to files; its home removed."""
    # A short path: the agent's socket lives in it (at most 107 bytes).
    home = Path(tempfile.mkdtemp(prefix="gpg-"))
    gpg = ["gpg", "--homedir", str(home), "--batch", "--quiet"]
    try:
        subprocess.run(
            [*gpg, "--passphrase", "", "--quick-gen-key", f"{name} <{name}@test.invalid>", *NEW],
            check=True,
            capture_output=True,
        )
        pair = KeyPair(folder / f"{name}-public.asc", folder / f"{name}-secret.asc")
        pair.public.write_bytes(
            subprocess.run([*gpg, "--export", "--armor"], check=True, capture_output=True).stdout
        )
        pair.secret.write_bytes(
            subprocess.run(
                [*gpg, "--export-secret-keys", "--armor"], check=True, capture_output=True
            ).stdout
        )
    finally:
        subprocess.run(["gpgconf", "--homedir", str(home), "--kill", "all"], check=False)
        shutil.rmtree(home, ignore_errors=True)
    return pair


@pytest.fixture(scope="session")
def backup_keys(tmp_path_factory) -> dict[str, KeyPair]:
    """The backup's key pair ("backup") and another one ("stranger")."""
    folder = tmp_path_factory.mktemp("gpg-keys")
    return {name: _key_pair(folder, name) for name in ("backup", "stranger")}


@dataclass(frozen=True)
class Drilled:
    """An installation with data, sealed and backed up (encrypted to the backup key), and what
    each step printed. Shared by the tests that only read it: never write to its database,
    folders or backup (copy the backup to damage it)."""

    source: processes.Installation
    backup: Path
    sealed: str
    verified: str
    backed_up: str
    manifest: dict


def build_and_back_up(source: processes.Installation, out: Path) -> Drilled:
    """The restore drill's first half on `source`: data, a checkpoint, a verified access log
    and a backup in `out`."""
    source.build_data()
    sealed = source.ok("audit", "seal", "--checkpoint")
    verified = source.ok("audit", "verify")
    backed_up = source.ok("operations", "backup", "--out", str(out))
    manifest = json.loads((out / "manifest.json").read_text())
    return Drilled(source, out, sealed, verified, backed_up, manifest)


@pytest.fixture(scope="session")
def drilled(ready_sqlite, backup_keys, tmp_path_factory) -> Drilled:
    """One SQLite installation with the drill's data and its encrypted backup, built once per
    session (five `manage.py`-sized processes) for the backup and restore tests that read it."""
    folder = tmp_path_factory.mktemp("drilled")
    source = processes.Installation(
        folder / "source",
        f"sqlite:///{processes.copy_sqlite(ready_sqlite, folder / 'source.sqlite3')}",
        BACKUP_GPG_RECIPIENT_FILE=str(backup_keys["backup"].public),
    )
    return build_and_back_up(source, folder / "backup")

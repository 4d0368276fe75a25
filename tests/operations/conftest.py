import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.operations import processes


@pytest.fixture
def migrated_sqlite(django_db_setup, tmp_path):
    """A function giving a migrated SQLite database file (the test database's template copied:
    `django_db_setup` makes sure the template exists)."""
    return lambda name="source.sqlite3": processes.migrated_sqlite(tmp_path / name)


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

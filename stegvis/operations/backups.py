"""Back up and restore a Stegvis installation: the database, media and access-log checkpoints.

A backup is a new directory holding:

- `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite's
  online backup API, a consistent copy while the site runs);
- `media.tar.gz`, `private-media.tar.gz` (MEDIA_ROOT, PRIVATE_MEDIA_ROOT: program pictures,
  message attachments) and `audit-checkpoints.tar.gz` (AUDIT_CHECKPOINT_DIR, the access log's
  checkpoint files that prove no event was removed);
- `manifest.json`: when, which engine, how it is encrypted, each file's size and SHA-256 (of
  the stored file and of its decrypted content), and the row count of every table, which
  `restore` compares after restoring.

Each file is encrypted with GnuPG (`stegvis/operations/encryption.py`) as `NAME.gpg`; the
plain files exist only in a folder of mode 0700 inside the backup while it is written. Without
a key the backup is refused unless `encrypt=False` (`--unencrypted`, for development).

`restore` checks every checksum first, decrypts into a temporary folder, then loads the
database into an empty database (it refuses one with tables) and unpacks the files into empty
directories.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from stegvis.operations import encryption

FORMAT = 2
FORMATS = {1, 2}  # 1: before encryption, restored as unencrypted
PLAIN = ".plain"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class Tree:
    """A directory a backup carries as a tarball."""

    archive: str
    setting: str

    @property
    def path(self) -> Path:
        return Path(getattr(settings, self.setting))


TREES = [
    Tree("media.tar.gz", "MEDIA_ROOT"),
    Tree("private-media.tar.gz", "PRIVATE_MEDIA_ROOT"),
    Tree("audit-checkpoints.tar.gz", "AUDIT_CHECKPOINT_DIR"),
]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _tables() -> dict[str, str]:
    """`app_label.Model` -> table of every installed model (concrete, managed)."""
    return {
        model._meta.label: model._meta.db_table
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _count(cursor, quote) -> dict[str, int]:
    counts = {}
    for label, table in _tables().items():
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[label] = cursor.fetchone()[0]
    return counts


def row_counts() -> dict[str, int]:
    """Rows per table of every installed model, in the configured database now."""
    with connection.cursor() as cursor:
        return _count(cursor, connection.ops.quote_name)


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    """pg_dump/pg_restore's connection options from DATABASES, the password in PGPASSWORD."""
    db = connection.settings_dict
    options = ["--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            options += [flag, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return options, env


def _run(argv: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(f"{argv[0]} is not installed (PostgreSQL's client tools).") from None
    if result.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {result.stderr.strip()}")


def _dump_database(out: Path) -> tuple[str, dict[str, int]]:
    """Dump the database; return the file's name and the row counts of the dumped state."""
    if connection.vendor == "postgresql":
        return "database.dump", _dump_postgresql(out / "database.dump")
    if connection.vendor == "sqlite":
        target = out / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
            # Counted in the copy: what the backup holds, whatever the site wrote since.
            counts = _count(copy.cursor(), connection.ops.quote_name)
        finally:
            copy.close()
        return target.name, counts
    raise BackupError(f"Backups of {connection.vendor} are not supported.")


def _dump_postgresql(target: Path) -> dict[str, int]:
    """pg_dump in a snapshot this transaction exported, counted in the same snapshot."""
    options, env = _pg_environment()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _count(cursor, connection.ops.quote_name)
        argv = ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}"]
        _run([*argv, "--file", str(target), *options], env)
    return counts


def _pack(tree: Tree, out: Path) -> str:
    target = out / tree.archive
    with tarfile.open(target, "w:gz") as archive:
        if tree.path.is_dir():
            for child in sorted(tree.path.iterdir()):
                archive.add(child, arcname=child.name)
    return target.name


def _encrypt(plain: Path, out: Path, names: list[str], keys: encryption.Keys) -> dict:
    """Encrypt each plain file into `out` as NAME.gpg; remove the plain ones."""
    files = {}
    for name in names:
        stored = out / f"{name}{encryption.SUFFIX}"
        encryption.encrypt(plain / name, stored, keys)
        files[stored.name] = {
            "bytes": stored.stat().st_size,
            "sha256": sha256(stored),
            "content": name,
            "content_sha256": sha256(plain / name),
        }
        (plain / name).unlink()
    return files


def backup(out: Path, *, encrypt: bool = True) -> dict:
    """Write a backup into the new directory `out` and return its manifest.

    Encrypted with the keys the settings name; without one, refused unless `encrypt` is False.
    """
    keys = encryption.Keys.from_settings()
    if encrypt and not keys.method:
        raise BackupError(
            "No backup key: set BACKUP_GPG_RECIPIENT_FILE (a public key) or "
            "BACKUP_PASSPHRASE_FILE, or pass --unencrypted (development only)."
        )
    if encrypt:
        keys.check("recipient_file", "passphrase_file")
    if out.exists():
        raise BackupError(f"{out} exists: a backup goes into a new directory.")
    out.mkdir(parents=True, mode=0o700)
    try:
        manifest = _write(out, keys if encrypt else None)
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)  # never leave plain files behind
        raise
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return manifest


def _write(out: Path, keys: encryption.Keys | None) -> dict:
    """Dump and pack into `out` (through a plain folder, encrypted, if there are keys)."""
    plain = out / PLAIN if keys else out
    plain.mkdir(mode=0o700, exist_ok=True)
    created = timezone.now()
    database, counts = _dump_database(plain)
    names = [database, *(_pack(tree, plain) for tree in TREES)]
    if keys:
        files = _encrypt(plain, out, names, keys)
        plain.rmdir()
    else:
        files = {
            name: {"bytes": (out / name).stat().st_size, "sha256": sha256(out / name)}
            for name in names
        }
    return {
        "format": FORMAT,
        "created_at": created.isoformat(),
        "engine": connection.vendor,
        "encryption": keys.method if keys else None,
        "files": files,
        "row_counts": counts,
    }


def read_manifest(source: Path) -> dict:
    """The backup's manifest, after checking that every file it names is intact."""
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} has no readable {MANIFEST}: {error}") from None
    if manifest.get("format") not in FORMATS:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    known = {"database.dump", "database.sqlite3", *(tree.archive for tree in TREES)}
    for name, expected in manifest["files"].items():
        content = expected.get("content", name)
        if content not in known or name not in {content, f"{content}{encryption.SUFFIX}"}:
            raise BackupError(f"The manifest names an unknown file {name!r}.")
        path = source / name
        if not path.is_file():
            raise BackupError(f"{name} is missing from the backup.")
        if sha256(path) != expected["sha256"]:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged.")
    return manifest


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def _restore_database(source: Path, manifest: dict) -> None:
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"The backup is of {manifest['engine']}; the configured database is "
            f"{connection.vendor}."
        )
    if not _database_is_empty():
        raise BackupError("The configured database has tables: restore into an empty database.")
    if connection.vendor == "postgresql":
        options, env = _pg_environment()
        connection.close()
        dump = str(source / "database.dump")
        _run(["pg_restore", "--no-owner", "--exit-on-error", *options, dump], env)
    else:
        connection.ensure_connection()
        backup_copy = sqlite3.connect(f"file:{source / 'database.sqlite3'}?mode=ro", uri=True)
        try:
            backup_copy.backup(connection.connection)
        finally:
            backup_copy.close()
    connection.close()


def _unpack(tree: Tree, source: Path) -> None:
    target = tree.path
    if target.is_dir() and any(target.iterdir()):
        raise BackupError(f"{target} ({tree.setting}) is not empty: restore into empty folders.")
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / tree.archive, "r:gz") as archive:
        # "data": no absolute paths, no links out of the folder, no device files.
        archive.extractall(target, filter="data")


def check(source: Path, *, decrypt: bool = True) -> dict:
    """Check the backup's checksums and, if encrypted and `decrypt`, that every file decrypts
    with the configured key to the content it was made from (streamed, nothing written)."""
    manifest = read_manifest(source)
    if manifest.get("encryption") and decrypt:
        with encryption.decryptor(encryption.Keys.from_settings(), manifest["encryption"]) as gpg:
            for name, expected in manifest["files"].items():
                if gpg.sha256(source / name) != expected["content_sha256"]:
                    raise BackupError(f"{name} decrypts to content that does not match.")
    return manifest


@contextmanager
def _plain(source: Path, manifest: dict) -> Iterator[Path]:
    """A folder with the backup's plain files: `source` itself, or decrypted into a temporary
    folder (TMPDIR) removed afterwards."""
    if not manifest.get("encryption"):
        yield source
        return
    keys = encryption.Keys.from_settings()
    with (
        tempfile.TemporaryDirectory(prefix="stegvis-restore-") as folder,
        encryption.decryptor(keys, manifest["encryption"]) as gpg,
    ):
        plain = Path(folder)
        for name, expected in manifest["files"].items():
            target = plain / expected["content"]
            gpg.decrypt(source / name, target)
            if sha256(target) != expected["content_sha256"]:
                raise BackupError(f"{name} decrypts to content that does not match.")
        yield plain


def restore(source: Path) -> dict[str, tuple[int, int]]:
    """Restore the backup in `source`; return the tables whose row counts differ."""
    manifest = read_manifest(source)
    for tree in TREES:  # before the database: a full folder stops the restore untouched
        if tree.path.is_dir() and any(tree.path.iterdir()):
            raise BackupError(
                f"{tree.path} ({tree.setting}) is not empty: restore into empty folders."
            )
    if manifest["engine"] == connection.vendor and not _database_is_empty():
        raise BackupError("The configured database has tables: restore into an empty database.")
    with _plain(source, manifest) as plain:
        _restore_database(plain, manifest)
        for tree in TREES:
            _unpack(tree, plain)
    restored = row_counts()
    return {
        label: (count, restored.get(label, -1))
        for label, count in manifest["row_counts"].items()
        if restored.get(label, -1) != count
    }

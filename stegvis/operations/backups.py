"""Back up and restore a Stegvis installation: the database, media and access-log checkpoints.

A backup is a new directory holding:

- `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite's
  online backup API, a consistent copy while the site runs);
- `media.tar.gz`, `private-media.tar.gz` (MEDIA_ROOT, PRIVATE_MEDIA_ROOT: program pictures,
  message attachments) and `audit-checkpoints.tar.gz` (AUDIT_CHECKPOINT_DIR, the access log's
  checkpoint files that prove no event was removed);
- `manifest.json`: when, which engine, each file's size and SHA-256, and the row count of every
  table, which `restore` compares after restoring.

`restore` checks every checksum first, then loads the database into an empty database (it
refuses one with tables) and unpacks the files into empty directories. The backup holds
health data: store it encrypted (docs/operations.md).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

FORMAT = 1
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


def backup(out: Path) -> dict:
    """Write a backup into the new directory `out` and return its manifest."""
    if out.exists():
        raise BackupError(f"{out} exists: a backup goes into a new directory.")
    out.mkdir(parents=True, mode=0o700)
    created = timezone.now()
    database, counts = _dump_database(out)
    names = [database, *(_pack(tree, out) for tree in TREES)]
    manifest = {
        "format": FORMAT,
        "created_at": created.isoformat(),
        "engine": connection.vendor,
        "files": {
            name: {"bytes": (out / name).stat().st_size, "sha256": sha256(out / name)}
            for name in names
        },
        "row_counts": counts,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return manifest


def read_manifest(source: Path) -> dict:
    """The backup's manifest, after checking that every file it names is intact."""
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} has no readable {MANIFEST}: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    for name, expected in manifest["files"].items():
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


def restore(source: Path) -> dict[str, tuple[int, int]]:
    """Restore the backup in `source`; return the tables whose row counts differ."""
    manifest = read_manifest(source)
    for tree in TREES:  # before the database: a full folder stops the restore untouched
        if tree.path.is_dir() and any(tree.path.iterdir()):
            raise BackupError(
                f"{tree.path} ({tree.setting}) is not empty: restore into empty folders."
            )
    _restore_database(source, manifest)
    for tree in TREES:
        _unpack(tree, source)
    restored = row_counts()
    return {
        label: (count, restored.get(label, -1))
        for label, count in manifest["row_counts"].items()
        if restored.get(label, -1) != count
    }


def remove_partial(out: Path) -> None:
    """Remove a backup directory a failed run left behind."""
    shutil.rmtree(out, ignore_errors=True)

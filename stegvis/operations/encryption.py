"""Encrypt and decrypt backup files with GnuPG (docs/operations.md, Backups).

`gpg` runs as a subprocess with its own temporary `--homedir` each time, so no keyring of the
user running the command is read or written, and the gpg-agent it may start is stopped after.
Keys come from files named in the settings:

- `BACKUP_GPG_RECIPIENT_FILE`: a public key (`gpg --export --armor KEY`); backups are
  encrypted to it (`--recipient-file`, nothing imported). Its secret key stays off the server.
- `BACKUP_PASSPHRASE_FILE`: a passphrase (its first line) for symmetric AES-256 encryption, for
  simple installations; also the secret key's passphrase when that key has one.
- `BACKUP_GPG_SECRET_KEY_FILE`: for restoring only, the secret key
  (`gpg --export-secret-keys --armor KEY`), imported into the temporary home for the run.

With both a recipient and a passphrase a backup is encrypted to both: either decrypts it.
"""

import hashlib
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

GPG = "gpg"
SUFFIX = ".gpg"


class EncryptionError(Exception):
    """Encryption or decryption cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class Keys:
    """The key files the settings name (None where unset)."""

    recipient_file: Path | None = None
    passphrase_file: Path | None = None
    secret_key_file: Path | None = None

    @classmethod
    def from_settings(cls) -> "Keys":
        def path(name: str) -> Path | None:
            value = getattr(settings, name, "")
            return Path(value) if value else None

        return cls(
            path("BACKUP_GPG_RECIPIENT_FILE"),
            path("BACKUP_PASSPHRASE_FILE"),
            path("BACKUP_GPG_SECRET_KEY_FILE"),
        )

    @property
    def method(self) -> str:
        """How a backup made with these keys is encrypted, as the manifest names it."""
        parts = []
        if self.recipient_file:
            parts.append("gpg-public-key")
        if self.passphrase_file:
            parts.append("gpg-passphrase")
        return "+".join(parts)

    def check(self, *names: str) -> None:
        for name in names:
            value = getattr(self, name)
            if value is not None and not (value.is_file() and value.stat().st_size):
                setting = {
                    "recipient_file": "BACKUP_GPG_RECIPIENT_FILE",
                    "passphrase_file": "BACKUP_PASSPHRASE_FILE",
                    "secret_key_file": "BACKUP_GPG_SECRET_KEY_FILE",
                }[name]
                raise EncryptionError(f"{setting} names {value}, which is not a readable file.")


@contextmanager
def _home() -> Iterator[Path]:
    """A temporary GnuPG home, its agent stopped and the folder removed afterwards."""
    home = Path(tempfile.mkdtemp(prefix="stegvis-gpg-"))
    try:
        yield home
    finally:
        subprocess.run(
            ["gpgconf", "--homedir", str(home), "--kill", "all"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(home, ignore_errors=True)


def _base(home: Path) -> list[str]:
    return [GPG, "--homedir", str(home), "--batch", "--no-tty", "--quiet", "--no-options"]


def _passphrase(keys: Keys) -> list[str]:
    if keys.passphrase_file is None:
        return []
    return ["--pinentry-mode", "loopback", "--passphrase-file", str(keys.passphrase_file)]


def _gpg(argv: list[str], what: str) -> None:
    try:
        result = subprocess.run(argv, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise EncryptionError(f"{GPG} is not installed (Debian: apt install gnupg).") from None
    if result.returncode != 0:
        raise EncryptionError(f"{what}: {_last_line(result.stderr)}")


def _last_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "gpg failed without a message"


def encrypt(source: Path, target: Path, keys: Keys) -> None:
    """Encrypt the file `source` into `target` for the recipient and/or the passphrase."""
    if not keys.method:
        raise EncryptionError("No key to encrypt with.")
    keys.check("recipient_file", "passphrase_file")
    with _home() as home:
        argv = _base(home)
        if keys.passphrase_file:
            argv += ["--symmetric", "--cipher-algo", "AES256", *_passphrase(keys)]
        if keys.recipient_file:
            argv += ["--encrypt", "--recipient-file", str(keys.recipient_file)]
        _gpg([*argv, "--output", str(target), str(source)], f"Cannot encrypt {source.name}")


@contextmanager
def decryptor(keys: Keys, method: str) -> Iterator["Decryptor"]:
    """A session that decrypts files of a backup encrypted by `method`."""
    if not (keys.passphrase_file or keys.secret_key_file):
        raise EncryptionError(
            f"The backup is encrypted ({method}): set BACKUP_GPG_SECRET_KEY_FILE (the secret "
            "key) or BACKUP_PASSPHRASE_FILE to decrypt it."
        )
    keys.check("passphrase_file", "secret_key_file")
    with _home() as home:
        if keys.secret_key_file:
            _gpg(
                [*_base(home), *_passphrase(keys), "--import", str(keys.secret_key_file)],
                "Cannot read BACKUP_GPG_SECRET_KEY_FILE",
            )
        yield Decryptor(home, keys)


@dataclass(frozen=True)
class Decryptor:
    home: Path
    keys: Keys

    def _argv(self, source: Path, output: str) -> list[str]:
        options = [*_passphrase(self.keys), "--output", output, "--decrypt"]
        return [*_base(self.home), *options, str(source)]

    def _refused(self, source: Path, stderr: str) -> EncryptionError:
        return EncryptionError(
            f"Cannot decrypt {source.name} ({_last_line(stderr)}): the key or passphrase given "
            "(BACKUP_GPG_SECRET_KEY_FILE, BACKUP_PASSPHRASE_FILE) is not one this backup was "
            "encrypted for, or the file is damaged."
        )

    def decrypt(self, source: Path, target: Path) -> None:
        """Decrypt `source` into the new file `target`."""
        result = subprocess.run(
            self._argv(source, str(target)), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            target.unlink(missing_ok=True)
            raise self._refused(source, result.stderr)

    def sha256(self, source: Path) -> str:
        """The SHA-256 of `source`'s decrypted content, streamed: nothing is written to disk."""
        digest = hashlib.sha256()
        with tempfile.TemporaryFile() as errors:
            with subprocess.Popen(
                self._argv(source, "-"), stdout=subprocess.PIPE, stderr=errors
            ) as process:
                for block in iter(lambda: process.stdout.read(1024 * 1024), b""):
                    digest.update(block)
            if process.returncode != 0:
                errors.seek(0)
                raise self._refused(source, errors.read().decode("utf-8", "replace"))
        return digest.hexdigest()

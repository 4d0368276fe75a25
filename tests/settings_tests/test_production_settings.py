"""Production settings fail loudly without secrets and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# The access log's HMAC key, required in production like SECRET_KEY.
AUDIT_KEY = {"AUDIT_HMAC_KEYS": '{"2026-12": "' + "k7" * 32 + '"}', "AUDIT_HMAC_KEY_ID": "2026-12"}


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DEBUG", "SECRET_KEY", "STEGVIS_DEMO", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        and not k.startswith("AUDIT_")
    }
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "stegvis.settings"
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run("manage.py", "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_development_key():
    result = _run(
        "manage.py", "check", SECRET_KEY="insecure-development-key-never-used-in-production"
    )
    assert result.returncode != 0


def test_deploy_check_is_clean_in_production():
    result = _run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x9" * 32 + "-a-long-and-random-production-secret",
        ALLOWED_HOSTS="stegvis.example",
        **AUDIT_KEY,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_passwords_are_hashed_with_argon2():
    result = _run(
        "-c",
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.PASSWORD_HASHERS[0])",
        SECRET_KEY="x9" * 32,
        ALLOWED_HOSTS="stegvis.example",
        **AUDIT_KEY,
    )
    assert result.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file-" + "z" * 50)
    result = _run(
        "-c",
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SECRET_KEY[:12])",
        SECRET_KEY_FILE=str(secret),
        ALLOWED_HOSTS="stegvis.example",
        **AUDIT_KEY,
    )
    assert result.stdout.strip() == "from-a-file-"


def test_production_refuses_to_start_without_an_audit_key():
    result = _run("manage.py", "check", SECRET_KEY="x9" * 32, ALLOWED_HOSTS="stegvis.example")
    assert result.returncode != 0
    assert "AUDIT_HMAC_KEYS must be set" in result.stderr


def test_production_refuses_an_audit_key_id_that_is_not_configured():
    result = _run(
        "manage.py",
        "check",
        SECRET_KEY="x9" * 32,
        ALLOWED_HOSTS="stegvis.example",
        **{**AUDIT_KEY, "AUDIT_HMAC_KEY_ID": "2027-01"},
    )
    assert result.returncode != 0
    assert "AUDIT_HMAC_KEY_ID must name" in result.stderr


def test_audit_keys_can_come_from_a_file(tmp_path):
    keys = tmp_path / "audit-keys.json"
    keys.write_text('{"k1": "' + "s" * 40 + '"}')
    result = _run(
        "-c",
        "import django; django.setup(); from django.conf import settings; "
        "print(sorted(settings.AUDIT_HMAC_KEYS))",
        SECRET_KEY="x9" * 32,
        ALLOWED_HOSTS="stegvis.example",
        AUDIT_HMAC_KEYS_FILE=str(keys),
        AUDIT_HMAC_KEY_ID="k1",
    )
    assert result.stdout.strip() == "['k1']", result.stderr

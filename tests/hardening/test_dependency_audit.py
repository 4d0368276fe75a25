"""`.ci/audit-deps` fails on known vulnerabilities and says so when it could not audit at all."""

import json
import os
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _fake_pip_audit(tmp_path, report: dict | None) -> Path:
    """A stand-in for pip-audit: writes `report` to --output, or fails like a lost network."""
    script = tmp_path / "pip-audit"
    if report is None:
        body = 'echo "requests.exceptions.ConnectionError: no route to host" >&2; exit 1'
    else:
        body = (
            'while [ $# -gt 0 ]; do if [ "$1" = --output ]; then out=$2; fi; shift; done\n'
            f"cat > \"$out\" <<'JSON'\n{json.dumps(report)}\nJSON\n"
            f"exit {1 if any(d['vulns'] for d in report['dependencies']) else 0}"
        )
    script.write_text("#!/usr/bin/env bash\n" + body + "\n")
    script.chmod(0o755)
    return script


def _audit(tmp_path, report: dict | None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PIP_AUDIT": str(_fake_pip_audit(tmp_path, report))}
    return subprocess.run(
        [str(ROOT / ".ci" / "audit-deps")], env=env, capture_output=True, text=True, timeout=60
    )


def test_a_clean_audit_passes(tmp_path):
    result = _audit(tmp_path, {"dependencies": [{"name": "django", "version": "5.2", "vulns": []}]})
    assert result.returncode == 0, result.stderr
    assert "1 packages audited, 0 known vulnerabilities" in result.stdout


def test_a_known_vulnerability_fails_and_is_named(tmp_path):
    vuln = {"id": "PYSEC-2099-1", "fix_versions": ["5.2.99"]}
    report = {"dependencies": [{"name": "django", "version": "5.2", "vulns": [vuln]}]}
    result = _audit(tmp_path, report)
    assert result.returncode == 1
    assert "VULNERABLE django 5.2: PYSEC-2099-1 (fixed in 5.2.99)" in result.stdout


def test_an_unreachable_service_is_not_reported_as_clean(tmp_path):
    result = _audit(tmp_path, None)
    assert result.returncode == 2
    assert "could not audit" in result.stderr
    assert "no route to host" in result.stderr

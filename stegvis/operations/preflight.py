"""Check, before anything starts, that production serving has what it needs.

Run as `python -m stegvis.operations.preflight` (by `make serve` and the web unit's
ExecStartPre). It reads the environment without loading Django, so a missing secret is one
clear line per problem instead of a traceback from the settings module, and it exits with
status 2 when anything is missing:

- the secrets and settings production refuses to start without (each may come from NAME_FILE);
- DEBUG and the demo mode off;
- every translation catalogue (.po) compiled (.mo present and readable).
"""

import gettext
import os
import sys
from pathlib import Path

from stegvis.env import envbool
from stegvis.settings_parts.environment import BASE_DIR

# (variable, what it is for): every one must be set, directly or as NAME_FILE.
REQUIRED = [
    ("SECRET_KEY", "Django's signing key (a long random string)"),
    ("ALLOWED_HOSTS", "the host names the site answers to, comma-separated"),
    ("DATABASE_URL", "the database, e.g. postgres://stegvis@127.0.0.1:5432/stegvis"),
    ("AUDIT_HMAC_KEYS", 'the access log\'s keys as JSON, {"2026-12": "long random secret"}'),
    ("AUDIT_HMAC_KEY_ID", "the key id in AUDIT_HMAC_KEYS that seals new events"),
]


def missing_settings(environ=os.environ) -> list[str]:
    """One message per required variable that is unset, empty or names an unreadable file."""
    problems = []
    for name, meaning in REQUIRED:
        file_path = environ.get(f"{name}_FILE")
        if file_path:
            if not Path(file_path).is_file():
                problems.append(f"{name}_FILE names {file_path}, which is not a readable file.")
            continue
        if not environ.get(name, "").strip():
            problems.append(f"{name} is not set: {meaning}.")
    return problems


def unsafe_modes() -> list[str]:
    problems = []
    try:
        if envbool("DEBUG", False):
            problems.append("DEBUG is on: production serving needs DEBUG=0 (or unset).")
        if envbool("STEGVIS_DEMO", False):
            problems.append("STEGVIS_DEMO is on: the demo mode must not serve real data.")
    except ValueError as error:
        problems.append(str(error))
    return problems


def uncompiled_catalogues(root: Path = BASE_DIR) -> list[str]:
    """Translation catalogues (.po) without a readable compiled .mo beside them."""
    problems = []
    for po in sorted(
        [*root.glob("locale/*/LC_MESSAGES/*.po"), *root.glob("stegvis/*/locale/*/LC_MESSAGES/*.po")]
    ):
        mo = po.with_suffix(".mo")
        if not mo.is_file():
            problems.append(f"{po.relative_to(root)} is not compiled (run `make messages`).")
            continue
        try:
            with mo.open("rb") as handle:
                gettext.GNUTranslations(handle)
        except OSError as error:
            problems.append(f"{mo.relative_to(root)} cannot be read: {error}")
    return problems


def problems() -> list[str]:
    return [*missing_settings(), *unsafe_modes(), *uncompiled_catalogues()]


def main() -> int:
    found = problems()
    if not found:
        print("Preflight: the production settings and translations are in place.")
        return 0
    print("Stegvis will not start in production:", file=sys.stderr)
    for problem in found:
        print(f"  - {problem}", file=sys.stderr)
    print("See docs/deploy.md.", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())

"""The data set's manifest: who signs in and where they go.

`manage.py loadscale --manifest PATH` writes one; until a checkout has loadscale,
`python -m benchmarks.web.manifest PATH` (run with Stegvis's settings) writes one from the demo
region (`manage.py demo`), in the same shape:

    {"seed", "enrollments",
     "staff": [{"username", "email", "password", "totp_secret", "unit_id", "roles"}],
     "citizens": [{"username", "email", "password", "enrollment_id", "step_url", "module_key"}],
     "units": [{"id", "name", "enrollments"}]}
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REQUIRED = {
    "staff": {"email", "password", "totp_secret", "unit_id"},
    "citizens": {"email", "password", "enrollment_id", "step_url"},
}
ANSWER_BLOCKS = ("questionnaire", "homework", "worksheet", "checklist", "feedback")


def read_manifest(path: Path) -> dict:
    """Read and check a manifest; a missing field is an error, not a skipped account."""
    manifest = json.loads(Path(path).read_text())
    for part, fields in REQUIRED.items():
        if not manifest.get(part):
            raise ValueError(f"The manifest {path} lists no {part}.")
        for number, entry in enumerate(manifest[part]):
            missing = fields - entry.keys()
            if missing:
                raise ValueError(f"{path}: {part}[{number}] lacks {', '.join(sorted(missing))}.")
    return manifest


def accounts_for_run(manifest: dict, accounts: int) -> tuple[list[dict], list[dict]]:
    """Up to `accounts` practitioners, the first provider admin, and up to `accounts` citizens.

    Mina, Alla and Hantera are a practitioner's pages, so other unit roles are left out (a
    manifest that names no roles is taken as it is); the first practitioner of a unit is also
    its data admin (the unit's statistics). The provider admin, when the manifest names one,
    reads the provider-wide statistics.
    """
    staff = manifest["staff"]
    if any("roles" in member for member in staff):
        staff = [member for member in staff if "practitioner" in member.get("roles", [])]
    return staff[:accounts] + manifest.get("provider_admins", [])[:1], manifest["citizens"][
        :accounts
    ]


def demo_manifest() -> dict:
    """Describe the demo region's practitioners and enrolled citizens (Django set up)."""
    from django.db.models import Count, Q

    from stegvis.care.models import Phase
    from stegvis.organisation.models import CareUnit

    units = CareUnit.objects.annotate(
        open_enrollments=Count("enrollments", filter=~Q(enrollments__phase=Phase.CLOSED))
    ).order_by("pk")
    sizes = {unit.pk: unit.open_enrollments for unit in units}
    return {
        "seed": None,
        "source": "demo",
        "enrollments": sum(sizes.values()),
        "staff": _demo_practitioners(sizes),
        "citizens": _demo_citizens(),
        "units": [{"id": u.pk, "name": u.name, "enrollments": sizes[u.pk]} for u in units],
    }


def _demo_practitioners(sizes: dict[int, int]) -> list[dict]:
    """Demo staff who practise at a unit (not in training), at their unit with most enrollments."""
    from stegvis.demo import personas
    from stegvis.organisation.models import Role, RoleGrant

    staff = []
    for persona in personas.STAFF:
        grants = RoleGrant.objects.active().filter(staff__email=persona.email, unit__isnull=False)
        practised = [g.unit_id for g in grants if g.role == Role.PRACTITIONER]
        if not practised or persona.is_training:
            continue
        staff.append(
            {
                "username": persona.key,
                "email": persona.email,
                "password": personas.DEMO_PASSWORD,
                "totp_secret": personas.DEMO_TOTP_SECRET,
                "unit_id": max(practised, key=lambda unit_id: sizes.get(unit_id, 0)),
                "roles": sorted({g.role for g in grants}),
            }
        )
    return staff


def _demo_citizens() -> list[dict]:
    """Each demo citizen's first open enrollment with a step to answer."""
    from stegvis.care.models import Enrollment, ModuleState, Phase
    from stegvis.care.services.program import document_of
    from stegvis.demo import personas

    citizens = []
    for persona in personas.CITIZENS:
        enrollments = Enrollment.objects.filter(citizen__email=persona.email)
        for enrollment in enrollments.exclude(phase=Phase.CLOSED).select_related("release"):
            opened = set(
                ModuleState.objects.filter(
                    enrollment=enrollment, visibility=ModuleState.Visibility.OPEN
                ).values_list("module_key", flat=True)
            )
            step = _first_answer_step(document_of(enrollment.release), opened)
            if step is None:
                continue
            citizens.append(
                {
                    "username": persona.key,
                    "email": persona.email,
                    "password": personas.DEMO_PASSWORD,
                    "enrollment_id": enrollment.pk,
                    "step_url": f"/portal/{enrollment.pk}/steps/{step[1]}/",
                    "module_key": step[0],
                }
            )
            break
    return citizens


def _first_answer_step(document, open_modules: set[str]) -> tuple[str, str] | None:
    """The first step of an open module with something to answer (so it autosaves)."""
    for module, _section, step in document.steps():
        if module.key in open_modules and any(b.type in ANSWER_BLOCKS for b in step.blocks):
            return module.key, step.key
    return None


def main(path: str) -> None:
    import django

    django.setup()
    Path(path).write_text(json.dumps(demo_manifest(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])

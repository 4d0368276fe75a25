"""Set up an instance from the command line: providers, units, staff, an HSA import, sysadmins.

Whoever runs manage.py on the server is the operator: the changes are recorded in the access
log without an actor. Bad input ends with a CommandError (one message, exit status 1).
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from stegvis.organisation import onboarding
from stegvis.organisation.hsa_csv import FileRefused
from stegvis.organisation.hsa_import import REFUSED, import_hsa
from stegvis.organisation.identifiers import normalise_hsa_id
from stegvis.organisation.models import CareProvider, CareUnit, Role, Staff

ROLES = [role.value for role in Role]


def _person_arguments(parser, *, hsa_required: bool = True) -> None:
    parser.add_argument("--email", required=True)
    parser.add_argument("--first-name", required=True)
    parser.add_argument("--last-name", required=True)
    parser.add_argument("--hsa-id", required=hsa_required, default="")


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        provider = sub.add_parser("create-provider", help="Create a care provider.")
        provider.add_argument("--code", required=True, help="A short slug, e.g. region-vast.")
        provider.add_argument("--name", required=True)
        provider.add_argument("--hsa-id", default="", help="The provider's HSA-id, if any.")
        provider.add_argument("--admin-hsa-id", default="", help="Appoint this staff admin.")

        unit = sub.add_parser("add-unit", help="Add a care unit to a provider.")
        unit.add_argument("--provider", required=True, help="The provider's code.")
        unit.add_argument("--name", required=True)
        unit.add_argument("--hsa-id", required=True)

        staff = sub.add_parser("add-staff", help="Add a staff member, optionally with roles.")
        _person_arguments(staff)
        staff.add_argument("--unit", default="", help="HSA-id of the unit to assign them to.")
        staff.add_argument("--role", action="append", default=[], choices=ROLES)
        staff.add_argument("--provider", default="", help="Provider code, for provider_admin.")

        hsa = sub.add_parser("import-hsa", help="Import units, staff and assignments from CSV.")
        hsa.add_argument("file", type=Path)
        hsa.add_argument("--provider", required=True, help="The provider's code.")
        hsa.add_argument("--dry-run", action="store_true", help="Show the changes, write none.")

        admin = sub.add_parser("create-sysadmin", help="Make a staff member system administrator.")
        _person_arguments(admin, hsa_required=False)

    def handle(self, *args, subcommand: str, **options) -> None:
        handler = getattr(self, subcommand.replace("-", "_"))
        try:
            handler(**options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def create_provider(self, *, code, name, hsa_id, admin_hsa_id, **_options) -> None:
        admin = _staff(admin_hsa_id) if admin_hsa_id else None
        provider = onboarding.create_provider(actor=None, code=code, name=name, hsa_id=hsa_id)
        self.stdout.write(f"Created the care provider {provider.name} ({provider.code}).")
        if admin is not None:
            onboarding.appoint_provider_admin(actor=None, provider=provider, staff=admin)
            self.stdout.write(f"{admin} ({admin.hsa_id}) is its provider admin.")

    def add_unit(self, *, provider, name, hsa_id, **_options) -> None:
        unit = onboarding.add_unit(
            actor=None, provider=_provider(provider), name=name, hsa_id=hsa_id
        )
        self.stdout.write(f"Created the unit {unit.name} ({unit.hsa_id}).")

    def add_staff(self, *, email, first_name, last_name, hsa_id, unit, role, provider, **_o):
        if not hsa_id.strip():
            raise CommandError("--hsa-id must not be empty: staff are known by their HSA-id.")
        unit_roles = [r for r in role if r != Role.PROVIDER_ADMIN]
        target_unit = _unit(unit) if unit else None
        if unit_roles and target_unit is None:
            raise CommandError(f"--role {unit_roles[0]} needs --unit (a unit's HSA-id).")
        if Role.PROVIDER_ADMIN in role and not provider:
            raise CommandError("--role provider_admin needs --provider (a provider's code).")
        admin_of = _provider(provider) if provider else None
        staff = onboarding.create_staff(
            actor=None,
            provider=target_unit.provider if target_unit else admin_of,
            hsa_id=hsa_id,
            first_name=first_name,
            last_name=last_name,
            email=email,
        )
        self.stdout.write(f"Created the staff member {staff} ({staff.hsa_id}).")
        if target_unit is not None:
            onboarding.place_staff(actor=None, staff=staff, unit=target_unit, roles=unit_roles)
            roles = ", ".join(unit_roles) or "no roles"
            self.stdout.write(f"Assigned to {target_unit.name} with {roles}.")
        if admin_of is not None and Role.PROVIDER_ADMIN in role:
            onboarding.appoint_provider_admin(actor=None, provider=admin_of, staff=staff)
            self.stdout.write(f"Provider admin of {admin_of.name}.")

    def create_sysadmin(self, *, email, first_name, last_name, hsa_id, **_options) -> None:
        user, created = onboarding.make_system_admin(
            email=email, first_name=first_name, last_name=last_name, hsa_id=hsa_id
        )
        verb = "Created" if created else "Made"
        self.stdout.write(
            f"{verb} {user.email} system administrator. Set a password with "
            f"`manage.py changepassword {user.email}` or the password reset page; the second "
            "factor is set up at the first sign-in."
        )

    def import_hsa(self, *, file: Path, provider: str, dry_run: bool, **_options) -> None:
        target = _provider(provider)
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        try:
            report = import_hsa(
                actor=None, provider=target, data=file.read_bytes(), dry_run=dry_run
            )
        except FileRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(render_report(report))


def render_report(report) -> str:
    """The import report as text: the totals, what changed, then every refused row."""
    lines = []
    if report.dry_run:
        lines.append(_("Dry run: nothing was saved."))
    lines.append(
        _(
            "Rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
            "%(refused)s refused."
        )
        % {
            status: report.count(status)
            for status in ("created", "updated", "unchanged", "refused")
        }
    )
    lines.append(
        _(
            "Units: %(units_created)s new, %(units_updated)s changed. Staff: %(staff_created)s "
            "new, %(staff_updated)s changed. Care assignments: %(assignments_created)s new, "
            "%(assignments_updated)s changed."
        )
        % _changes(report)
    )
    for row in report.rows:
        if row.status == REFUSED:
            lines.append(
                _("Row %(line)s (%(hsa_id)s) refused: %(reason)s")
                % {"line": row.line, "hsa_id": row.hsa_id or "–", "reason": row.reason}
            )
    return "\n".join(lines)


def _changes(report) -> dict[str, int]:
    kinds = ("units", "staff", "assignments")
    return {
        f"{k}_{what}": report.changes[f"{k}_{what}"]
        for k in kinds
        for what in ("created", "updated")
    }


def _provider(code: str) -> CareProvider:
    provider = CareProvider.objects.filter(code=code).first()
    if provider is None:
        raise CommandError(f"No care provider with the code {code!r}.")
    return provider


def _unit(hsa_id: str) -> CareUnit:
    unit = CareUnit.objects.filter(hsa_id=normalise_hsa_id(hsa_id)).first()
    if unit is None:
        raise CommandError(f"No care unit with the HSA-id {hsa_id!r}.")
    return unit


def _staff(hsa_id: str) -> Staff:
    staff = Staff.objects.filter(hsa_id=normalise_hsa_id(hsa_id), is_active=True).first()
    if staff is None:
        raise CommandError(f"No active staff member with the HSA-id {hsa_id!r}.")
    return staff

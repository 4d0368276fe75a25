"""Importing units, staff and care assignments from an HSA export into one care provider.

Idempotent: units and staff are matched by HSA-id, assignments by (staff, unit, valid from);
what matches and agrees is left alone, so a second run of the same file changes nothing. Names
and e-mail come from the file (the catalogue owns them). A dry run does everything in a
transaction and rolls it back. The work is a fixed number of queries plus bulk inserts and
updates in batches, never a query per row (tests/organisation/test_hsa_import_scale.py).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.organisation.hsa_csv import BadRow, Row, read_rows
from stegvis.organisation.models import CareAssignment, CareProvider, CareUnit, Role, User
from stegvis.organisation.recording import record_change

CREATED, UPDATED, UNCHANGED, REFUSED = "created", "updated", "unchanged", "refused"
BATCH = 500


@dataclass(frozen=True)
class RowResult:
    line: int
    status: str
    hsa_id: str
    reason: str = ""


@dataclass
class ImportReport:
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    # What changed, by kind: "units_created", "staff_updated", "assignments_created", ...
    changes: Counter = field(default_factory=Counter)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    # For templates, which cannot pass an argument.
    @property
    def count_created(self) -> int:
        return self.count(CREATED)

    @property
    def count_updated(self) -> int:
        return self.count(UPDATED)

    @property
    def count_unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def refused(self) -> list[RowResult]:
        return [row for row in self.rows if row.status == REFUSED]


class _Import:
    """One run: the provider's units, the file's staff and their assignments, held in dicts."""

    def __init__(self, provider: CareProvider, rows: list[Row], report: ImportReport):
        self.provider = provider
        self.rows = rows
        self.report = report
        unit_ids = {row.unit_hsa_id for row in rows}
        self.units = {u.hsa_id: u for u in CareUnit.objects.filter(hsa_id__in=unit_ids)}
        staff_ids = {row.hsa_id for row in rows}
        emails = {row.email for row in rows}
        # E-mail is unique whatever its case (as services.create_citizen_account checks it).
        by_email = User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
        people = User.objects.filter(hsa_id__in=staff_ids) | by_email
        people = list(people.only("pk", "hsa_id", "email", "first_name", "last_name", "kind"))
        self.staff = {p.hsa_id: p for p in people if p.hsa_id}
        self.email_owner = {p.email.lower(): p.hsa_id for p in people}

    def run(self) -> None:
        accepted = self._check_rows()
        self._save_units(accepted)
        self._save_staff(accepted)
        self._save_assignments(accepted)

    def _refuse(self, row: Row, reason: str) -> None:
        self.report.rows.append(RowResult(row.line, REFUSED, row.hsa_id, reason))

    def _check_rows(self) -> list[Row]:
        """Refuse rows that conflict with the database or with an earlier row of the file."""
        accepted: list[Row] = []
        unit_names: dict[str, tuple[str, int]] = {}
        people: dict[str, tuple[Row, int]] = {}
        seen: dict[tuple, int] = {}
        today = timezone.localdate()
        for row in self.rows:
            unit = self.units.get(row.unit_hsa_id)
            owner = self.email_owner.get(row.email)
            name_line = unit_names.setdefault(row.unit_hsa_id, (row.unit_name, row.line))
            person = people.setdefault(row.hsa_id, (row, row.line))[0]
            key = (row.hsa_id, row.unit_hsa_id, row.valid_from)
            if unit is not None and unit.provider_id != self.provider.pk:
                self._refuse(row, _("The unit belongs to another care provider."))
            elif row.valid_until and row.valid_until < (row.valid_from or today):
                self._refuse(row, _("The assignment ends before it begins."))
            elif owner is not None and owner != row.hsa_id:
                self._refuse(row, _("The e-mail address belongs to someone else."))
            elif name_line[0] != row.unit_name:
                self._refuse(
                    row, _("The unit has another name on row %(line)s.") % {"line": name_line[1]}
                )
            elif (person.first_name, person.last_name, person.email) != (
                row.first_name,
                row.last_name,
                row.email,
            ):
                self._refuse(
                    row,
                    _("The person has another name or e-mail on row %(line)s.")
                    % {"line": people[row.hsa_id][1]},
                )
            elif key in seen:
                self._refuse(
                    row, _("The same assignment is on row %(line)s.") % {"line": seen[key]}
                )
            else:
                seen[key] = row.line
                self.email_owner[row.email] = row.hsa_id
                accepted.append(row)
        return accepted

    def _save_units(self, rows: list[Row]) -> None:
        new, changed = {}, {}
        for row in rows:
            unit = self.units.get(row.unit_hsa_id)
            if unit is None and row.unit_hsa_id not in new:
                new[row.unit_hsa_id] = CareUnit(
                    provider=self.provider, hsa_id=row.unit_hsa_id, name=row.unit_name
                )
            elif unit is not None and unit.name != row.unit_name:
                unit.name = row.unit_name
                changed[unit.hsa_id] = unit
        CareUnit.objects.bulk_create(new.values(), batch_size=BATCH)
        CareUnit.objects.bulk_update(changed.values(), ["name"], batch_size=BATCH)
        self.report.changes.update(units_created=len(new), units_updated=len(changed))
        self.touched_units = set(new) | set(changed)
        if new:
            fresh = CareUnit.objects.filter(hsa_id__in=list(new))
            self.units.update({u.hsa_id: u for u in fresh})

    def _save_staff(self, rows: list[Row]) -> None:
        new, changed = {}, {}
        for row in rows:
            person = self.staff.get(row.hsa_id)
            if person is None and row.hsa_id not in new:
                staff = User(
                    kind=User.Kind.STAFF,
                    hsa_id=row.hsa_id,
                    first_name=row.first_name,
                    last_name=row.last_name,
                    email=row.email,
                )
                staff.set_unusable_password()
                new[row.hsa_id] = staff
            elif person is not None and (person.first_name, person.last_name, person.email) != (
                row.first_name,
                row.last_name,
                row.email,
            ):
                person.first_name, person.last_name, person.email = (
                    row.first_name,
                    row.last_name,
                    row.email,
                )
                changed[row.hsa_id] = person
        User.objects.bulk_create(new.values(), batch_size=BATCH)
        fields = ["first_name", "last_name", "email"]
        User.objects.bulk_update(changed.values(), fields, batch_size=BATCH)
        self.report.changes.update(staff_created=len(new), staff_updated=len(changed))
        self.touched_staff = set(new) | set(changed)
        if new:
            fresh = User.objects.filter(hsa_id__in=list(new)).only("pk", "hsa_id")
            self.staff.update({p.hsa_id: p for p in fresh})

    def _save_assignments(self, rows: list[Row]) -> None:
        today = timezone.localdate()
        unit_pks = [unit.pk for unit in self.units.values()]
        existing = {
            (a.staff_id, a.unit_id, a.valid_from): a
            for a in CareAssignment.objects.filter(
                unit_id__in=unit_pks, staff_id__in=[p.pk for p in self.staff.values()]
            )
        }
        new, changed = [], []
        for row in rows:
            staff, unit = self.staff[row.hsa_id], self.units[row.unit_hsa_id]
            valid_from = row.valid_from or today
            assignment = existing.get((staff.pk, unit.pk, valid_from))
            if assignment is None:
                new.append(
                    CareAssignment(
                        staff_id=staff.pk,
                        unit_id=unit.pk,
                        valid_from=valid_from,
                        valid_until=row.valid_until,
                    )
                )
                status = CREATED
            elif assignment.valid_until != row.valid_until:
                assignment.valid_until = row.valid_until
                changed.append(assignment)
                status = UPDATED
            else:
                status = self._status_of_person_and_unit(row)
            self.report.rows.append(RowResult(row.line, status, row.hsa_id))
        CareAssignment.objects.bulk_create(new, batch_size=BATCH)
        CareAssignment.objects.bulk_update(changed, ["valid_until"], batch_size=BATCH)
        self.report.changes.update(assignments_created=len(new), assignments_updated=len(changed))

    def _status_of_person_and_unit(self, row: Row) -> str:
        if row.hsa_id in self.touched_staff or row.unit_hsa_id in self.touched_units:
            return UPDATED
        return UNCHANGED


def import_hsa(
    *, actor: User | None, provider: CareProvider, data: bytes, dry_run: bool = False
) -> ImportReport:
    """Import an HSA export (bytes of the CSV file) into `provider`; the report says what changed.

    `actor` is the provider admin in the clinic, or None from the command line. Raises
    hsa_csv.FileRefused when the file cannot be read at all; bad rows are refused one by one.
    """
    if actor is not None and not actor.has_perm("organisation.manage_units", provider):
        raise PermissionDenied
    rows, bad = read_rows(data)
    report = ImportReport(dry_run=dry_run)
    report.rows.extend(_refused(bad))
    with transaction.atomic():
        _Import(provider, rows, report).run()
        if any(report.changes.values()):
            record_change(
                actor=actor,
                action="organisation.import",
                provider=provider,
                role=Role.PROVIDER_ADMIN if actor is not None else "",
                target=provider,
            )
        if dry_run:
            transaction.set_rollback(True)
    report.rows.sort(key=lambda row: row.line)
    return report


def _refused(bad: list[BadRow]) -> list[RowResult]:
    return [RowResult(row.line, REFUSED, row.hsa_id, row.reason) for row in bad]

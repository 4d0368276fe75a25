"""Importing an HSA export: idempotent, a dry run writes nothing, refused rows say why."""

import pytest
from django.core.management import call_command

from stegvis.audit.models import AccessEvent
from stegvis.organisation.hsa_csv import FileRefused
from stegvis.organisation.hsa_import import CREATED, REFUSED, UNCHANGED, UPDATED, import_hsa
from stegvis.organisation.models import CareAssignment, CareUnit, User
from tests.organisation.hsa_files import hsa_file, region_rows

ROW = [
    "SE2321000065-IU1",
    "Vårdcentral Ek",
    "SE2321000065-IP1",
    "Karin",
    "Ek",
    "karin.ek@region.example",
    "2026-01-01",
    "2026-12-31",
]


def _import(world, data: bytes, **kwargs):
    return import_hsa(actor=None, provider=world.provider, data=data, **kwargs)


def test_units_staff_and_assignments_are_created(world):
    report = _import(world, hsa_file([ROW]))
    assert [(row.line, row.status) for row in report.rows] == [(2, CREATED)]
    unit = CareUnit.objects.get(hsa_id="SE2321000065-IU1", provider=world.provider)
    staff = User.objects.get(hsa_id="SE2321000065-IP1")
    assert (staff.first_name, staff.last_name, staff.email) == ("Karin", "Ek", ROW[5])
    assert staff.is_care_staff and not staff.has_usable_password()
    assignment = CareAssignment.objects.get(staff=staff, unit=unit)
    assert (
        str(assignment.valid_from) == "2026-01-01" and str(assignment.valid_until) == "2026-12-31"
    )
    assert AccessEvent.objects.filter(action="organisation.import").count() == 1


def test_a_second_run_changes_nothing(world):
    data = hsa_file(region_rows(3, 20))
    _import(world, data)
    before = AccessEvent.objects.count()
    report = _import(world, data)
    assert {row.status for row in report.rows} == {UNCHANGED}
    assert sum(report.changes.values()) == 0
    assert AccessEvent.objects.count() == before


def test_changed_names_and_validity_are_updated_from_the_source(world):
    _import(world, hsa_file([ROW]))
    changed = [*ROW[:3], "Karin", "Ek-Lund", "karin.eklund@region.example", "2026-01-01", ""]
    report = _import(world, hsa_file([changed]))
    assert report.rows[0].status == UPDATED
    staff = User.objects.get(hsa_id="SE2321000065-IP1")
    assert (staff.last_name, staff.email) == ("Ek-Lund", "karin.eklund@region.example")
    assert CareAssignment.objects.get(staff=staff).valid_until is None
    assert report.changes["staff_updated"] == 1 and report.changes["assignments_updated"] == 1


def test_a_dry_run_reports_the_changes_and_writes_nothing(world):
    report = _import(world, hsa_file([ROW]), dry_run=True)
    assert report.rows[0].status == CREATED and report.changes["staff_created"] == 1
    assert not User.objects.filter(hsa_id="SE2321000065-IP1").exists()
    assert not CareUnit.objects.filter(hsa_id="SE2321000065-IU1").exists()
    assert not AccessEvent.objects.filter(action="organisation.import").exists()


def test_refused_rows_name_the_row_and_the_reason(world):
    rows = [
        ROW,
        ["nej", "X", "SE2321000065-IP2", "A", "B", "a@region.example", "", ""],
        [*ROW[:5], "annan@region.example", "2026-01-01", ""],  # the same person, another e-mail
        [world.foreign_unit.hsa_id, "X", "SE2321000065-IP3", "A", "B", "c@r.example", "", ""],
        ["SE2321000065-IU2", "Y", "SE2321000065-IP4", "A", "B", world.practitioner.email, "", ""],
        ["SE2321000065-IU2", "Y", "SE2321000065-IP5", "A", "B", "d@r.example", "1/1 2026", ""],
        ["SE2321000065-IU2", "Y", "SE2321000065-IP6", "A", "", "e@r.example", "", ""],
        [
            "SE2321000065-IU2",
            "Y",
            "SE2321000065-IP7",
            "A",
            "B",
            "f@r.example",
            "2026-02-01",
            "2026-01-01",
        ],
        ROW,  # the same assignment again
    ]
    report = _import(world, hsa_file(rows))
    refused = {row.line: row.reason for row in report.rows if row.status == REFUSED}
    assert sorted(refused) == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "HSA-id" in refused[3]
    assert "rad 2" in refused[4] or "row 2" in refused[4]
    assert report.count(CREATED) == 1
    assert not User.objects.filter(hsa_id__in=["SE2321000065-IP3", "SE2321000065-IP4"]).exists()


def test_comma_delimiter_and_byte_order_mark_are_accepted(world):
    report = _import(world, hsa_file([ROW], delimiter=",", bom=True))
    assert report.rows[0].status == CREATED


def test_a_file_without_the_columns_is_refused_whole(world):
    with pytest.raises(FileRefused, match="enhet_hsa_id"):
        _import(world, b"namn;epost\r\nA;a@b.example\r\n")
    with pytest.raises(FileRefused):
        _import(world, "enhet_hsa_id;x\r\n".encode("utf-16"))


def test_the_command_prints_the_report_and_exits_non_zero_on_a_bad_file(world, tmp_path, capsys):
    path = tmp_path / "hsa.csv"
    path.write_bytes(hsa_file([ROW, ["nej", "X", "SE2321000065-IP2", "A", "B", "a@b.se", "", ""]]))
    call_command(
        "organisation", "import-hsa", str(path), "--provider", world.provider.code, "--dry-run"
    )
    out = capsys.readouterr().out
    assert "3" in out and "nej" not in out
    assert not User.objects.filter(hsa_id="SE2321000065-IP1").exists()
    call_command("organisation", "import-hsa", str(path), "--provider", world.provider.code)
    assert User.objects.filter(hsa_id="SE2321000065-IP1").exists()


def test_an_assignment_ended_before_today_without_a_start_is_refused(world):
    past = [*ROW[:6], "", "2020-01-01"]
    report = _import(world, hsa_file([past]))
    assert report.rows[0].status == REFUSED
    assert not User.objects.filter(hsa_id=ROW[2]).exists()


def test_an_e_mail_taken_in_another_case_is_refused(world):
    taken = world.practitioner.email.upper()
    report = _import(world, hsa_file([[*ROW[:5], taken, "", ""]]))
    assert report.rows[0].status == REFUSED

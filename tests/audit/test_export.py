"""The CSV export: UTF-8 with BOM, semicolons, one row per event, no formulas, itself logged."""

import csv
import io

from stegvis.audit.models import AccessEvent
from stegvis.spreadsheets import safe_cell

URL = "/clinic/access-log/export/"


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_the_export_has_a_header_and_one_row_per_matching_event(world, login, read):
    event = read()
    read(citizen=world.other_citizen)
    response = login(world.provider_admin).get(URL, {"citizen": world.citizen.pk})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="access-log-')
    header, *rows = _csv(response)
    assert len(header) == 16
    # The export's own event is recorded before the rows are read, and matches the filter.
    assert [row[14] for row in rows] == [
        str(AccessEvent.objects.get(action="audit.export").pk),
        str(event.pk),
    ]
    row = rows[1]
    assert row[2] == "enrollment.view"
    assert row[3] == world.practitioner.hsa_id
    assert row[6] == world.unit.hsa_id
    assert row[8] == world.citizen.personnummer


def test_the_export_is_recorded_naming_the_citizen(world, login, read):
    read()
    response = login(world.provider_admin).get(URL, {"citizen": world.citizen.pk})
    _csv(response)
    event = AccessEvent.objects.get(action="audit.export")
    assert event.citizen_id == world.citizen.pk
    assert event.actor_id == world.provider_admin.pk


def test_cells_that_would_be_formulas_are_defused(world, login, read):
    world.practitioner.first_name = '=HYPERLINK("http://evil.example","x")'
    world.practitioner.last_name = "+1"
    world.practitioner.save()
    world.citizen.first_name = "@SUM(A1)"
    world.citizen.save()
    read()
    _header, *rows = _csv(login(world.provider_admin).get(URL, {"actor": world.practitioner.pk}))
    (row,) = rows
    assert row[4].startswith("'=HYPERLINK")
    assert row[9].startswith("'@SUM")


def test_safe_cell_leaves_ordinary_text_and_numbers_alone():
    assert safe_cell("Anna Berg") == "Anna Berg"
    assert safe_cell(42) == "42"
    assert safe_cell(None) == ""
    # A plain negative number is no formula: it stays a number in Excel.
    assert safe_cell("-5,0") == "-5,0"
    for dangerous in ("=1+1", "+1", "-1+1", "-cmd", "@x", "\tx", "\rx", "|x", "%x"):
        assert safe_cell(dangerous) == "'" + dangerous


def test_semicolons_and_quotes_in_names_stay_in_their_cell(world, login, read):
    world.citizen.last_name = 'Berg; "Anna"'
    world.citizen.save()
    read()
    header, *rows = _csv(login(world.provider_admin).get(URL, {"actor": world.practitioner.pk}))
    assert rows[0][9].endswith('Berg; "Anna"')
    assert len(rows[0]) == len(header)

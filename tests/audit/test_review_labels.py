"""The log review speaks people's language: readable actions, each person in the right column."""

import re

import pytest
from django.utils import translation

from stegvis.audit.recording import record_read
from stegvis.audit.templatetags.access_log import _ACTIONS, access_action
from tests.factories import CitizenFactory

URL = "/clinic/access-log/"


def _rows(response) -> list[str]:
    html = response.content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)) for row in body.split("<tr>")[1:]]


def _cell(row_html: str, label: str) -> str:
    match = re.search(rf'data-label="{label}">(.*?)</td>', row_html, re.S)
    assert match, label
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def _raw_rows(response) -> list[str]:
    html = response.content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return body.split("<tr>")[1:]


def test_actions_are_shown_as_readable_swedish_not_codes(world, login, read):
    read(action="enrollment.view")
    record_read(
        actor=world.citizen,
        action="enrollment.view_own",
        citizen=world.citizen,
        unit=world.unit,
        role="citizen",
    )
    response = login(world.provider_admin).get(URL, {"citizen": world.citizen.pk})
    text = " ".join(_rows(response))
    assert "Visade ett moment" in text
    assert "Visade sitt program" in text
    assert "enrollment.view" not in text


def test_a_citizen_reading_their_own_data_is_not_listed_as_staff(world, login, read):
    read()
    record_read(
        actor=world.citizen,
        action="enrollment.view_own",
        citizen=world.citizen,
        unit=world.unit,
        role="citizen",
    )
    rows = _raw_rows(login(world.provider_admin).get(URL, {"citizen": world.citizen.pk}))
    staff = [_cell(row, "Medarbetare") for row in rows]
    assert world.practitioner.get_full_name() in " ".join(staff)
    own = next(row for row in rows if "Visade sitt program" in row)
    assert _cell(own, "Medarbetare") == "–"
    assert _cell(own, "Roll") == "Invånare"
    assert world.citizen.get_full_name() in _cell(own, "Invånare")


def test_a_relatives_read_names_the_relative_in_the_role_column(world, login):
    relative = CitizenFactory(first_name="Rut", last_name="Anhörig")
    record_read(
        actor=relative,
        action="enrollment.view_as_relative",
        citizen=world.citizen,
        unit=world.unit,
        role="relative",
    )
    rows = _raw_rows(login(world.provider_admin).get(URL, {"citizen": world.citizen.pk}))
    row = next(row for row in rows if "Visade programmet som följs" in row)
    assert _cell(row, "Medarbetare") == "–"
    assert "Rut Anhörig" in _cell(row, "Roll")
    assert world.citizen.get_full_name() in _cell(row, "Invånare")


@pytest.mark.parametrize("code", sorted(_ACTIONS))
def test_every_known_action_has_a_swedish_label(code):
    with translation.override("sv"):
        label = access_action(code)
    with translation.override("en"):
        english = access_action(code)
    assert "." not in label and label != english, (code, label)


def test_an_unknown_action_is_named_as_such(db):
    with translation.override("sv"):
        assert access_action("new.thing") == "Annan händelse: new.thing"


def test_actions_recorded_in_the_code_all_have_labels():
    # Every action="x.y" passed to the recording helpers in the apps has a label here.
    from pathlib import Path

    from django.conf import settings

    recorded = set()
    for path in Path(settings.BASE_DIR, "stegvis").rglob("*.py"):
        recorded |= set(re.findall(r'action="([a-z_]+\.[a-z_.]+)"', path.read_text()))
    history = {
        "enrollment.assigned",
        "enrollment.started",
        "feedback.answered",
        "flag.acknowledged",
    }
    history |= {"flag.raised", "handover.approved", "handover.rejected", "handover.started"}
    history |= {"handover.withdrawn", "module.hidden", "module.opened", "module.shown"}
    history |= {"phase.changed", "questionnaire.completed", "questionnaire.scheduled"}
    history |= {"questionnaire.skipped", "reminder.inactivity"}
    history |= {"feedback.submitted", "module.completed"}
    missing = recorded - set(_ACTIONS) - history
    assert not missing, sorted(missing)

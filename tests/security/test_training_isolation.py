"""Training is a world of its own (docs/training.md), over every staff URL of the matrix.

The matrix's entries (tests/security/expectations/) build a URL for every pattern around one
citizen and her enrollment. Every entry that some member of staff may use is requested, GET and
POST, by staff of the other world than the citizen's:

1. a test practitioner (practitioner and citizen admin at the unit) with the real citizen: no
   request shows her data or leaves an access event naming her;
2. the real practitioner and citizen admin, with the citizen a test citizen (all her
   enrollments training), outside training mode: the same; in training mode they reach her.
"""

import dataclasses

import pytest

from stegvis.care.models import Enrollment
from stegvis.organisation.models import Role, User
from stegvis.organisation.training import SESSION_KEY
from tests.factories import StaffFactory, assign
from tests.security import expectations
from tests.security.crawl import Sessions, run_cell
from tests.security.matrix import OK, STAFF
from tests.security.world import build_world

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _staff_entries():
    """Every entry (and group sample) that some member of staff may GET or POST."""
    samples = [s for group in expectations.groups() for s in group.samples]
    entries = expectations.entries() + samples
    return [
        entry
        for entry in entries
        if any(entry.get.get(p) == OK for p in STAFF)
        or (entry.post is not None and any(entry.post.get(p) == OK for p in STAFF))
    ]


def _world(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    sw = build_world(world)
    for build in expectations.builders():
        build(sw)
    return sw


def _in_training(entry):
    """The entry with the session switched to training mode before its own preparation."""

    def prepare(client, sw):
        session = client.session
        session[SESSION_KEY] = True
        session.save()
        if entry.prepare is not None:
            entry.prepare(client, sw)

    return dataclasses.replace(entry, prepare=prepare)


def _reaches_the_citizen(sessions, entries, persona) -> tuple[list[str], dict]:
    """Every request of `persona` that showed the citizen or logged an event naming her."""
    sw = sessions.sw
    reached, outcomes = [], {}
    for entry in entries:
        for method in ("GET", "POST") if entry.post is not None else ("GET",):
            cell = run_cell(sessions, entry, method, persona, expected="")
            outcomes.setdefault((entry.pattern, method), set()).add(cell.actual)
            named = [e.action for e in cell.events if e.citizen_id == sw.citizen.pk]
            if named or cell.markers_shown:
                reached.append(
                    f"- {cell.where}: {cell.actual}, events {named}, shows {cell.markers_shown}"
                )
    return reached, outcomes


def test_a_test_practitioner_reaches_no_real_citizen_on_any_staff_url(
    world, client, settings, tmp_path
):
    sw = _world(world, settings, tmp_path)
    sw.test_practitioner = assign(
        StaffFactory(is_training=True), sw.unit, Role.PRACTITIONER, Role.CITIZEN_ADMIN
    )
    entries = _staff_entries()
    reached, outcomes = _reaches_the_citizen(Sessions(client, sw), entries, "test_practitioner")
    assert not reached, "A test practitioner reached the real citizen:\n" + "\n".join(reached)
    # Not refused everywhere: their own world's pages open.
    assert OK in outcomes[("clinic:my_enrollments", "GET")]
    assert outcomes[("clinic:enrollment", "GET")] == {"not_found"}


def test_real_staff_see_no_training_enrollment_unless_in_training_mode(
    world, client, settings, tmp_path
):
    sw = _world(world, settings, tmp_path)
    User.objects.filter(pk=sw.citizen.pk).update(is_training=True)
    sw.citizen.is_training = True
    assert Enrollment.objects.filter(citizen=sw.citizen).update(is_training=True) >= 1
    entries = _staff_entries()
    sessions = Sessions(client, sw)
    for persona in ("practitioner", "citizen_admin"):
        reached, outcomes = _reaches_the_citizen(sessions, entries, persona)
        assert not reached, f"{persona} reached a test citizen:\n" + "\n".join(reached)
        assert outcomes[("clinic:enrollment", "GET")] == {"not_found"}
    # In training mode the same staff reach the training enrollment.
    enrollment_page = next(e for e in entries if e.pattern == "clinic:enrollment")
    cell = run_cell(sessions, _in_training(enrollment_page), "GET", "practitioner", "")
    assert cell.actual == OK, cell.detail
    assert any(e.citizen_id == sw.citizen.pk for e in cell.events)

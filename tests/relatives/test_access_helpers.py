"""The relatives' fetch-check-log helpers: staff fetch a grant only at their own unit (another
unit's is "not found") and with the rule for it (else "forbidden"); a relative finds only an
active grant; the portal's list of followed enrollments is logged by the helper, not a template."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from stegvis.audit.models import AccessEvent
from stegvis.relatives import access


def _reads_by(user) -> int:
    return AccessEvent.objects.filter(kind="read", actor=user).count()


def test_staff_at_the_unit_fetch_a_grant_and_the_read_is_logged(relative_world):
    rw = relative_world
    grant = access.get_grant_for_staff(
        rw.world.practitioner, rw.world.unit, rw.enrollment.pk, rw.grant.pk
    )
    assert grant == rw.grant and grant.enrollment == rw.enrollment
    assert _reads_by(rw.world.practitioner) == 1


def test_another_units_grant_is_not_found(relative_world):
    rw = relative_world
    user = rw.world.other_unit_practitioner
    with pytest.raises(Http404):
        access.get_grant_for_staff(user, rw.world.other_unit, rw.enrollment.pk, rw.grant.pk)
    assert _reads_by(user) == 0


def test_a_missing_role_at_the_unit_is_forbidden(relative_world):
    rw = relative_world
    with pytest.raises(PermissionDenied):
        access.get_grant_for_staff(
            rw.world.data_admin, rw.world.unit, rw.enrollment.pk, rw.grant.pk
        )
    assert _reads_by(rw.world.data_admin) == 0


def test_a_relative_finds_only_an_active_grant(relative_world):
    rw = relative_world
    assert access.get_grant_for_relative(rw.relative, rw.enrollment.pk) == rw.grant
    for outsider in (rw.ended_relative, rw.other_relative, rw.world.other_citizen):
        with pytest.raises(Http404):
            access.get_grant_for_relative(outsider, rw.enrollment.pk)
        assert _reads_by(outsider) == 0


def test_the_followed_enrollments_are_logged_by_the_helper(relative_world):
    rw = relative_world
    assert access.followed_grants(rw.relative) == [rw.grant]
    event = AccessEvent.objects.get(actor=rw.relative, action="enrollment.list_as_relative")
    assert event.citizen_id == rw.enrollment.citizen_id and event.actor_role == "relative"
    assert access.followed_grants(rw.world.practitioner) == []

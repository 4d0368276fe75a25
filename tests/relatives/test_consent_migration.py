"""Grants from before approvals were asked for keep working (relatives/0002_consent)."""

import importlib

from django.apps import apps

from stegvis.relatives.access import active_grant
from stegvis.relatives.models import RelativeGrant

migration = importlib.import_module("stegvis.relatives.migrations.0002_consent")


def test_old_grants_become_approved_from_the_day_they_were_given(relative_world):
    grants = [relative_world.grant, relative_world.ended_grant]
    RelativeGrant.objects.filter(pk__in=[g.pk for g in grants]).update(
        approved_at=None, approval=""
    )
    assert active_grant(relative_world.relative, relative_world.enrollment) is None

    migration.approve_existing(apps, None)

    for grant in grants:
        grant.refresh_from_db()
        assert grant.approved_at == grant.invited_at
        assert grant.approval == RelativeGrant.Approval.BEFORE_CONSENT
    assert active_grant(relative_world.relative, relative_world.enrollment) == relative_world.grant
    # An ended grant stays ended.
    assert not relative_world.ended_grant.is_active

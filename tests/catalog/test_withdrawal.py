"""A withdrawn release leaves the catalog: no new activations, running enrollments untouched."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from stegvis.audit.models import AccessEvent
from stegvis.catalog import services
from stegvis.catalog.models import ProgramRelease, UnitActivation
from tests.factories import make_provider_admin


def test_withdrawing_deactivates_everywhere_and_is_recorded(world, release):
    services.activate_release(actor=world.provider_admin, release=release, unit=world.unit)
    withdrawal = services.withdraw_release(
        actor=world.provider_admin, release=release, reason="Ersatt av 2.0"
    )
    assert withdrawal.withdrawn_by == world.provider_admin
    assert list(services.active_releases(world.unit)) == []
    assert UnitActivation.objects.get().deactivated_by == world.provider_admin
    assert AccessEvent.objects.filter(action="release.withdraw").exists()


def test_the_release_itself_is_unchanged(world, release):
    services.withdraw_release(actor=world.provider_admin, release=release, reason="Gammal")
    stored = ProgramRelease.objects.get()
    assert stored.document == release.document
    assert stored.content_hash == release.content_hash


def test_a_withdrawn_release_cannot_be_activated_anew(world, release):
    services.withdraw_release(actor=world.provider_admin, release=release, reason="Gammal")
    with pytest.raises(ValidationError) as excinfo:
        services.activate_release(actor=world.provider_admin, release=release, unit=world.unit)
    assert excinfo.value.code == "withdrawn"


def test_withdrawing_needs_a_reason_and_happens_once(world, release):
    with pytest.raises(ValidationError):
        services.withdraw_release(actor=world.provider_admin, release=release, reason="  ")
    services.withdraw_release(actor=world.provider_admin, release=release, reason="Gammal")
    with pytest.raises(ValidationError):
        services.withdraw_release(actor=world.provider_admin, release=release, reason="Igen")


def test_only_the_owners_provider_admin_withdraws(world, release):

    foreign_admin = world.foreign_staff
    make_provider_admin(foreign_admin, world.other_provider)
    for actor in (world.practitioner, world.access_admin, world.designer, foreign_admin):
        with pytest.raises(PermissionDenied):
            services.withdraw_release(actor=actor, release=release, reason="Nej")

"""Agreements (nyttjandeavtal) decide whether a provider may use another provider's program."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.catalog import services
from stegvis.catalog.models import ProgramAgreement, ProgramRelease
from tests.factories import ReleaseFactory

TODAY = timezone.localdate


def _agree(world, **kwargs):
    data = {
        "actor": world.provider_admin,
        "provider": world.provider,
        "owner": world.other_provider,
        "user_provider": world.provider,
        "program_key": "annat",
        "valid_from": TODAY(),
    }
    data.update(kwargs)
    return services.create_agreement(**data)


def _usable(world, release) -> bool:
    return (
        ProgramRelease.objects.filter(pk=release.pk).filter(services.usable_by(world.provider))
    ).exists()


def test_another_providers_program_needs_a_valid_agreement(world, foreign):
    assert not _usable(world, foreign)
    with pytest.raises(ValidationError) as excinfo:
        services.activate_release(actor=world.provider_admin, release=foreign, unit=world.unit)
    assert excinfo.value.code == "no_agreement"
    _agree(world)
    assert _usable(world, foreign)
    services.activate_release(actor=world.provider_admin, release=foreign, unit=world.unit)


@pytest.mark.parametrize(
    ("start", "end", "usable"),
    [
        (-10, None, True),
        (-10, 0, True),
        (-10, -1, False),  # ended yesterday
        (1, None, False),  # starts tomorrow
    ],
)
def test_only_an_agreement_in_force_today_counts(world, foreign, start, end, usable):
    today = TODAY()
    _agree(
        world,
        valid_from=today + dt.timedelta(days=start),
        valid_until=None if end is None else today + dt.timedelta(days=end),
    )
    assert _usable(world, foreign) is usable


def test_an_agreement_for_another_program_does_not_count(world, foreign):
    ReleaseFactory(
        owner=world.other_provider, key="tredje", providers=[world.other_provider, world.provider]
    )
    _agree(world, program_key="tredje")
    assert not _usable(world, foreign)


def test_own_programs_need_no_agreement(world):
    own = ReleaseFactory(owner=world.provider)
    assert _usable(world, own)


def test_an_agreement_is_recorded_with_an_audit_event(world, foreign):
    agreement = _agree(world, notes="Avtal 2026-17")
    assert agreement.program_name == "Testprogram"
    assert agreement.created_by == world.provider_admin
    assert AccessEvent.objects.filter(action="agreement.create", target_id=str(agreement.pk))


def test_the_acting_provider_must_be_a_party(world, foreign):
    from tests.factories import ProviderFactory

    with pytest.raises(PermissionDenied):
        _agree(world, user_provider=ProviderFactory())


def test_the_parties_must_differ_and_the_program_must_exist(world, foreign):
    with pytest.raises(ValidationError):
        _agree(world, owner=world.provider, program_key="testprogram")
    with pytest.raises(ValidationError):
        _agree(world, program_key="finns-inte")


def test_an_end_before_the_start_is_refused(world, foreign):
    with pytest.raises(ValidationError):
        _agree(world, valid_until=TODAY() - dt.timedelta(days=1))


def test_others_cannot_record_agreements(world, foreign):
    for actor in (world.practitioner, world.access_admin, world.foreign_staff):
        with pytest.raises(PermissionDenied):
            _agree(world, actor=actor)


def test_an_agreement_can_be_ended(world, foreign):
    agreement = _agree(world, valid_from=TODAY() - dt.timedelta(days=30))
    services.update_agreement(
        actor=world.provider_admin,
        provider=world.provider,
        agreement=agreement,
        valid_until=TODAY() - dt.timedelta(days=1),
    )
    assert not _usable(world, foreign)
    assert AccessEvent.objects.filter(action="agreement.update").exists()


def test_the_parties_of_an_agreement_cannot_be_changed(world, foreign):
    agreement = _agree(world)
    with pytest.raises(ValueError):
        services.update_agreement(
            actor=world.provider_admin,
            provider=world.provider,
            agreement=agreement,
            owner=world.provider,
        )


# --- pages ---------------------------------------------------------------------------------------


def test_record_an_agreement_from_the_page(world, login, foreign):
    client = login(world.provider_admin)
    url = reverse("clinic:catalog_agreement_create")
    program = f"{world.other_provider.pk}:annat"
    form = client.get(url, {"program": program}).context["form"]
    assert form.initial["program"] == program
    response = client.post(
        url,
        {
            "program": program,
            "user_provider": world.provider.pk,
            "valid_from": "2026-01-01",
            "valid_until": "",
            "notes": "Avtal",
        },
    )
    assert response.status_code == 302
    agreement = ProgramAgreement.objects.get()
    assert (agreement.owner, agreement.user_provider) == (world.other_provider, world.provider)
    listing = client.get(reverse("clinic:catalog_agreements"))
    assert "Testprogram" in listing.content.decode()


def test_bad_agreement_input_is_explained_and_kept(world, login, foreign):
    client = login(world.provider_admin)
    response = client.post(
        reverse("clinic:catalog_agreement_create"),
        {
            "program": f"{world.other_provider.pk}:annat",
            "user_provider": world.provider.pk,
            "valid_from": "2026-02-01",
            "valid_until": "2026-01-01",
            "notes": "Mina anteckningar",
        },
    )
    assert response.status_code == 200
    assert "valid_until" in response.context["form"].errors
    assert "Mina anteckningar" in response.content.decode()
    same = client.post(
        reverse("clinic:catalog_agreement_create"),
        {
            "program": f"{world.other_provider.pk}:annat",
            "user_provider": world.other_provider.pk,
            "valid_from": "2026-01-01",
        },
    )
    assert "user_provider" in same.context["form"].errors
    garbage = client.post(
        reverse("clinic:catalog_agreement_create"),
        {"program": "x:y", "user_provider": "zz", "valid_from": "igår"},
    )
    assert garbage.status_code == 200 and garbage.context["form"].errors
    assert not ProgramAgreement.objects.exists()


def test_change_an_agreement_from_the_page(world, login, foreign):
    agreement = _agree(world)
    client = login(world.provider_admin)
    url = reverse("clinic:catalog_agreement_edit", args=[agreement.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"valid_from": "2026-01-01", "valid_until": "2027-12-31", "notes": "Förlängt"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.valid_until == dt.date(2027, 12, 31)
    assert agreement.notes == "Förlängt"

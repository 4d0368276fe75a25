"""Only the provider's admins use its catalog; everyone else is refused, on every catalog URL."""

import pytest
from django.urls import reverse
from django.utils import timezone

from stegvis.catalog.models import UnitActivation
from stegvis.organisation.models import RoleGrant
from tests.conftest import PERSONAS
from tests.factories import (
    ProgramAgreementFactory,
    ReleaseFactory,
    StaffFactory,
    make_provider_admin,
)

OK, DENIED, NOT_FOUND, LOGIN = "ok", "denied", "not_found", "login"
EXTRA = ["foreign_provider_admin", "inactivated_provider_admin"]


def _outcome(response) -> str:
    if response.status_code in (200, 204):
        return OK
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    if response.status_code in (302, 403):
        return DENIED
    raise AssertionError(f"unexpected status {response.status_code}")


@pytest.fixture
def setup(world):
    release = ReleaseFactory(owner=world.provider)
    agreement = ProgramAgreementFactory(release=release, user_provider=world.other_provider)
    personas = {name: world.persona(name) for name in PERSONAS}
    personas["foreign_provider_admin"] = make_provider_admin(StaffFactory(), world.other_provider)
    inactive = make_provider_admin(StaffFactory(), world.provider)
    RoleGrant.objects.filter(staff=inactive).update(inactivated_at=timezone.now())
    personas["inactivated_provider_admin"] = inactive
    return release, agreement, personas


def _expected(persona: str, *, foreign: str) -> str:
    if persona == "anonymous":
        return LOGIN
    if persona == "provider_admin":
        return OK
    if persona == "foreign_provider_admin":
        return foreign
    return DENIED


# name: (url builder, what a provider admin of another provider gets)
PAGES = {
    "catalog": (lambda r, a: reverse("clinic:catalog"), OK),
    "release": (lambda r, a: reverse("clinic:catalog_release", args=[r.pk]), NOT_FOUND),
    "withdraw": (lambda r, a: reverse("clinic:catalog_withdraw", args=[r.pk]), NOT_FOUND),
    "export": (lambda r, a: reverse("clinic:catalog_export", args=[r.pk]), NOT_FOUND),
    "import": (lambda r, a: reverse("clinic:catalog_import"), OK),
    "agreements": (lambda r, a: reverse("clinic:catalog_agreements"), OK),
    "agreement_create": (lambda r, a: reverse("clinic:catalog_agreement_create"), OK),
    # The other provider is the using party of this agreement, so its admin may see it.
    "agreement_edit": (lambda r, a: reverse("clinic:catalog_agreement_edit", args=[a.pk]), OK),
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("persona", PERSONAS + EXTRA)
def test_who_may_open_each_catalog_page(setup, login, page, persona):
    release, agreement, personas = setup
    build, foreign = PAGES[page]
    response = login(personas[persona]).get(build(release, agreement))
    assert _outcome(response) == _expected(persona, foreign=foreign)


def test_an_agreement_between_other_providers_is_not_found(world, login, setup):
    from tests.factories import ProviderFactory

    third = ProviderFactory()
    agreement = ProgramAgreementFactory(owner=world.other_provider, user_provider=third)
    response = login(world.provider_admin).get(
        reverse("clinic:catalog_agreement_edit", args=[agreement.pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS + EXTRA)
def test_only_the_provider_admin_switches_releases_on_and_off(world, setup, login, persona):
    release, _agreement, personas = setup
    client = login(personas[persona])
    response = client.post(
        reverse("clinic:catalog_activate", args=[release.pk]), {"unit": world.unit.pk}
    )
    active = UnitActivation.objects.filter(release=release, deactivated_at=None).exists()
    if persona == "provider_admin":
        assert response.status_code == 302 and active
    else:
        assert _outcome(response) in (DENIED, LOGIN, NOT_FOUND)
        assert not active


@pytest.mark.parametrize("persona", PERSONAS + EXTRA)
def test_only_the_owners_admin_withdraws(world, setup, login, persona):
    release, _agreement, personas = setup
    response = login(personas[persona]).post(
        reverse("clinic:catalog_withdraw", args=[release.pk]), {"reason": "Test"}
    )
    release.refresh_from_db()
    if persona == "provider_admin":
        assert response.status_code == 302 and release.withdrawn
    else:
        assert _outcome(response) in (DENIED, LOGIN, NOT_FOUND)
        assert release.withdrawn is None

"""Provider admins browse the catalog in tabs, open a release and switch it on and off at units."""

from django.urls import reverse

from stegvis.catalog import services
from stegvis.catalog.models import UnitActivation
from tests.factories import ReleaseFactory


def _names(response) -> list[str]:
    return [r.name for r in response.context["releases"]]


def test_the_catalog_lists_own_and_released_to_programs_with_owner_and_developer(
    world, login, release, foreign
):
    response = login(world.provider_admin).get(reverse("clinic:catalog"))
    assert response.status_code == 200
    assert {r.pk for r in response.context["releases"]} == {release.pk, foreign.pk}
    html = response.content.decode()
    assert "Region Annan" in html and "Region Test" in html
    assert 'aria-current="page"' in html


def test_programs_not_released_to_the_provider_are_not_listed(world, login):
    hidden = ReleaseFactory(owner=world.other_provider, key="dolt")
    response = login(world.provider_admin).get(reverse("clinic:catalog"))
    assert hidden.pk not in {r.pk for r in response.context["releases"]}
    detail = login(world.provider_admin).get(reverse("clinic:catalog_release", args=[hidden.pk]))
    assert detail.status_code == 404


def test_tabs_split_available_active_and_unpublished(world, login, release, foreign):
    third = ReleaseFactory(owner=world.provider, key="tredje")
    services.activate_release(actor=world.provider_admin, release=release, unit=world.unit)
    services.withdraw_release(actor=world.provider_admin, release=third, reason="Ersatt")
    client = login(world.provider_admin)

    def tab(name):
        return {
            r.pk for r in client.get(reverse("clinic:catalog"), {"tab": name}).context["releases"]
        }

    assert tab("all") == {release.pk, foreign.pk, third.pk}
    assert tab("active") == {release.pk}
    assert tab("available") == {foreign.pk}
    assert tab("unpublished") == {third.pk}
    assert tab("nonsense") == tab("all")


def test_the_list_shows_which_units_use_a_release(world, login, release):
    services.activate_release(actor=world.provider_admin, release=release, unit=world.unit)
    response = login(world.provider_admin).get(reverse("clinic:catalog"))
    assert world.unit.name in response.content.decode()


def test_the_release_page_summarises_the_document(world, login, release):
    response = login(world.provider_admin).get(reverse("clinic:catalog_release", args=[release.pk]))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary["step_count"] == 1
    assert [q["key"] for q in summary["questionnaires"]] == ["phq9"]
    assert "PHQ-9" in response.content.decode()


def test_the_release_page_shows_older_versions(world, login, release):
    newer = ReleaseFactory(owner=world.provider, minor=1)
    response = login(world.provider_admin).get(reverse("clinic:catalog_release", args=[newer.pk]))
    assert [r.pk for r in response.context["history"]] == [release.pk]


def test_activate_and_deactivate_from_the_release_page(world, login, release):
    client = login(world.provider_admin)
    url = reverse("clinic:catalog_activate", args=[release.pk])
    response = client.post(url, {"unit": world.unit.pk})
    assert response.status_code == 302
    assert UnitActivation.objects.filter(
        release=release, unit=world.unit, deactivated_at=None
    ).exists()
    client.post(reverse("clinic:catalog_deactivate", args=[release.pk]), {"unit": world.unit.pk})
    assert not UnitActivation.objects.filter(release=release, deactivated_at=None).exists()


def test_a_unit_of_another_provider_cannot_be_used(world, login, release):
    response = login(world.provider_admin).post(
        reverse("clinic:catalog_activate", args=[release.pk]), {"unit": world.foreign_unit.pk}
    )
    assert response.status_code == 404
    bad = login(world.provider_admin).post(
        reverse("clinic:catalog_activate", args=[release.pk]), {"unit": "x"}
    )
    assert bad.status_code == 404
    assert not UnitActivation.objects.exists()


def test_activating_without_an_agreement_is_explained(world, login, foreign):
    client = login(world.provider_admin)
    response = client.post(
        reverse("clinic:catalog_activate", args=[foreign.pk]), {"unit": world.unit.pk}, follow=True
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not UnitActivation.objects.exists()


def test_withdraw_from_the_page(world, login, release):
    client = login(world.provider_admin)
    url = reverse("clinic:catalog_withdraw", args=[release.pk])
    assert client.get(url).status_code == 200
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200 and empty.context["form"].errors
    response = client.post(url, {"reason": "Ny version finns"})
    assert response.status_code == 302
    assert release.withdrawal.reason == "Ny version finns"


def test_another_providers_release_cannot_be_withdrawn_by_us(world, login, foreign):
    response = login(world.provider_admin).get(
        reverse("clinic:catalog_withdraw", args=[foreign.pk])
    )
    assert response.status_code == 403


def test_the_pages_work_in_english(world, login, release):
    client = login(world.provider_admin)
    client.post(reverse("set_language"), {"language": "en"})
    response = client.get(reverse("clinic:catalog_release", args=[release.pk]))
    assert response.status_code == 200

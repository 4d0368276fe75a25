"""The treatment outcomes page: who sees it, what it shows, bad filters, query counts."""

from django.urls import reverse

from stegvis.statistics.summaries.refresh import refresh
from tests.factories import CitizenFactory, StaffFactory, UnitFactory, assign
from tests.plugins.queries import assert_page_queries
from tests.statistics.helpers import outcome_data, scored

URL = reverse("clinic:statistics_outcomes")


def test_only_data_and_provider_admins_see_outcomes(world, login):
    assert login(None).get(URL).status_code == 302  # to sign in
    for user in (world.practitioner, world.citizen_admin, world.foreign_staff, world.citizen):
        assert login(user).get(URL).status_code == 403, user
    assert login(world.data_admin).get(URL).status_code == 200
    assert login(world.provider_admin).get(URL).status_code == 200


def test_the_page_shows_the_hand_computed_figures_without_training_data(world, login, start):
    outcome_data(world, start)
    response = login(world.data_admin).get(URL, {"program": "depression"})
    assert response.status_code == 200
    phq9 = next(r for r in response.context["results"] if r["outcome"].instrument == "phq9")
    shown = {name: value for name, _label, value in phq9["cells"]}
    assert shown["with_pre_and_post"] == "5" and shown["missing_post"] == "< 5"
    assert shown["mean_pre"] == "15,0" and shown["mean_post"] == "10,0"
    assert shown["mean_change"] == "-5,0" and shown["cohens_dz"] == "-0,93"
    assert phq9["chart"] is not None
    content = response.content.decode()
    assert "Behandlingsresultat" in content and "&lt; 5" in content


def test_a_data_admin_sees_only_their_units_and_a_provider_admin_all(
    world, login, start, other_unit_release
):
    there = world.other_unit_practitioner
    elsewhere = start(
        citizen=CitizenFactory(), unit=world.other_unit, practitioner=there, actor=there
    )
    scored(elsewhere, "phq9", [20, 5])
    start()  # so that the data admin's own unit has the program too
    refresh(full=True)
    response = login(world.data_admin).get(URL)
    units = dict(response.context["form"].fields["unit"].choices)
    assert world.unit.pk in units and world.other_unit.pk not in units
    refused = login(world.data_admin).get(URL, {"unit": world.other_unit.pk})
    assert refused.status_code == 400 and refused.context["form"].errors["unit"]
    response = login(world.provider_admin).get(URL, {"unit": world.other_unit.pk})
    assert response.status_code == 200
    assert response.context["results"][0]["outcome"].with_pre_and_post == 1


def test_bad_filters_get_a_message_not_an_error(world, login, start):
    start()
    client = login(world.data_admin)
    for query in (
        {"program": "depression", "started_from": "2026-13-01"},
        {"program": "depression", "started_from": "2026-02-01", "started_to": "2026-01-01"},
        {"program": "depression", "version": "9.9"},
        {"program": "no-such-program"},
    ):
        response = client.get(URL, query)
        assert response.status_code == 400, query
        assert response.context["form"].errors, query
        assert response.context["results"] == []


def test_a_provider_admin_of_another_provider_sees_nothing_of_ours(world, login, start):
    outcome_data(world, start)
    other_admin = assign(StaffFactory(), UnitFactory(provider=world.other_provider), "data_admin")
    response = login(other_admin).get(URL)
    assert response.status_code == 200 and response.context["programs"] == []
    assert "Inget program har inskrivningar" in response.content.decode()
    # Our program's key in the address is refused as a choice they do not have.
    refused = login(other_admin).get(URL, {"program": "depression"})
    assert refused.status_code == 400 and refused.context["results"] == []


def test_the_page_reads_in_a_fixed_number_of_queries(world, login, start):
    outcome_data(world, start)
    client = login(world.provider_admin)

    def grow():
        for pre, post in [(22, 4), (14, 14), (9, 3)]:
            scored(start(citizen=CitizenFactory()), "phq9", [pre, post])
            scored(start(citizen=CitizenFactory(), unit=world.unit), "gad7", [pre % 21, post])
        refresh()

    # Session, user, MFA, roles, the provider, the provider's units and the
    # allowed units, programs, versions; the enrollments per unit, the summarised scores, the
    # releases, the units' names for the breakdown, when the summaries were refreshed.
    assert_page_queries(client, f"{URL}?program=depression", 14, grow=grow)

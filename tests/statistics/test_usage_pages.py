"""The usage statistics page and its exports: who sees what, bad input, queries, files."""

import io
import itertools

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from stegvis.spreadsheets import XLSX_CONTENT_TYPE
from stegvis.statistics.summaries.refresh import refresh
from tests.factories import StaffFactory, assign
from tests.plugins.queries import assert_page_queries
from tests.statistics import usage_data

PAGE = "clinic:statistics_usage"
PERIOD_PAGE = "clinic:statistics_usage_period"
PERIOD_PART = "clinic:statistics_usage_period_part"
PERIOD = {"date_from": "2025-01-01", "date_to": "2025-06-30"}


def _export(table="historic", file_format="csv"):
    return reverse("clinic:statistics_usage_export", args=[table, file_format])


@pytest.fixture
def cohort(world, release, other_unit_release):
    return usage_data.build(world, release)


@pytest.mark.parametrize(
    "url",
    [
        reverse(PAGE),
        reverse(PERIOD_PAGE),
        reverse(PERIOD_PART),
        _export(),
        _export("current", "xlsx"),
    ],
)
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("data_admin", 200),
        ("provider_admin", 200),
        ("practitioner", 403),
        ("citizen_admin", 403),
        ("access_admin", 403),
        ("designer", 403),
        ("foreign_staff", 403),
        ("citizen", 403),
    ],
)
def test_only_data_and_provider_admins_see_statistics(world, login, url, persona, status):
    response = login(getattr(world, persona)).get(url)
    assert response.status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse(PAGE))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("name", [PAGE, PERIOD_PAGE, PERIOD_PART])
def test_another_providers_unit_is_not_found(world, login, name):
    response = login(world.provider_admin).get(reverse(name), {"unit": world.foreign_unit.pk})
    assert response.status_code == 404
    response = login(world.provider_admin).get(_export(), {"unit": world.foreign_unit.pk})
    assert response.status_code == 404


def test_a_data_admin_cannot_reach_another_unit(world, login):
    response = login(world.data_admin).get(reverse(PAGE), {"unit": world.other_unit.pk})
    assert response.status_code == 404


def test_the_page_says_training_data_never_counts(world, login):
    response = login(world.data_admin).get(reverse(PAGE))
    assert "Träningsdata" in response.content.decode()


def test_the_start_page_links_to_statistics_for_data_and_provider_admins(world, login):
    link = reverse(PAGE)
    for persona in ("data_admin", "provider_admin"):
        assert link in login(getattr(world, persona)).get(reverse("clinic:start")).content.decode()
    assert link not in login(world.practitioner).get(reverse("clinic:start")).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "2025-13-01"},
        {"date_from": "2025-06-01", "date_to": "2025-01-01"},
        {"date_from": "2010-01-01", "date_to": "2025-01-01"},
        {"group": "day"},
        {"breakdown": "practitioner"},
        {"unit": "abc"},
        {"age_band": "12-13"},
    ],
)
def test_bad_filters_are_explained_not_crashed(world, login, query):
    response = login(world.provider_admin).get(reverse(PAGE), query)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "current" not in response.context
    for name in (PERIOD_PAGE, PERIOD_PART):
        response = login(world.provider_admin).get(reverse(name), query)
        assert response.status_code == 400
        assert response.context["form"].errors
        assert "historic" not in response.context
    assert login(world.provider_admin).get(_export(), query).status_code == 400


@pytest.mark.parametrize("name", [PAGE, PERIOD_PAGE])
def test_practitioner_rows_are_shown_inside_one_unit(world, login, cohort, name):
    query = PERIOD | {"breakdown": "practitioner", "unit": world.unit.pk}
    response = login(world.provider_admin).get(reverse(name), query)
    assert response.status_code == 200
    assert world.practitioner.get_full_name() in response.content.decode()
    response = login(world.data_admin).get(reverse(name), PERIOD | {"breakdown": "practitioner"})
    assert world.practitioner.get_full_name() in response.content.decode()


CHART = '<img src="data:image/svg+xml;base64,'


def test_the_page_shows_now_and_links_to_the_period_it_loads(world, login, cohort):
    response = login(world.data_admin).get(reverse(PAGE), PERIOD)
    page = response.content.decode()
    assert response.context["current"].rows
    assert "historic" not in response.context  # loaded after the page
    assert page.count(CHART) == 1
    query = response.context["query"]
    assert f'href="{reverse(PERIOD_PAGE)}?{query}"'.replace("&", "&amp;") in page
    assert f'data-part="{reverse(PERIOD_PART)}?{query}"'.replace("&", "&amp;") in page


@pytest.mark.parametrize(("name", "whole_page"), [(PERIOD_PAGE, True), (PERIOD_PART, False)])
def test_the_period_shows_its_figures_and_charts(world, login, cohort, name, whole_page):
    response = login(world.data_admin).get(reverse(name), PERIOD)
    page = response.content.decode()
    assert response.context["historic"].rows[0][:3] == ["2025-02", "Alla enheter", 7]
    assert page.count(CHART) == 2
    assert ("<html" in page) is whole_page
    assert "Exportera" in page or "Ladda ner som CSV" in page


def test_the_csv_is_swedish_excel_and_suppresses_small_counts(world, login, cohort):
    response = login(world.data_admin).get(_export(), PERIOD)
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("\ufeff")
    lines = text.splitlines()
    assert lines[1].split(";")[:3] == ["2025-02", "Alla enheter", "7"]
    assert lines[2].split(";")[4] == "< 5"  # March: 2 closed early


def test_the_xlsx_keeps_numbers_as_numbers(world, login, cohort):
    response = login(world.provider_admin).get(_export("historic", "xlsx"), PERIOD)
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("2025-02", "Alla enheter", 7)
    assert rows[2][4] == "< 5"


def _more_data(world, release):
    def grow():
        usage_data.build(world, release)
        other = assign(StaffFactory(), world.unit, "practitioner")
        usage_data.enrol(world, release, practitioner=other)
        refresh()

    return grow


def test_the_page_reads_in_fixed_queries(world, login, release, cohort):
    # Session, user, MFA, role grants; the
    # provider's units; programs; now: phases, flags, unread messages, handovers waiting; the
    # navigation: log reviewers.
    assert_page_queries(
        login(world.provider_admin), reverse(PAGE), 11, grow=_more_data(world, release), data=PERIOD
    )


def test_the_period_reads_in_fixed_queries(world, login, release, cohort):
    # As the page up to the programs; the period from the summaries: the sums, days in
    # treatment, reply times; when the summaries were refreshed. The part leaves out the
    # navigation (log reviewers) and reads the workplace's provider itself.
    # By week and by quarter the sums read weeks, months and days in the same one query.
    for (name, queries), group in itertools.product(
        ((PERIOD_PAGE, 11), (PERIOD_PART, 11)), ("month", "week", "quarter")
    ):
        assert_page_queries(
            login(world.provider_admin),
            reverse(name),
            queries,
            grow=_more_data(world, release),
            data=PERIOD | {"group": group},
        )


def test_the_practitioner_page_reads_in_fixed_queries(world, login, release, cohort):
    # As above, with the workplace's unit instead of the provider's units, and the
    # practitioners' names for each table (1 now, 1 for the period).
    for name, queries in ((PAGE, 12), (PERIOD_PAGE, 12)):
        assert_page_queries(
            login(world.data_admin),
            reverse(name),
            queries,
            grow=_more_data(world, release),
            data=PERIOD | {"breakdown": "practitioner"},
        )

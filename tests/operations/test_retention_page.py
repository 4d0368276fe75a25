"""Gallring in the clinic: the provider admin sees each kind of data's period and its source,
sets or resets it (recorded in the access log), gets a clear answer to bad input and to a
change someone else made meanwhile, and sees what a run would remove now, as counts."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.care.models import Enrollment
from stegvis.care.services.enrollment import change_phase
from stegvis.operations.models import RetentionPeriod
from stegvis.operations.periods import Kind
from stegvis.operations.services import set_retention_period
from tests.factories import CitizenFactory
from tests.plugins.queries import assert_page_queries
from tests.plugins.world import PERSONAS

pytestmark = pytest.mark.django_db

PAGE = "clinic:retention"


@pytest.fixture(autouse=True)
def defaults(settings):
    settings.RETENTION_CLOSED_ENROLLMENT_DAYS = 3653
    settings.RETENTION_CLOSED_ENROLLMENT_DAYS_BY_PROGRAM = {}
    settings.ACCESS_LOG_RETENTION_DAYS = 3653


def _set_url(kind=Kind.NOTIFICATIONS):
    return reverse("clinic:retention_set", args=[kind.value])


def _reset_url(kind=Kind.NOTIFICATIONS):
    return reverse("clinic:retention_reset", args=[kind.value])


def _seen(period: RetentionPeriod | None) -> str:
    return period.changed_at.isoformat() if period else ""


def _post_days(client, days, *, seen="", kind=Kind.NOTIFICATIONS):
    prefix = kind.value
    return client.post(_set_url(kind), {f"{prefix}-days": days, f"{prefix}-seen": seen})


def _closed(world, start, *, days_ago: int) -> Enrollment:
    enrollment = start(citizen=CitizenFactory())
    change_phase(actor=world.practitioner, enrollment=enrollment, phase="closed", reason="Klar")
    Enrollment.objects.filter(pk=enrollment.pk).update(
        closed_at=timezone.now() - timedelta(days=days_ago)
    )
    return enrollment


def test_each_kind_shows_its_period_whether_default_and_its_legal_source(world, login):
    set_retention_period(
        actor=world.provider_admin, provider=world.provider, kind=Kind.NOTIFICATIONS, days=90
    )
    page = login(world.provider_admin).get(reverse(PAGE)).content.decode()
    assert "Gallring hos Region Test" in page
    assert "Avslutade inskrivningar med svar och meddelanden" in page
    assert "3653 dagar (cirka 10 år)" in page
    assert "Standard" in page
    assert "Patientdatalagen (2008:355) 3 kap. 17 §: en patientjournal bevaras minst tio" in page
    assert "Patientdatalagen 4 kap. 3 §" in page
    # Notifications: the provider's own 90 days, with the default beside it and a way back.
    assert "90 dagar" in page and "cirka 0" not in page
    assert "Vårdgivarens egen tid" in page
    assert "Använd standard (365 dagar)" in page
    assert 'name="notifications-seen"' in page


def test_the_provider_admin_sets_a_period_and_it_is_recorded(world, login):
    client = login(world.provider_admin)
    response = _post_days(client, "90")
    assert response.status_code == 302
    period = RetentionPeriod.objects.get(provider=world.provider, kind=Kind.NOTIFICATIONS)
    assert (period.days, period.changed_by) == (90, world.provider_admin)
    event = AccessEvent.objects.get(action="retention.period_set")
    assert (event.actor, event.provider) == (world.provider_admin, world.provider)
    page = client.get(response["Location"]).content.decode()
    assert "Aviseringar som skickats eller misslyckats sparas nu i 90 dagar." in page


def test_a_period_is_changed_again_with_the_version_the_page_showed(world, login):
    client = login(world.provider_admin)
    _post_days(client, "90")
    period = RetentionPeriod.objects.get()
    assert _post_days(client, "120", seen=_seen(period)).status_code == 302
    assert RetentionPeriod.objects.get().days == 120


def test_the_provider_admin_goes_back_to_the_default(world, login):
    period = set_retention_period(
        actor=world.provider_admin, provider=world.provider, kind=Kind.NOTIFICATIONS, days=90
    )
    client = login(world.provider_admin)
    response = client.post(_reset_url(), {"notifications-reset-seen": _seen(period)})
    assert response.status_code == 302
    assert not RetentionPeriod.objects.exists()
    assert AccessEvent.objects.filter(action="retention.period_reset").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "sparas enligt standardtiden igen (365 dagar)" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Ange hur många dagar det här slaget av uppgifter ska sparas."),
        ("tio år", "Ange tiden som ett helt antal dagar, till exempel 3653."),
        ("12.5", "Ange tiden som ett helt antal dagar, till exempel 3653."),
        ("0", "Tiden måste vara minst en dag."),
        ("-30", "Tiden måste vara minst en dag."),
        ("36601", "Tiden får vara högst 36600 dagar (100 år)."),
        ("9" * 30, "Tiden får vara högst 36600 dagar (100 år)."),
    ],
)
def test_bad_input_is_explained_in_swedish_and_nothing_is_saved(world, login, typed, message):
    response = _post_days(login(world.provider_admin), typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page
    assert f'value="{typed}"' in page or typed == ""
    assert not RetentionPeriod.objects.exists()
    assert not AccessEvent.objects.filter(action__startswith="retention.").exists()


def test_bad_input_is_explained_in_english_to_who_chose_english(world, login):
    client = login(world.provider_admin)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _post_days(client, "0").content.decode()
    assert "A period is at least one day." in page
    page = _post_days(client, "36601").content.decode()
    assert "A period is at most 36600 days (100 years)." in page


def test_a_period_someone_else_set_meanwhile_is_not_overwritten(world, login):
    client = login(world.provider_admin)
    # The page was opened while notifications had the default (seen ""); then a colleague set 60.
    set_retention_period(
        actor=world.provider_admin, provider=world.provider, kind=Kind.NOTIFICATIONS, days=60
    )
    response = _post_days(client, "90", seen="")
    assert response.status_code == 409
    page = response.content.decode()
    assert "Någon annan ändrade tiden medan du hade sidan öppen" in page
    assert "60 dagar" in page  # the period as it is now
    assert RetentionPeriod.objects.get().days == 60
    assert AccessEvent.objects.filter(action="retention.period_set").count() == 1


def test_a_change_on_an_old_page_is_refused_even_when_it_started_from_an_own_period(world, login):
    first = set_retention_period(
        actor=world.provider_admin, provider=world.provider, kind=Kind.NOTIFICATIONS, days=60
    )
    set_retention_period(
        actor=world.provider_admin, provider=world.provider, kind=Kind.NOTIFICATIONS, days=30
    )
    client = login(world.provider_admin)
    assert _post_days(client, "90", seen=_seen(first)).status_code == 409
    response = client.post(_reset_url(), {"notifications-reset-seen": _seen(first)})
    assert response.status_code == 409
    assert RetentionPeriod.objects.get().days == 30


def test_a_reset_of_a_period_already_reset_elsewhere_is_refused(world, login):
    period = set_retention_period(
        actor=world.provider_admin, provider=world.provider, kind=Kind.NOTIFICATIONS, days=60
    )
    set_retention_period(
        actor=world.provider_admin, provider=world.provider, kind=Kind.NOTIFICATIONS, days=None
    )
    response = login(world.provider_admin).post(
        _reset_url(), {"notifications-reset-seen": _seen(period)}
    )
    assert response.status_code == 409
    assert AccessEvent.objects.filter(action="retention.period_reset").count() == 1


def test_a_forged_version_is_refused_as_a_change_not_a_crash(world, login):
    response = _post_days(login(world.provider_admin), "90", seen="not-a-time")
    assert response.status_code == 409
    assert not RetentionPeriod.objects.exists()


def test_an_unknown_kind_is_not_found_and_get_is_not_allowed(world, login):
    client = login(world.provider_admin)
    assert client.post(reverse("clinic:retention_set", args=["answers"])).status_code == 404
    assert client.post(reverse("clinic:retention_reset", args=["answers"])).status_code == 404
    assert client.get(_set_url()).status_code == 405


def _refused(response, persona: str) -> bool:
    """Sent to sign in (anonymous), to choose a workplace (no role left), or 403."""
    if persona == "anonymous":
        return response.status_code == 302 and "/accounts/" in response["Location"]
    if persona == "inactivated_staff":
        return response.status_code == 302 and response["Location"] == reverse("clinic:workplace")
    return response.status_code == 403


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "provider_admin"])
def test_nobody_but_the_provider_admin_sees_or_sets_periods(world, login, persona):
    client = login(world.persona(persona))
    for response in (
        client.get(reverse(PAGE)),
        _post_days(client, "30"),
        client.post(_reset_url(), {"notifications-reset-seen": ""}),
    ):
        assert _refused(response, persona)
    assert not RetentionPeriod.objects.exists()
    assert not AccessEvent.objects.filter(action__startswith="retention.").exists()


def test_a_provider_admin_sets_only_their_own_providers_period(world, login):
    from tests.factories import StaffFactory, make_provider_admin

    theirs = make_provider_admin(StaffFactory(), world.other_provider)
    assert _post_days(login(theirs), "30").status_code == 302
    assert RetentionPeriod.objects.get().provider == world.other_provider
    page = login(world.provider_admin).get(reverse(PAGE)).content.decode()
    assert "Vårdgivarens egen tid" not in page


def test_what_would_be_removed_is_counted_for_this_provider_only_and_nothing_goes(
    world, login, start
):
    due = _closed(world, start, days_ago=4000)
    _closed(world, start, days_ago=10)
    theirs = _closed(world, start, days_ago=4000)
    Enrollment.objects.filter(pk=theirs.pk).update(unit=world.foreign_unit)  # another provider's
    page = login(world.provider_admin).get(reverse(PAGE))
    summary = dict(page.context["summary"])
    assert summary == {
        Kind.CLOSED_ENROLLMENTS: 1,
        Kind.ATTACHMENTS: 0,
        Kind.NOTIFICATIONS: 0,
        Kind.ACCESS_EVENTS: 0,
    }
    assert Enrollment.objects.filter(pk=due.pk).exists()
    # Counts only: nothing that names the citizen (a surname alone may be a staff member's too).
    html = page.content.decode()
    assert due.citizen.personnummer not in html
    assert due.citizen.get_full_name() not in html
    assert not AccessEvent.objects.filter(action__startswith="retention.").exists()


def test_a_shorter_period_shows_at_once_in_what_would_be_removed(world, login, start):
    _closed(world, start, days_ago=400)
    client = login(world.provider_admin)
    assert dict(client.get(reverse(PAGE)).context["summary"])[Kind.CLOSED_ENROLLMENTS] == 0
    _post_days(client, "365", kind=Kind.CLOSED_ENROLLMENTS)
    assert dict(client.get(reverse(PAGE)).context["summary"])[Kind.CLOSED_ENROLLMENTS] == 1


def test_the_page_runs_a_fixed_number_of_queries(world, login, start):
    client = login(world.provider_admin)

    def grow():
        for kind, days in ((Kind.NOTIFICATIONS, 30), (Kind.CLOSED_ENROLLMENTS, 365)):
            set_retention_period(
                actor=world.provider_admin, provider=world.provider, kind=kind, days=days
            )
        for days_ago in (400, 500, 4000):
            _closed(world, start, days_ago=days_ago)

    assert_page_queries(
        client,
        reverse(PAGE),
        # session, user, MFA, roles,
        # provider; the provider's periods with who changed them; what is due: closed
        # enrollments (the periods, the count), attachments (the periods of attachments and
        # of enrollments, the count), notifications (the periods, the count), access events
        # (the periods, the count).
        15,
        grow=grow,
    )


def test_the_menu_links_the_page_for_the_provider_admin_only(world, login):
    page = login(world.provider_admin).get(reverse("clinic:start")).content.decode()
    assert f'href="{reverse(PAGE)}"' in page
    assert ">Gallring<" in page
    page = login(world.practitioner).get(reverse("clinic:start")).content.decode()
    assert f'href="{reverse(PAGE)}"' not in page

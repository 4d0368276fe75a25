"""Relatives' pages, and the pages relatives add a panel to, run a fixed number of queries."""

from django.urls import reverse
from django.utils import timezone

from stegvis.relatives.models import RelativeGrant
from tests.factories import CitizenFactory, RelativeGrantFactory
from tests.plugins.queries import assert_page_queries
from tests.portal.fixtures import make_enrollment


def more_grants(rw, n: int, *, ended: bool = False) -> None:
    for _ in range(n):
        RelativeGrantFactory(
            enrollment=rw.enrollment,
            module_keys=["m1", "m2"],
            invited_by=rw.world.practitioner,
            ended_at=timezone.now() if ended else None,
            ended_by=rw.world.practitioner if ended else None,
        )


def more_followed(rw, n: int) -> None:
    """More enrollments (at the same unit) that the fixture's relative follows."""
    release = rw.enrollment.release
    for _ in range(n):
        enrollment = make_enrollment(CitizenFactory(), rw.world.unit, release)
        RelativeGrantFactory(
            enrollment=enrollment,
            relative=rw.relative,
            relation="guardian",
            module_keys=["m1"],
            invited_by=rw.world.practitioner,
        )


def test_hantera_does_not_grow_with_relatives(relative_world, login):
    client = login(relative_world.world.practitioner)
    url = reverse("clinic:enrollment", args=[relative_world.enrollment.pk])
    # Hantera's own queries (tests/care/test_query_counts.py), the enrollment's grants with
    # their relatives among them, less the two reads that run only when there is something to
    # read: no open item alert names a response, and no feedback moment has answers to show.
    assert_page_queries(
        client,
        url,
        24,
        grow=lambda: (more_grants(relative_world, 4), more_grants(relative_world, 4, ended=True)),
    )


def test_the_citizens_program_page_does_not_grow_with_relatives(relative_world, login):
    client = login(relative_world.world.citizen)
    url = reverse("portal:program", args=[relative_world.enrollment.pk])
    # The program page's own queries (with its proposed handover, issue 18) plus one: the
    # grants not ended (approved and waiting) with their relatives.
    assert_page_queries(client, url, 9, grow=lambda: more_grants(relative_world, 5))


def test_the_relatives_home_does_not_grow_with_followed_enrollments(relative_world, login):
    client = login(relative_world.relative)
    url = reverse("portal:home")
    # session + user, own enrollments (none), open programs; the followed grants with
    # enrollment, citizen, release and unit; their reads appended under one lock per unit
    # (savepoint, lock, chain head, insert, release).
    assert_page_queries(client, url, 7, grow=lambda: more_followed(relative_world, 4))


def test_the_following_page_does_not_grow_with_modules_or_other_grants(relative_world, login):
    rw = relative_world
    client = login(rw.relative)
    url = reverse("portal:following", args=[rw.enrollment.pk])

    def grow():
        more_grants(rw, 5)
        RelativeGrant.objects.filter(pk=rw.grant.pk).update(module_keys=["m1", "m2", "m3", "m4"])

    # session + user, the grant with enrollment, citizen, release and unit, the read event.
    assert_page_queries(client, url, 5, grow=grow)


def test_a_step_page_does_not_grow_with_grants(relative_world, login):
    rw = relative_world
    client = login(rw.relative)
    url = reverse("portal:following_step", args=[rw.enrollment.pk, "intro"])
    # session + user, the grant with its enrollment, the read event; nothing else.
    assert_page_queries(client, url, 5, grow=lambda: more_grants(rw, 5))

"""Unread counts on Hantera, Mina, Alla and the citizen's home, from one annotated query."""

from django.core.paginator import Paginator
from django.urls import reverse

from stegvis.care.models import Enrollment
from stegvis.care.services.handover import unfinished_work
from stegvis.clinic.lists import fill_page, my_enrollments
from stegvis.messaging.queries import annotate_unread, unanswered_count, unread_for_citizen_count
from tests.factories import CitizenFactory
from tests.messaging.helpers import citizen_says, team_says


def test_unanswered_count_counts_citizen_side_messages_the_team_has_not_read(
    world, login, enrollment, relatives
):
    assert unanswered_count(enrollment) == 0
    citizen_says(world.citizen, enrollment)
    citizen_says(relatives["relative"], enrollment)
    team_says(world.practitioner, enrollment)
    assert unanswered_count(enrollment) == 2
    assert unread_for_citizen_count(enrollment) == 1
    login(world.practitioner).get(reverse("clinic:messages", args=[enrollment.pk]))
    assert unanswered_count(enrollment) == 0


def test_a_handover_counts_the_messages_nobody_in_the_team_has_read(world, enrollment):
    # Care asks messaging through care/waiting.py, which messaging fills at start-up.
    citizen_says(world.citizen, enrollment)
    citizen_says(world.citizen, enrollment)
    assert unfinished_work(enrollment).unanswered_messages == 2


def test_annotate_unread_counts_per_enrollment(world, start, enrollment):
    other = start(citizen=CitizenFactory())
    citizen_says(world.citizen, enrollment)
    citizen_says(world.citizen, enrollment)
    counts = dict(annotate_unread(Enrollment.objects.all()).values_list("pk", "unread_messages"))
    assert counts == {enrollment.pk: 2, other.pk: 0}


def test_mina_and_alla_show_the_unread_count(world, login, enrollment):
    citizen_says(world.citizen, enrollment)
    citizen_says(world.citizen, enrollment)
    page = fill_page(Paginator(my_enrollments(world.practitioner, world.unit), 50).page(1))
    assert [row.unread_messages for row in page] == [2]
    link = f'href="{reverse("clinic:messages", args=[enrollment.pk])}" class="unread-count">2<'
    client = login(world.practitioner)
    assert link in client.get(reverse("clinic:my_enrollments")).content.decode()
    assert link in client.get(reverse("clinic:unit_enrollments")).content.decode()


def test_hantera_links_to_the_conversation_with_the_count(world, login, enrollment):
    citizen_says(world.citizen, enrollment)
    page = login(world.practitioner).get(reverse("clinic:enrollment", args=[enrollment.pk]))
    html = page.content.decode()
    assert reverse("clinic:messages", args=[enrollment.pk]) in html
    assert 'class="badge unread-count"' in html


def test_hantera_shows_no_messages_to_a_citizen_admin(world, login, enrollment):
    page = login(world.citizen_admin).get(reverse("clinic:enrollment", args=[enrollment.pk]))
    assert page.status_code == 200
    assert reverse("clinic:messages", args=[enrollment.pk]) not in page.content.decode()


def test_the_citizen_home_shows_new_messages_per_program(world, login, enrollment):
    team_says(world.practitioner, enrollment)
    team_says(world.practitioner, enrollment)
    html = login(world.citizen).get(reverse("portal:home")).content.decode()
    assert reverse("portal:messages", args=[enrollment.pk]) in html
    assert "2 " in html.split(reverse("portal:messages", args=[enrollment.pk]))[1][:400]


def test_a_closed_programs_messages_stay_reachable_from_home(world, login, enrollment):
    from tests.messaging.helpers import close

    team_says(world.practitioner, enrollment)
    close(enrollment)
    html = login(world.citizen).get(reverse("portal:home")).content.decode()
    assert reverse("portal:messages", args=[enrollment.pk]) in html


def test_the_pages_speak_swedish(world, login, enrollment):
    citizen_says(world.citizen, enrollment)
    staff = login(world.practitioner)
    hantera = staff.get(reverse("clinic:enrollment", args=[enrollment.pk])).content.decode()
    assert "1 oläst meddelande" in hantera
    conversation = staff.get(reverse("clinic:messages", args=[enrollment.pk])).content.decode()
    assert "Skriv ett meddelande" in conversation
    assert "Senaste först" in conversation

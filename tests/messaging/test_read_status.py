"""Read status: opening the conversation marks the other side's messages read, never one's own."""

from django.urls import reverse

from tests.messaging.helpers import citizen_says, team_says


def test_a_practitioner_opening_the_conversation_marks_the_citizens_messages_read(
    world, login, enrollment
):
    question = citizen_says(world.citizen, enrollment)
    answer = team_says(world.practitioner, enrollment)
    assert question.read_by_team_at is None
    response = login(world.practitioner).get(reverse("clinic:messages", args=[enrollment.pk]))
    assert response.status_code == 200
    question.refresh_from_db()
    answer.refresh_from_db()
    assert question.read_by_team_at is not None
    assert question.read_by_team_by == world.practitioner
    # The team's own message still waits for the citizen.
    assert answer.read_by_citizen_at is None


def test_the_citizen_opening_the_conversation_marks_the_teams_messages_read(
    world, login, enrollment
):
    answer = team_says(world.practitioner, enrollment)
    question = citizen_says(world.citizen, enrollment)
    login(world.citizen).get(reverse("portal:messages", args=[enrollment.pk]))
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.read_by_citizen_at is not None
    assert question.read_by_team_at is None


def test_a_relative_who_may_message_reads_for_the_citizen_side(world, login, enrollment, relatives):
    answer = team_says(world.practitioner, enrollment)
    login(relatives["relative"]).get(reverse("portal:messages", args=[enrollment.pk]))
    answer.refresh_from_db()
    assert answer.read_by_citizen_at is not None


def test_someone_refused_marks_nothing(world, login, enrollment, relatives):
    answer = team_says(world.practitioner, enrollment)
    question = citizen_says(world.citizen, enrollment)
    login(relatives["relative_without_messages"]).get(
        reverse("portal:messages", args=[enrollment.pk])
    )
    login(world.citizen_admin).get(reverse("clinic:messages", args=[enrollment.pk]))
    login(world.other_unit_practitioner).get(reverse("clinic:messages", args=[enrollment.pk]))
    answer.refresh_from_db()
    question.refresh_from_db()
    assert answer.read_by_citizen_at is None
    assert question.read_by_team_at is None


def test_each_side_sees_when_the_other_read_its_message(world, login, enrollment):
    team_says(world.practitioner, enrollment, "Fråga från teamet")
    citizen_says(world.citizen, enrollment, "Svar från invånaren")
    staff = login(world.practitioner)
    # Before the citizen has read it: not read yet (and the citizen's message is new).
    page = staff.get(reverse("clinic:messages", args=[enrollment.pk])).content.decode()
    assert 'data-read="no"' in page
    login(world.citizen).get(reverse("portal:messages", args=[enrollment.pk]))
    page = login(world.practitioner).get(reverse("clinic:messages", args=[enrollment.pk]))
    assert 'data-read="yes"' in page.content.decode()
    citizen_page = login(world.citizen).get(reverse("portal:messages", args=[enrollment.pk]))
    # The practitioner opened the conversation, so the citizen's message shows as read.
    assert 'data-read="yes"' in citizen_page.content.decode()


def test_the_conversation_is_newest_first_and_keeps_everything(world, login, enrollment):
    for n in range(3):
        team_says(world.practitioner, enrollment, f"Meddelande {n}")
    page = login(world.citizen).get(reverse("portal:messages", args=[enrollment.pk]))
    html = page.content.decode()
    assert html.index("Meddelande 2") < html.index("Meddelande 1") < html.index("Meddelande 0")


# Opening from another site (issue 12): a link elsewhere must not mark messages read.


def test_a_link_from_another_site_does_not_mark_the_citizens_messages_read(
    world, login, enrollment
):
    question = citizen_says(world.citizen, enrollment)
    client = login(world.practitioner)
    url = reverse("clinic:messages", args=[enrollment.pk])
    for fetch_site in ("cross-site", "same-site"):
        response = client.get(url, headers={"Sec-Fetch-Site": fetch_site})
        assert response.status_code == 200
        question.refresh_from_db()
        assert question.read_by_team_at is None
        assert reverse("clinic:messages_read", args=[enrollment.pk]).encode() in response.content


def test_a_link_from_another_site_does_not_mark_the_teams_messages_read(world, login, enrollment):
    answer = team_says(world.practitioner, enrollment)
    client = login(world.citizen)
    url = reverse("portal:messages", args=[enrollment.pk])
    response = client.get(url, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 200
    answer.refresh_from_db()
    assert answer.read_by_citizen_at is None


def test_the_button_marks_read_with_a_post(world, login, enrollment):
    question = citizen_says(world.citizen, enrollment)
    answer = team_says(world.practitioner, enrollment)
    login(world.practitioner).post(reverse("clinic:messages_read", args=[enrollment.pk]))
    login(world.citizen).post(reverse("portal:messages_read", args=[enrollment.pk]))
    question.refresh_from_db()
    answer.refresh_from_db()
    assert question.read_by_team_at is not None
    assert answer.read_by_citizen_at is not None


def test_our_own_pages_and_a_typed_address_still_mark_read(world, login, enrollment):
    question = citizen_says(world.citizen, enrollment)
    client = login(world.practitioner)
    url = reverse("clinic:messages", args=[enrollment.pk])
    client.get(url, headers={"Sec-Fetch-Site": "same-origin"})
    question.refresh_from_db()
    assert question.read_by_team_at is not None
    later = citizen_says(world.citizen, enrollment)
    client.get(url, headers={"Sec-Fetch-Site": "none"})
    later.refresh_from_db()
    assert later.read_by_team_at is not None

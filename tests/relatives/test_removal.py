"""Removing a relative ends their access at once: the very next request is refused, on every
relative page and on the conversation. The ended grant stays as history."""

import pytest
from django.test import Client
from django.urls import reverse

from stegvis.relatives.models import RelativeGrant
from tests.signin import sign_in

RELATIVE_GETS = {
    "following": lambda e: reverse("portal:following", args=[e.pk]),
    "step": lambda e: reverse("portal:following_step", args=[e.pk, "intro"]),
    "media": lambda e: reverse("portal:following_media", args=[e.pk, "pic.png"]),
    "messages": lambda e: reverse("portal:messages", args=[e.pk]),
}
RELATIVE_POSTS = {
    "send": lambda e: reverse("portal:messages_send", args=[e.pk]),
    "draft": lambda e: reverse("portal:messages_draft", args=[e.pk]),
}


@pytest.fixture
def relative_client(relative_world):
    client = Client()
    sign_in(client, relative_world.relative)
    return client


def _remove(relative_world, login):
    staff = login(relative_world.world.practitioner)
    url = reverse(
        "clinic:relative_end", args=[relative_world.enrollment.pk, relative_world.grant.pk]
    )
    assert staff.post(url).status_code == 302


@pytest.mark.parametrize("name", list(RELATIVE_GETS))
def test_the_next_page_load_after_removal_is_refused(relative_world, login, relative_client, name):
    url = RELATIVE_GETS[name](relative_world.enrollment)
    assert relative_client.get(url).status_code == 200
    _remove(relative_world, login)
    assert relative_client.get(url).status_code == 404


@pytest.mark.parametrize("name", list(RELATIVE_POSTS))
def test_a_removed_relative_cannot_write(relative_world, login, relative_client, name):
    _remove(relative_world, login)
    url = RELATIVE_POSTS[name](relative_world.enrollment)
    response = relative_client.post(url, {"body": "Hej", "text": "Hej"})
    assert response.status_code in (403, 404)
    from stegvis.messaging.models import Message

    assert not Message.objects.filter(enrollment=relative_world.enrollment).exists()


def test_removal_disappears_from_home_and_from_the_citizens_page(
    relative_world, login, relative_client
):
    rw = relative_world
    _remove(rw, login)
    home = relative_client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:following", args=[rw.enrollment.pk]) not in home
    citizen_page = login(rw.world.citizen).get(reverse("portal:program", args=[rw.enrollment.pk]))
    assert rw.relative.get_full_name() not in citizen_page.content.decode()


def test_the_ended_grant_stays_as_history(relative_world, login):
    rw = relative_world
    _remove(rw, login)
    grant = RelativeGrant.objects.get(pk=rw.grant.pk)
    assert grant.ended_at is not None and grant.ended_by == rw.world.practitioner
    page = login(rw.world.practitioner).get(reverse("clinic:enrollment", args=[rw.enrollment.pk]))
    content = page.content.decode()
    assert rw.relative.get_full_name() in content.split('id="relatives"', 1)[1]
    detail = reverse("clinic:relative_grant", args=[rw.enrollment.pk, rw.grant.pk])
    text = login(rw.world.practitioner).get(detail).content.decode()
    assert 'name="may_message"' not in text  # an ended grant cannot be changed


def test_removing_twice_changes_nothing(relative_world, login):
    _remove(relative_world, login)
    first = RelativeGrant.objects.get(pk=relative_world.grant.pk).ended_at
    _remove(relative_world, login)
    assert RelativeGrant.objects.get(pk=relative_world.grant.pk).ended_at == first


def test_an_ended_grant_cannot_be_changed(relative_world, login):
    rw = relative_world
    client = login(rw.world.practitioner)
    url = reverse("clinic:relative_grant", args=[rw.enrollment.pk, rw.ended_grant.pk])
    assert client.post(url, {"may_message": "on", "module_keys": ["m1", "m2"]}).status_code == 403
    rw.ended_grant.refresh_from_db()
    assert rw.ended_grant.module_keys == ["m1"]

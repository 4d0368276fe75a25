"""Changing a grant from its page in Hantera: messages on or off, the modules to read."""

from django.urls import reverse


def test_the_grant_page_shows_what_it_gives(relative_world, login):
    rw = relative_world
    url = reverse("clinic:relative_grant", args=[rw.enrollment.pk, rw.grant.pk])
    content = login(rw.world.practitioner).get(url).content.decode()
    assert rw.relative.get_full_name() in content
    assert "Kom igång" in content


def test_turning_messages_off_and_adding_a_module(relative_world, login):
    rw = relative_world
    client = login(rw.world.practitioner)
    url = reverse("clinic:relative_grant", args=[rw.enrollment.pk, rw.grant.pk])
    response = client.post(url, {"module_keys": ["m1", "m2"]})
    assert response.status_code == 302
    rw.grant.refresh_from_db()
    assert not rw.grant.may_message and rw.grant.module_keys == ["m1", "m2"]
    relative = login(rw.relative)
    assert relative.get(reverse("portal:messages", args=[rw.enrollment.pk])).status_code == 404
    step = reverse("portal:following_step", args=[rw.enrollment.pk, "sleep"])
    assert relative.get(step).status_code == 200


def test_an_unknown_module_is_refused_and_the_choice_is_kept(relative_world, login):
    rw = relative_world
    client = login(rw.world.citizen_admin)
    url = reverse("clinic:relative_grant", args=[rw.enrollment.pk, rw.grant.pk])
    response = client.post(url, {"may_message": "on", "module_keys": ["m2", "nope"]})
    assert response.status_code == 400
    rw.grant.refresh_from_db()
    assert rw.grant.module_keys == ["m1"]

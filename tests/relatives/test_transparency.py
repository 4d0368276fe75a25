"""The citizen sees on their program page who has access to their enrollment."""

from django.urls import reverse


def test_the_citizen_sees_who_follows_their_program(relative_world, login):
    rw = relative_world
    content = login(rw.world.citizen).get(reverse("portal:program", args=[rw.enrollment.pk]))
    text = content.content.decode()
    assert "Anna Anhörig" in text and "vårdnadshavare" in text.lower()
    assert rw.grant.invited_at.strftime("%Y") in text
    # The removed relative and other enrollments' relatives are not listed as having access.
    assert "Erik Tidigare" not in text and "Otto Annan" not in text


def test_without_relatives_the_page_says_only_the_care_team_has_access(
    world, login, relative_world
):
    content = login(world.other_citizen).get(
        reverse("portal:program", args=[relative_world.other_enrollment.pk])
    )
    assert "Otto Annan" in content.content.decode()
    relative_world.other_grant.delete()
    content = login(world.other_citizen).get(
        reverse("portal:program", args=[relative_world.other_enrollment.pk])
    )
    text = content.content.decode()
    assert "Otto Annan" not in text

"""Who may open the citizen's program pages: only the citizen who owns the enrollment."""

import pytest
from django.urls import reverse

from stegvis.catalog.models import ReleaseMedia
from tests.factories import QuestionnaireResponseFactory

STAFF = [
    "practitioner",
    "other_unit_practitioner",
    "citizen_admin",
    "access_admin",
    "data_admin",
    "provider_admin",
    "designer",
    "foreign_staff",
    "inactivated_staff",
]


def urls(enrollment, response_id):
    pk = enrollment.pk
    return {
        "program": ("get", reverse("portal:program", args=[pk])),
        "step": ("get", reverse("portal:step", args=[pk, "intro"])),
        "step_post": ("post", reverse("portal:step", args=[pk, "exercises"])),
        "autosave": ("post", reverse("portal:autosave", args=[pk, "exercises"])),
        "diary": ("post", reverse("portal:diary_entry", args=[pk, "intro", "d1"])),
        "due": ("get", reverse("portal:due_questionnaire", args=[pk, response_id])),
        "results": ("get", reverse("portal:results", args=[pk])),
        "plan": ("get", reverse("portal:plan", args=[pk])),
        "media": ("get", reverse("portal:media", args=[pk, "intro.png"])),
    }


@pytest.fixture
def due(enrollment):
    return QuestionnaireResponseFactory(enrollment=enrollment, due_at=enrollment.created_at)


NAMES = ["program", "step", "step_post", "autosave", "diary", "due", "results", "plan", "media"]


@pytest.mark.parametrize("name", NAMES)
def test_another_citizen_gets_not_found(world, enrollment, due, login, name):
    method, url = urls(enrollment, due.pk)[name]

    response = getattr(login(world.other_citizen), method)(url, {"hw1-text": "x"})

    assert response.status_code == 404


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("persona", STAFF)
def test_staff_are_refused(world, enrollment, due, login, name, persona):
    method, url = urls(enrollment, due.pk)[name]

    response = getattr(login(world.persona(persona)), method)(url)

    assert response.status_code == 403


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_visitors_are_sent_to_sign_in(world, enrollment, due, login, name):
    method, url = urls(enrollment, due.pk)[name]

    response = getattr(login(None), method)(url)

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_home_is_for_citizens_only(world, login):
    assert login(world.citizen).get(reverse("portal:home")).status_code == 200
    assert login(world.practitioner).get(reverse("portal:home")).status_code == 403
    assert login(None).get(reverse("portal:home")).status_code == 302


def test_home_lists_only_the_citizens_own_programs(world, enrollment, login):
    content = login(world.other_citizen).get(reverse("portal:home")).content.decode()

    assert reverse("portal:program", args=[enrollment.pk]) not in content


def test_the_owner_reads_their_release_media(world, enrollment, login, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    media = ReleaseMedia(
        release=enrollment.release, name="intro.png", content_type="image/png", sha256="0" * 64
    )
    media.size = 4
    media.file.save("intro.png", ContentFile(b"\x89PNG"), save=True)

    response = login(world.citizen).get(reverse("portal:media", args=[enrollment.pk, "intro.png"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == b"\x89PNG"


def test_a_due_questionnaire_of_another_enrollment_is_not_found(world, enrollment, due, login):
    from tests.portal.fixtures import make_enrollment

    mine = make_enrollment(world.other_citizen, world.unit, enrollment.release)

    response = login(world.other_citizen).get(
        reverse("portal:due_questionnaire", args=[mine.pk, due.pk])
    )

    assert response.status_code == 404


def test_reading_a_step_is_in_the_access_log(world, enrollment, login):
    from stegvis.audit.models import AccessEvent

    login(world.citizen).get(reverse("portal:step", args=[enrollment.pk, "intro"]))

    assert AccessEvent.objects.filter(
        actor=world.citizen, enrollment_id=enrollment.pk, kind="read"
    ).exists()

"""The REST API at /api/v1/, driven over HTTP as a real client would (live server + requests).

Personas: a system client (client credentials) that reads; a staff member's app (user/...)
that may change what the staff member may change on the web; a client of another provider.
"""

import datetime as dt
import secrets

import pytest
import requests
from django.utils import timezone
from oauth2_provider.models import AccessToken

from stegvis.api.models import ApiClient
from stegvis.audit.models import AccessEvent
from stegvis.care.models import Enrollment
from stegvis.messaging.models import Message
from tests.api.conftest import basic, make_client
from tests.factories import EnrollmentFactory, MessageFactory, ReleaseFactory

pytestmark = pytest.mark.django_db(transaction=True)

REST_SCOPES = [
    "system/PlanDefinition.read",
    "system/EpisodeOfCare.read",
    "system/Communication.read",
]
USER_SCOPES = [
    "user/PlanDefinition.read",
    "user/EpisodeOfCare.read",
    "user/EpisodeOfCare.write",
    "user/Communication.read",
    "user/Communication.write",
]


@pytest.fixture
def setup(world, live_server, settings):
    # Every test asks the token endpoint from the same address; its own limit is tested in
    # tests/api.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_token": "1000/m"}
    release = ReleaseFactory(owner=world.provider, active_at=[world.unit])
    enrollment = EnrollmentFactory(
        release=release, unit=world.unit, citizen=world.citizen, practitioner=world.practitioner
    )
    other = EnrollmentFactory(release=release, unit=world.other_unit, practitioner=None)
    MessageFactory(enrollment=enrollment, body="Hej från invånaren")
    return {"url": live_server.url + "/api/v1", "release": release, "e": enrollment, "o": other}


def system_token(live_server, world, scopes=REST_SCOPES, **kw) -> str:
    issued = make_client(world, scopes=scopes, **kw)
    answer = requests.post(
        live_server.url + "/oauth/token/",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": basic(issued)},
        timeout=30,
    ).json()
    return answer["access_token"]


def staff_token(world, staff, scopes=USER_SCOPES) -> str:
    """A staff app's token as the code flow leaves it (the flow itself: tests/api/test_pkce)."""
    issued = make_client(
        world,
        kind=ApiClient.Kind.STAFF_APP,
        scopes=scopes,
        redirect_uris="https://app.example/callback",
    )
    raw = secrets.token_urlsafe(30)
    AccessToken.objects.create(
        user=staff,
        application=issued.client.application,
        token=raw,
        expires=timezone.now() + dt.timedelta(hours=1),
        scope=" ".join(scopes),
    )
    return raw


def get(url, token, **params):
    return requests.get(
        url, headers={"Authorization": f"Bearer {token}"}, params=params, timeout=30
    )


def post(url, token, body):
    return requests.post(url, headers={"Authorization": f"Bearer {token}"}, json=body, timeout=30)


def test_the_openapi_document_and_interactive_docs_are_published(setup):
    document = requests.get(setup["url"] + "/openapi.json", timeout=30).json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/enrollments" in document["paths"]
    assert (
        "BearerAuth" in str(document["components"]["securitySchemes"])
        or document["components"]["securitySchemes"]
    )
    docs = requests.get(setup["url"] + "/docs", timeout=30)
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_a_system_client_lists_its_releases_programs_and_units(setup, live_server, world):
    token = system_token(live_server, world)
    answer = get(setup["url"] + "/releases", token)
    assert answer.status_code == 200, answer.text
    releases = answer.json()
    assert [(r["id"], r["version"], r["active_units"]) for r in releases] == [
        (setup["release"].pk, "1.0", [world.unit.pk])
    ]
    programs = get(setup["url"] + "/programs", token).json()
    assert programs[0]["latest_release"] == setup["release"].pk
    units = {u["id"]: u for u in get(setup["url"] + "/units", token).json()}
    assert units[world.unit.pk]["active_releases"] == [setup["release"].pk]
    assert world.foreign_unit.pk not in units


def test_enrollments_are_those_of_the_clients_units_and_each_read_is_logged(
    setup, live_server, world
):
    token = system_token(live_server, world, units=[world.unit])
    rows = get(setup["url"] + "/enrollments", token).json()
    assert [r["id"] for r in rows] == [setup["e"].pk]
    one = get(setup["url"] + f"/enrollments/{setup['e'].pk}", token)
    assert one.json()["phase"] == "treatment"
    assert get(setup["url"] + f"/enrollments/{setup['o'].pk}", token).status_code == 404
    events = AccessEvent.objects.filter(enrollment_id=setup["e"].pk, actor_role="api_client")
    assert {"api.enrollment_search", "api.enrollment_read"} <= set(
        events.values_list("action", flat=True)
    )
    code = ApiClient.objects.get().code
    assert set(events.values_list("actor_hsa_id", flat=True)) == {code}


def test_messages_are_read_with_an_access_event(setup, live_server, world):
    token = system_token(live_server, world)
    messages = get(setup["url"] + f"/enrollments/{setup['e'].pk}/messages", token).json()
    assert [m["body"] for m in messages] == ["Hej från invånaren"]
    assert AccessEvent.objects.filter(
        action="api.messages_read", enrollment_id=setup["e"].pk
    ).exists()


def test_a_missing_scope_or_token_is_refused_in_swedish_and_english(setup, live_server, world):
    token = system_token(live_server, world, scopes=["system/EpisodeOfCare.read"])
    refused = get(setup["url"] + "/releases", token)
    assert refused.status_code == 403
    assert set(refused.json()["error"]["message"]) == {"sv", "en"}
    anonymous = requests.get(setup["url"] + "/enrollments", timeout=30)
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["message"]["sv"] == "En åtkomsttoken krävs."
    bad = get(setup["url"] + "/enrollments", "not-a-token")
    assert bad.status_code == 401


def test_a_system_client_cannot_change_anything(setup, live_server, world):
    token = system_token(live_server, world, scopes=[*REST_SCOPES])
    answer = post(
        setup["url"] + f"/enrollments/{setup['e'].pk}/phase", token, {"phase": "x", "reason": "y"}
    )
    assert answer.status_code == 403


def test_a_practitioners_app_changes_the_phase_through_the_care_service(setup, world):
    token = staff_token(world, world.practitioner)
    url = setup["url"] + f"/enrollments/{setup['e'].pk}/phase"
    missing = post(url, token, {"phase": "maintenance", "reason": " "})
    assert missing.status_code == 400
    assert missing.json()["error"]["message"]["en"] == "Say why the phase changes."
    assert missing.json()["error"]["message"]["sv"] != missing.json()["error"]["message"]["en"]
    done = post(url, token, {"phase": "maintenance", "reason": "Mår bättre"})
    assert done.status_code == 200, done.text
    assert Enrollment.objects.get(pk=setup["e"].pk).phase == "maintenance"


def test_a_practitioners_app_sends_a_message(setup, world):
    token = staff_token(world, world.practitioner)
    sent = post(setup["url"] + f"/enrollments/{setup['e'].pk}/messages", token, {"body": "Hej!"})
    assert sent.status_code == 201, sent.text
    assert Message.objects.filter(enrollment=setup["e"], sender_side="team").count() == 1


def test_a_malformed_body_is_a_bilingual_400_not_a_500(setup, world):
    token = staff_token(world, world.practitioner)
    answer = post(setup["url"] + f"/enrollments/{setup['e'].pk}/phase", token, {"phase": 3})
    assert answer.status_code == 400
    assert answer.json()["error"]["message"]["sv"].startswith("Begäran är inte giltig")


def test_another_providers_client_sees_none_of_it(setup, live_server, world):
    token = system_token(live_server, world, provider=world.other_provider)
    assert get(setup["url"] + "/enrollments", token).json() == []
    assert get(setup["url"] + f"/enrollments/{setup['e'].pk}", token).status_code == 404
    assert get(setup["url"] + f"/releases/{setup['release'].pk}", token).status_code == 404


def test_a_citizen_admins_app_starts_an_enrollment_under_the_care_rules(setup, world):
    token = staff_token(world, world.citizen_admin)
    body = {
        "citizen": world.other_citizen.pk,
        "unit": world.unit.pk,
        "release": setup["release"].pk,
        "practitioner": world.practitioner.pk,
    }
    started = post(setup["url"] + "/enrollments", token, body)
    assert started.status_code == 201, started.text
    assert Enrollment.objects.filter(citizen=world.other_citizen, unit=world.unit).exists()
    again = post(setup["url"] + "/enrollments", token, body)
    assert again.status_code == 400  # a second running enrollment is refused by the service
    assert set(again.json()["error"]["message"]) == {"sv", "en"}

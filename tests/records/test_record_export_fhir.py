"""A citizen's record as FHIR: a collection Bundle built with the API's mappers.

The same doors as the JSON and PDF forms (tests/records/test_record_export.py): the citizen's
own in the portal, a citizen admin's (the provider's part) in the clinic; one access event per
download naming the format.
"""

import json

import pytest
from django.urls import reverse
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from stegvis.audit.models import AccessEvent
from tests.api.scenario import answer
from tests.factories import CitizenFactory, MessageFactory
from tests.portal.fixtures import make_enrollment, make_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrollment(world, start):
    enrollment = start()
    answer(enrollment, 1, "2")
    MessageFactory(enrollment=enrollment, body="Hej från Åsa")
    MessageFactory(
        enrollment=enrollment,
        author=world.practitioner,
        sender_side="team",
        author_role="practitioner",
        body="Hej Åsa, bra jobbat",
    )
    return enrollment


@pytest.fixture
def others(world, start):
    """The other citizen's care here, and the citizen's at another provider."""
    theirs = start(citizen=world.other_citizen)
    answer(theirs, 1, "3")
    MessageFactory(enrollment=theirs, body="Den andres hemlighet")
    foreign = make_enrollment(
        world.citizen, world.foreign_unit, make_release(world.other_provider, world.foreign_unit)
    )
    MessageFactory(enrollment=foreign, body="Hos en annan vårdgivare")
    return foreign


def _own() -> str:
    return reverse("portal:my_record_download", args=["fhir"])


def _clinic(citizen) -> str:
    return reverse("clinic:citizen_record", args=[citizen.pk, "fhir"])


def _look_up(client, citizen):
    client.post(reverse("clinic:citizens"), {"personnummer": citizen.personnummer})


def _bundle(client, url) -> dict:
    response = client.post(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/fhir+json")
    assert response["Cache-Control"] == "no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="stegvis-record-')
    assert disposition.endswith('.fhir.json"')
    data = json.loads(b"".join(response.streaming_content))
    # The whole Bundle, and each resource in it by its own R4B model.
    Bundle.model_validate(data)
    for entry in data["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return data


def _of(bundle: dict, resource_type: str) -> list[dict]:
    return [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type
    ]


# The citizen's own


def test_the_citizen_downloads_a_valid_collection_bundle(world, login, enrollment):
    bundle = _bundle(login(world.citizen), _own())
    assert bundle["type"] == "collection"
    (patient,) = _of(bundle, "Patient")
    assert patient["id"] == str(world.citizen.pk)
    assert patient["identifier"][0]["value"] == world.citizen.personnummer
    (episode,) = _of(bundle, "EpisodeOfCare")
    assert episode["id"] == str(enrollment.pk)
    assert episode["careManager"] == {"reference": f"Practitioner/{world.practitioner.pk}"}
    organisations = {o["id"] for o in _of(bundle, "Organization")}
    assert organisations == {f"provider-{world.provider.pk}", f"unit-{world.unit.pk}"}
    assert [p["id"] for p in _of(bundle, "Practitioner")] == [str(world.practitioner.pk)]
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(urls) == len(set(urls))


def test_the_answers_scores_and_messages_are_in_it(world, login, enrollment):
    bundle = _bundle(login(world.citizen), _own())
    completed = [r for r in _of(bundle, "QuestionnaireResponse") if r["status"] == "completed"]
    (response,) = completed
    answers = [item["answer"][0] for item in response["item"] if "answer" in item]
    assert len(answers) == 9
    (observation,) = _of(bundle, "Observation")
    assert observation["derivedFrom"] == [{"reference": f"QuestionnaireResponse/{response['id']}"}]
    assert observation["code"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "44261-6",
        "display": "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]",
    }
    assert observation["valueQuantity"]["value"] == 18
    mine, team = _of(bundle, "Communication")
    assert mine["payload"] == [{"contentString": "Hej från Åsa"}]
    assert mine["sender"] == {"reference": f"Patient/{world.citizen.pk}"}
    assert mine["recipient"] == [{"reference": f"Organization/unit-{world.unit.pk}"}]
    assert team["sender"] == {"reference": f"Practitioner/{world.practitioner.pk}"}
    assert team["recipient"] == [{"reference": f"Patient/{world.citizen.pk}"}]
    assert team["sent"] and team["status"] == "completed"


def test_a_relatives_message_names_the_relative_without_a_resource(world, login, enrollment):
    relative = CitizenFactory(first_name="Rut", last_name="Anhörig")
    MessageFactory(enrollment=enrollment, author=relative, author_role="relative", body="Från Rut")
    bundle = _bundle(login(world.citizen), _own())
    (message,) = [
        c for c in _of(bundle, "Communication") if c["payload"][0]["contentString"] == "Från Rut"
    ]
    assert message["sender"] == {"type": "RelatedPerson", "display": "Rut Anhörig"}
    assert message["recipient"] == [{"reference": f"Organization/unit-{world.unit.pk}"}]


def test_another_citizens_data_is_not_in_it_but_every_provider_is(world, login, enrollment, others):
    bundle = _bundle(login(world.citizen), _own())
    text = json.dumps(bundle, ensure_ascii=False)
    assert "Den andres hemlighet" not in text
    assert f"Patient/{world.other_citizen.pk}" not in text
    assert "Hos en annan vårdgivare" in text
    assert len(_of(bundle, "EpisodeOfCare")) == 2


def test_the_download_is_one_access_event_naming_fhir(world, login, enrollment):
    _bundle(login(world.citizen), _own())
    (event,) = AccessEvent.objects.filter(action__startswith="record.")
    assert (event.action, event.actor_id, event.citizen_id) == (
        "record.exported_by_citizen",
        world.citizen.pk,
        world.citizen.pk,
    )
    assert (event.target_type, event.target_id) == ("records.export", "fhir")


def test_the_download_runs_as_many_queries_however_much_there_is(
    world, login, enrollment, assert_queries
):
    client = login(world.citizen)
    client.post(_own())
    # Session, user, MFA check: 3. The Bundle: enrollments (with unit, provider, release and
    # practitioner), messages (with their authors), their attachments, questionnaire
    # responses: 4. The access event written (savepoint, insert, release): 3. The rate limit's
    # counter is in the cache.
    with assert_queries(10) as first:
        b"".join(client.post(_own()).streaming_content)
    answer(enrollment, 2, "1")
    MessageFactory(enrollment=enrollment, body="Ett till")
    with assert_queries(len(first)):
        b"".join(client.post(_own()).streaming_content)


def test_the_page_offers_fhir(world, login):
    page = login(world.citizen).get(reverse("portal:my_record")).content.decode()
    assert _own() in page
    assert "Ladda ner som FHIR (för journalsystem)" in page


def test_staff_cannot_use_the_citizens_fhir_export(world, login):
    response = login(world.practitioner).post(_own())
    assert response.status_code in (302, 403)
    assert not AccessEvent.objects.filter(action__startswith="record.").exists()


def test_a_get_is_refused(world, login):
    assert login(world.citizen).get(_own()).status_code == 405


def test_too_many_downloads_are_refused_whatever_the_format(world, login, settings, enrollment):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "record_export": "1/m"}
    client = login(world.citizen)
    assert client.post(reverse("portal:my_record_download", args=["json"])).status_code == 200
    assert client.post(_own()).status_code == 429


# The clinic's


def test_a_citizen_admin_downloads_the_providers_part_as_fhir(world, login, enrollment, others):
    client = login(world.citizen_admin)
    _look_up(client, world.citizen)
    bundle = _bundle(client, _clinic(world.citizen))
    assert [e["id"] for e in _of(bundle, "EpisodeOfCare")] == [str(enrollment.pk)]
    text = json.dumps(bundle, ensure_ascii=False)
    assert "Hej från Åsa" in text
    assert "Hos en annan vårdgivare" not in text
    assert "Den andres hemlighet" not in text
    assert f"unit-{world.foreign_unit.pk}" not in text
    (event,) = AccessEvent.objects.filter(action="record.exported")
    assert (event.actor_id, event.citizen_id, event.unit_id, event.actor_role) == (
        world.citizen_admin.pk,
        world.citizen.pk,
        world.unit.pk,
        "citizen_admin",
    )
    assert (event.target_type, event.target_id) == ("records.export", "fhir")


def test_the_citizen_page_offers_fhir_to_a_citizen_admin(world, login, enrollment):
    client = login(world.citizen_admin)
    _look_up(client, world.citizen)
    page = client.get(reverse("clinic:citizen_detail", args=[world.citizen.pk]))
    assert _clinic(world.citizen) in page.content.decode()


def test_the_clinic_fhir_export_needs_a_lookup_first(world, login, enrollment):
    assert login(world.citizen_admin).post(_clinic(world.citizen)).status_code == 404


def test_a_practitioner_may_not_export_fhir(world, login, enrollment):
    client = login(world.practitioner)
    _look_up(client, world.citizen)
    assert client.post(_clinic(world.citizen)).status_code == 403
    assert not AccessEvent.objects.filter(action="record.exported").exists()


def test_a_citizen_without_care_at_the_unit_is_not_found(world, login):
    stranger = CitizenFactory()
    client = login(world.citizen_admin)
    _look_up(client, stranger)
    assert client.post(_clinic(stranger)).status_code == 404
    assert not AccessEvent.objects.filter(action="record.exported").exists()

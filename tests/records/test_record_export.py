"""A citizen's record export: the citizen's own (portal) and a citizen admin's (clinic)."""

import json

import pytest
from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.records import export, pdf
from tests.factories import AnswerFactory, CitizenFactory, MessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrollment(world, start):
    enrollment = start()
    AnswerFactory(enrollment=enrollment, value={"text": "Jag sover dåligt"})
    MessageFactory(enrollment=enrollment, body="Hej från Åsa")
    return enrollment


def _download(client, url) -> dict:
    response = client.post(url)
    assert response.status_code == 200, response.content[:500]
    assert response.streaming
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="stegvis-record-')
    return json.loads(b"".join(response.streaming_content))


def _own(fmt: str) -> str:
    return reverse("portal:my_record_download", args=[fmt])


def _clinic(citizen, fmt: str) -> str:
    return reverse("clinic:citizen_record", args=[citizen.pk, fmt])


def _look_up(client, citizen):
    client.post(reverse("clinic:citizens"), {"personnummer": citizen.personnummer})


# The citizen's own export


def test_the_citizen_downloads_everything_as_json(world, login, enrollment):
    record = _download(login(world.citizen), _own("json"))
    assert record["format"] == "stegvis-record-export/1"
    assert record["citizen"]["personnummer"] == world.citizen.personnummer
    (exported,) = record["enrollments"]
    assert exported["id"] == enrollment.pk
    assert exported["answers"][0]["value"] == {"text": "Jag sover dåligt"}
    assert exported["messages"][0]["body"] == "Hej från Åsa"
    assert exported["unit"] == world.unit.name


def test_the_citizen_downloads_a_pdf(world, login, enrollment):
    response = login(world.citizen).post(_own("pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_download_is_logged_and_not_listed_as_someone_elses_access(world, login, enrollment):
    _download(login(world.citizen), _own("json"))
    event = AccessEvent.objects.get(action="record.exported_by_citizen")
    assert (event.actor_id, event.citizen_id, event.kind) == (
        world.citizen.pk,
        world.citizen.pk,
        "read",
    )


def test_another_citizens_data_is_not_in_the_export(world, login, enrollment, start):
    start(citizen=world.other_citizen)
    record = _download(login(world.other_citizen), _own("json"))
    assert "Jag sover dåligt" not in json.dumps(record, ensure_ascii=False)
    assert record["citizen"]["personnummer"] == world.other_citizen.personnummer


def test_the_page_offers_both_formats(world, login, assert_queries):
    client = login(world.citizen)
    client.get(reverse("portal:my_record"))
    # Session, user, MFA check. Nothing about the citizen's care is read by the page itself.
    with assert_queries(3) as captured:
        response = client.get(reverse("portal:my_record"))
    assert response.status_code == 200, captured
    page = response.content.decode()
    assert _own("pdf") in page and _own("json") in page


def test_the_download_runs_as_many_queries_however_much_there_is(
    world, login, enrollment, start, assert_queries
):
    client = login(world.citizen)
    client.post(_own("json"))
    # Session, user, MFA check: 3. The export: enrollments (with unit, provider, release and
    # practitioner), one query each for modules, steps, answers, questionnaires, diary,
    # feedback, flags, history, messages, their attachments, relatives' grants and the access
    # events: 13. The access event written (savepoint, insert, release): 3. The rate limit's
    # counter is in the cache.
    with assert_queries(EXPORT_QUERIES) as first:
        b"".join(client.post(_own("json")).streaming_content)
    AnswerFactory(enrollment=enrollment, block_key="hw2")
    MessageFactory(enrollment=enrollment, body="Ett till")
    with assert_queries(len(first)):
        b"".join(client.post(_own("json")).streaming_content)


EXPORT_QUERIES = 19


def test_staff_cannot_use_the_citizens_export(world, login):
    response = login(world.practitioner).post(_own("json"))
    assert response.status_code in (302, 403)
    assert not AccessEvent.objects.filter(action__startswith="record.").exists()


def test_an_unknown_format_is_not_found(world, login):
    assert login(world.citizen).post(_own("xml")).status_code == 404


def test_a_get_is_refused(world, login):
    assert login(world.citizen).get(_own("json")).status_code == 405


def test_too_many_downloads_are_refused(world, login, settings, enrollment):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "record_export": "1/m"}
    client = login(world.citizen)
    assert client.post(_own("json")).status_code == 200
    assert client.post(_own("json")).status_code == 429


# The clinic's export


def test_a_citizen_admin_downloads_the_providers_part(world, login, enrollment):
    client = login(world.citizen_admin)
    _look_up(client, world.citizen)
    record = _download(client, _clinic(world.citizen, "json"))
    assert record["care_provider"] == world.provider.name
    assert [e["id"] for e in record["enrollments"]] == [enrollment.pk]
    event = AccessEvent.objects.get(action="record.exported")
    assert (event.actor_id, event.citizen_id, event.unit_id, event.actor_role) == (
        world.citizen_admin.pk,
        world.citizen.pk,
        world.unit.pk,
        "citizen_admin",
    )


def test_the_citizen_page_offers_the_export_to_a_citizen_admin(world, login, enrollment):
    client = login(world.citizen_admin)
    _look_up(client, world.citizen)
    page = client.get(reverse("clinic:citizen_detail", args=[world.citizen.pk]))
    assert _clinic(world.citizen, "pdf") in page.content.decode()


def test_the_clinic_export_needs_a_lookup_first(world, login, enrollment):
    response = login(world.citizen_admin).post(_clinic(world.citizen, "json"))
    assert response.status_code == 404


def test_a_practitioner_may_not_export(world, login, enrollment):
    client = login(world.practitioner)
    _look_up(client, world.citizen)
    assert client.post(_clinic(world.citizen, "json")).status_code == 403


def test_a_citizen_without_care_at_the_unit_is_not_found(world, login):
    stranger = CitizenFactory()
    client = login(world.citizen_admin)
    _look_up(client, stranger)
    assert client.post(_clinic(stranger, "json")).status_code == 404
    assert not AccessEvent.objects.filter(action="record.exported").exists()


# The PDF


def test_the_pdf_takes_any_letter_with_the_font_and_latin1_without(settings, world):
    record = export.collect(world.citizen)
    record["citizen"]["name"] = "Åsa Öberg-Łukasiewicz"
    assert pdf.render(record).startswith(b"%PDF")
    settings.RECORD_PDF_FONT = "/no/such/font.ttf"
    assert pdf.render(record).startswith(b"%PDF")


def test_the_page_speaks_swedish_by_default(world, login):
    page = login(world.citizen).get(reverse("portal:my_record")).content.decode()
    assert "Ladda ner mina uppgifter" in page
    assert "Ladda ner som PDF (för att läsa)" in page

"""The initiative pages: submitting through the form, deciding, the PDF and the query counts."""

import io

from django.urls import reverse
from pypdf import PdfReader

from stegvis.initiatives import services
from stegvis.initiatives.models import ProgramInitiative, Status
from tests.factories import ReleaseFactory
from tests.initiatives.conftest import FIELDS, blank_pdf, submit, upload
from tests.plugins.queries import assert_page_queries


def test_the_form_submits_an_initiative_with_a_file(world, login):
    client = login(world.practitioner)
    data = {**FIELDS, "units_concerned": [world.other_unit.pk]}
    data["files"] = [upload("underlag.pdf", blank_pdf())]
    response = client.post(reverse("clinic:initiative_create"), data)
    initiative = ProgramInitiative.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("clinic:initiative", args=[initiative.pk])
    assert initiative.attachments.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Sömnhjälpen för äldre" in page and "underlag.pdf" in page


def test_a_missing_field_is_said_and_what_was_typed_kept(world, login):
    client = login(world.practitioner)
    data = {**FIELDS, "need": ""}
    response = client.post(reverse("clinic:initiative_create"), data)
    assert response.status_code == 200
    assert "Det här fältet är obligatoriskt" in response.content.decode()
    assert FIELDS["evidence"] in response.content.decode()
    assert not ProgramInitiative.objects.exists()


def test_a_script_pdf_is_refused_on_the_form(world, login):
    from tests.initiatives.test_services import _js_pdf

    client = login(world.practitioner)
    data = {**FIELDS, "files": [upload("skript.pdf", _js_pdf())]}
    response = client.post(reverse("clinic:initiative_create"), data)
    assert response.status_code == 200
    assert "innehåller skript eller inbäddade filer" in response.content.decode()
    assert not ProgramInitiative.objects.exists()


def test_the_admin_decides_on_the_page(world, login, initiative):
    client = login(world.provider_admin)
    url = reverse("clinic:initiative_decide", args=[initiative.pk])
    response = client.post(url, {"status": "approved", "seen_status": "submitted"})
    assert response.status_code == 200
    assert "Skriv motiveringen." in response.content.decode()
    response = client.post(
        url,
        {
            "status": "approved",
            "reason": "Beslut i ledningsgruppen",
            "decided_on": "2026-11-30",
            "seen_status": "submitted",
        },
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == Status.APPROVED
    release = ReleaseFactory(owner=world.provider)
    response = client.post(
        reverse("clinic:initiative_link", args=[initiative.pk]), {"release": release.pk}
    )
    assert response.status_code == 302
    page = client.get(reverse("clinic:initiative", args=[initiative.pk])).content.decode()
    assert reverse("clinic:catalog_release", args=[release.pk]) in page


def test_a_stale_decision_form_gets_a_clear_answer(world, login, initiative):
    services.change_status(
        actor=world.provider_admin, initiative=initiative, status=Status.UNDER_REVIEW
    )
    client = login(world.provider_admin)
    response = client.post(
        reverse("clinic:initiative_decide", args=[initiative.pk]),
        {"status": "rejected", "reason": "Nej", "seen_status": "submitted"},
    )
    assert response.status_code == 200
    assert "Någon annan ändrade initiativet" in response.content.decode()


def test_the_pdf_holds_the_swedish_text(world, login, initiative):
    client = login(world.provider_admin)
    response = client.get(reverse("clinic:initiative_pdf", args=[initiative.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Initiativ till program" in text
    assert "Sömnhjälpen för äldre" in text
    assert "Åsa Öberg" in text
    assert "Inskickad" in text


def _more(world, n):
    for i in range(n):
        submit(world, title=f"Program {i}", files=[upload("a.pdf", blank_pdf())])


def test_the_unit_list_runs_fixed_queries(world, login):
    client = login(world.practitioner)
    _more(world, 1)
    # Queries: session, user,
    # MFA check, roles, unit (workplace), the audit reviewer check of the menu, and the
    # initiatives with submitter and attachment count.
    assert_page_queries(client, reverse("clinic:initiatives"), 7, grow=lambda: _more(world, 4))


def test_the_review_list_runs_fixed_queries(world, login):
    client = login(world.provider_admin)
    _more(world, 1)
    # Queries: session, user, MFA check, roles, provider
    # (workplace), counts by status, and the initiatives
    # with unit, submitter and attachment count.
    assert_page_queries(
        client, reverse("clinic:initiative_review"), 7, grow=lambda: _more(world, 4)
    )


def test_the_detail_page_runs_fixed_queries(world, login, initiative):
    client = login(world.provider_admin)
    url = reverse("clinic:initiative", args=[initiative.pk])

    def grow():
        for i in range(3):
            services.change_status(
                actor=world.provider_admin,
                initiative=initiative,
                status=[Status.UNDER_REVIEW, Status.MORE_INFORMATION][i % 2],
                reason="Fråga",
            )

    # Queries: session, user, MFA check, roles, provider, the
    # initiative with its relations, units concerned, attachments, events, their actors.
    assert_page_queries(client, url, 10, grow=grow)


def test_an_attachment_downloads_as_a_file_with_no_sniffing(world, login, initiative):
    attachment = initiative.attachments.get()
    url = reverse("clinic:initiative_attachment", args=[initiative.pk, attachment.pk])
    response = login(world.citizen_admin).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_another_initiatives_attachment_is_not_found(world, login, initiative):
    other = submit(world, title="Annat", files=[upload("b.pdf", blank_pdf())])
    url = reverse("clinic:initiative_attachment", args=[initiative.pk, other.attachments.get().pk])
    assert login(world.practitioner).get(url).status_code == 404


def test_the_submitter_reads_what_was_asked_and_completes_on_the_page(world, login, initiative):
    services.change_status(
        actor=world.provider_admin,
        initiative=initiative,
        status=Status.MORE_INFORMATION,
        reason="Hur många behandlare?",
    )
    client = login(world.practitioner)
    page = client.get(reverse("clinic:initiative", args=[initiative.pk])).content.decode()
    assert "Hur många behandlare?" in page
    response = client.post(
        reverse("clinic:initiative_complement", args=[initiative.pk]), {"text": ""}
    )
    assert response.status_code == 200
    response = client.post(
        reverse("clinic:initiative_complement", args=[initiative.pk]),
        {"text": "Två", "files": [upload("plan.png", _png())]},
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED
    assert initiative.attachments.filter(content_type="image/png").exists()


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG")
    return out.getvalue()

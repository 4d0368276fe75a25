"""Submitting, reviewing, asking for more, completing, deciding and linking an initiative."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfWriter
from pypdf.generic import NameObject, TextStringObject

from stegvis.audit.models import AccessEvent
from stegvis.initiatives import services
from stegvis.initiatives.models import InitiativeEvent, ProgramInitiative, Status
from stegvis.notifications.models import Notification, Preference
from tests.factories import ReleaseFactory
from tests.initiatives.conftest import blank_pdf, submit, upload


def _js_pdf() -> bytes:
    import io

    from pypdf.generic import DictionaryObject

    writer = PdfWriter()
    writer.add_blank_page(72, 72)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("x")}
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_staff_at_a_unit_submit_an_initiative_with_history_and_log(world, private_media):
    initiative = submit(world, files=[upload("underlag.pdf", blank_pdf())])
    assert initiative.status == Status.SUBMITTED
    assert initiative.provider == world.provider
    assert set(initiative.units_concerned.all()) == {world.unit, world.other_unit}
    attachment = initiative.attachments.get()
    assert (private_media / "attachments" / attachment.storage_name).is_file()
    assert list(initiative.events.values_list("action", flat=True)) == ["submitted"]
    event = AccessEvent.objects.get(action="initiative.submit")
    assert event.provider_id == world.provider.pk and event.citizen_id is None


def test_staff_of_no_unit_role_cannot_submit(world):
    with pytest.raises(PermissionDenied):
        submit(world, actor=world.provider_admin)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("skript.pdf", _js_pdf()),
        ("trasig.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50),
        ("bild.png", b"<html><script></script></html>"),
    ],
)
def test_broken_active_or_disguised_files_are_refused_and_nothing_is_saved(
    world, private_media, name, content
):
    with pytest.raises(ValidationError) as refused:
        submit(world, files=[upload(name, content)])
    assert "files" in refused.value.message_dict
    assert not ProgramInitiative.objects.exists()
    folder = private_media / "attachments"
    assert not folder.exists() or not any(folder.iterdir())


def test_the_admin_asks_for_more_the_submitter_completes_and_is_notified(world, initiative):
    Preference.objects.create(
        user=world.practitioner,
        email="behandlare@example.org",
        email_verified_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        use_email=True,
    )
    services.change_status(
        actor=world.provider_admin,
        initiative=initiative,
        status=Status.MORE_INFORMATION,
        reason="Hur många behandlare behöver utbildas?",
        seen_status=Status.SUBMITTED,
    )
    notice = Notification.objects.get(recipient=world.practitioner)
    assert notice.kind == "initiative_updated"
    assert notice.subject_kind == "initiative" and notice.subject_id == initiative.pk

    services.complement(
        actor=world.citizen_admin,
        unit=world.unit,
        initiative=initiative,
        text="Två behandlare.",
        files=[upload("plan.pdf", blank_pdf())],
    )
    initiative.refresh_from_db()
    assert initiative.status == Status.SUBMITTED
    assert initiative.attachments.count() == 2
    assert [e.action for e in initiative.events.all()] == [
        "submitted",
        "status",
        "complemented",
    ]


def test_a_decision_needs_a_reason_and_keeps_its_date(world, initiative):
    with pytest.raises(ValidationError) as refused:
        services.change_status(
            actor=world.provider_admin, initiative=initiative, status=Status.APPROVED
        )
    assert "reason" in refused.value.message_dict
    services.change_status(
        actor=world.provider_admin,
        initiative=initiative,
        status=Status.APPROVED,
        reason="Beslut i ledningsgruppen.",
        decided_on=dt.date(2026, 11, 30),
    )
    initiative.refresh_from_db()
    assert initiative.decided_on == dt.date(2026, 11, 30)
    assert initiative.decided_by == world.provider_admin


def test_a_decision_is_final(world, initiative):
    services.change_status(
        actor=world.provider_admin, initiative=initiative, status=Status.REJECTED, reason="Nej"
    )
    with pytest.raises(ValidationError):
        services.change_status(
            actor=world.provider_admin,
            initiative=initiative,
            status=Status.UNDER_REVIEW,
        )


def test_a_status_changed_meanwhile_is_refused_clearly(world, initiative):
    services.change_status(
        actor=world.provider_admin, initiative=initiative, status=Status.UNDER_REVIEW
    )
    with pytest.raises(ValidationError) as refused:
        services.change_status(
            actor=world.provider_admin,
            initiative=initiative,
            status=Status.REJECTED,
            reason="Nej",
            seen_status=Status.SUBMITTED,
        )
    assert refused.value.code == "changed"


def test_information_can_only_be_added_when_asked_for(world, initiative):
    with pytest.raises(ValidationError):
        services.complement(
            actor=world.practitioner, unit=world.unit, initiative=initiative, text="Mer"
        )


def test_another_provider_admin_cannot_decide(world, initiative):
    from tests.factories import StaffFactory, make_provider_admin

    foreign = make_provider_admin(StaffFactory(), world.other_provider)
    with pytest.raises(PermissionDenied):
        services.change_status(actor=foreign, initiative=initiative, status=Status.UNDER_REVIEW)


def test_an_approved_initiative_links_to_a_program_in_the_catalog(world, initiative):
    release = ReleaseFactory(owner=world.provider)
    with pytest.raises(ValidationError):
        services.link_release(actor=world.provider_admin, initiative=initiative, release=release)
    services.change_status(
        actor=world.provider_admin, initiative=initiative, status=Status.APPROVED, reason="Ja"
    )
    foreign = ReleaseFactory(owner=world.other_provider, providers=[world.other_provider])
    with pytest.raises(ValidationError):
        services.link_release(actor=world.provider_admin, initiative=initiative, release=foreign)
    services.link_release(actor=world.provider_admin, initiative=initiative, release=release)
    initiative.refresh_from_db()
    assert initiative.release == release
    assert initiative.events.filter(action=InitiativeEvent.Action.LINKED).exists()

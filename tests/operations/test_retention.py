"""Retention (gallring): closed enrollments past their period are deleted with all they hold,
through the service, recorded in the access log, and never before their time."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from stegvis.audit.models import AccessEvent
from stegvis.care.models import Answer, Enrollment, HistoryEvent
from stegvis.care.services.enrollment import change_phase
from stegvis.messaging.models import Attachment, Message
from stegvis.operations import retention
from tests.commands import run_command_line
from tests.factories import AnswerFactory, CitizenFactory, MessageFactory

pytestmark = pytest.mark.django_db


def _closed(world, start, *, days_ago: int, citizen=None) -> Enrollment:
    enrollment = start(citizen=citizen or CitizenFactory())
    AnswerFactory(enrollment=enrollment, value={"text": "Mitt hemliga svar"})
    MessageFactory(enrollment=enrollment, body="Ett meddelande")
    change_phase(actor=world.practitioner, enrollment=enrollment, phase="closed", reason="Klar")
    Enrollment.objects.filter(pk=enrollment.pk).update(
        closed_at=timezone.now() - timedelta(days=days_ago)
    )
    return enrollment


@pytest.fixture
def ten_years(settings):
    settings.RETENTION_CLOSED_ENROLLMENT_DAYS = 3653
    settings.RETENTION_CLOSED_ENROLLMENT_DAYS_BY_PROGRAM = {}
    return settings


def test_only_closed_enrollments_past_their_period_are_due(world, start, ten_years):
    old = _closed(world, start, days_ago=3654)
    _closed(world, start, days_ago=3000)
    start(citizen=CitizenFactory())  # open
    assert list(retention.due_enrollments()) == [old]


def test_a_program_may_have_its_own_period(world, start, ten_years, release):
    ten_years.RETENTION_CLOSED_ENROLLMENT_DAYS_BY_PROGRAM = {release.program_key: 365}
    short = _closed(world, start, days_ago=400)
    _closed(world, start, days_ago=300)
    assert list(retention.due_enrollments()) == [short]


def test_a_dry_run_counts_and_changes_nothing(world, start, ten_years):
    _closed(world, start, days_ago=4000)
    events = AccessEvent.objects.count()
    report = retention.run(apply=False)
    assert report.enrollments == 1
    assert report.rows["care.Enrollment"] == 1
    assert report.rows["care.Answer"] == 1
    assert report.rows["messaging.Message"] == 1
    assert Enrollment.objects.filter(phase="closed").count() == 1
    assert AccessEvent.objects.count() == events


def test_apply_deletes_the_enrollment_and_everything_it_holds(world, start, ten_years, settings):
    old = _closed(world, start, days_ago=4000)
    kept = _closed(world, start, days_ago=10)
    message = Message.objects.get(enrollment=old)
    folder = settings.PRIVATE_MEDIA_ROOT / "attachments"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "gallrad.pdf").write_bytes(b"%PDF-1.4")
    Attachment.objects.create(
        message=message,
        original_name="a.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        storage_name="gallrad.pdf",
    )

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda func, **kw: func())
        report = retention.run(apply=True)

    assert report.enrollments == 1
    assert not Enrollment.objects.filter(pk=old.pk).exists()
    assert not Answer.objects.filter(enrollment_id=old.pk).exists()
    assert not HistoryEvent.objects.filter(enrollment_id=old.pk).exists()
    assert not Message.objects.filter(pk=message.pk).exists()
    assert not (folder / "gallrad.pdf").exists()
    assert Enrollment.objects.filter(pk=kept.pk).exists()
    assert Answer.objects.filter(enrollment=kept).exists()
    # The citizen's account stays.
    assert type(old.citizen).objects.filter(pk=old.citizen_id).exists()


def test_each_deletion_and_each_run_is_in_the_access_log(world, start, ten_years):
    old = _closed(world, start, days_ago=4000)
    retention.run(apply=True)
    deleted = AccessEvent.objects.get(action="retention.enrollment_deleted")
    assert (deleted.kind, deleted.enrollment_id, deleted.citizen_id) == (
        "change",
        old.pk,
        old.citizen_id,
    )
    run = AccessEvent.objects.get(action="retention.run")
    assert run.provider_id == world.provider.pk
    assert (run.target_type, run.target_id) == ("operations.retention", "1 enrollments deleted")


def test_the_log_says_counts_and_no_health_data(world, start, ten_years, caplog):
    _closed(world, start, days_ago=4000)
    with caplog.at_level(logging.INFO, logger="stegvis.operations.retention"):
        retention.run(apply=True)
    text = caplog.text
    assert "Retention applied: 1 enrollments" in text
    assert "care.Answer 1" in text
    assert "hemliga" not in text
    assert world.citizen.personnummer not in text


def test_an_open_enrollment_is_never_deleted(world, start):
    enrollment = start(citizen=CitizenFactory())
    with pytest.raises(ValueError, match="Only a closed enrollment"):
        retention.delete_enrollment(enrollment)


def test_the_command_dry_runs_and_applies(world, start, ten_years, capsys):
    _closed(world, start, days_ago=4000)
    run_command_line(["manage.py", "operations", "retention", "--dry-run"])
    assert "Would delete 1 closed enrollments" in capsys.readouterr().out
    assert Enrollment.objects.filter(phase="closed").exists()
    run_command_line(["manage.py", "operations", "retention", "--apply"])
    out = capsys.readouterr().out
    assert "Deleted 1 closed enrollments" in out
    assert "care.Answer: 1" in out
    assert not Enrollment.objects.filter(phase="closed").exists()


def test_the_command_needs_a_mode(capsys):
    with pytest.raises(SystemExit):
        run_command_line(["manage.py", "operations", "retention"])
    assert "--dry-run" in capsys.readouterr().err


def test_the_access_log_is_archived_past_its_period(world, start, settings, tmp_path, capsys):
    from stegvis.audit.services import sealing
    from stegvis.audit.services.verification import verify_log

    start(citizen=CitizenFactory())
    sealing.seal_pending()
    settings.ACCESS_LOG_RETENTION_DAYS = 0
    written = retention.archive_access_log(tmp_path / "archive", now=timezone.now() + timedelta(1))
    assert written and all(count > 0 for _path, count in written)
    assert verify_log().intact

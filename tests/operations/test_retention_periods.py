"""Retention per care provider and kind of data: a provider's own period wins over the
installation's default, each kind is deleted (or, for the access log, archived) by its own
period, and a dry run reports counts per kind (docs/operations.md, Retention)."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from stegvis.audit.models import AccessEvent
from stegvis.care.models import Enrollment
from stegvis.care.services.enrollment import change_phase
from stegvis.messaging.models import Attachment, Message
from stegvis.notifications.models import Notification
from stegvis.operations import periods, retention
from stegvis.operations.models import RetentionPeriod
from stegvis.operations.periods import Kind
from stegvis.operations.services import set_retention_period
from tests.commands import run_command_line
from tests.factories import CitizenFactory, MessageFactory, NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def defaults(settings):
    settings.RETENTION_CLOSED_ENROLLMENT_DAYS = 3653
    settings.RETENTION_CLOSED_ENROLLMENT_DAYS_BY_PROGRAM = {}
    settings.ACCESS_LOG_RETENTION_DAYS = 3653
    return settings


def _closed(world, start, *, days_ago: int) -> Enrollment:
    enrollment = start(citizen=CitizenFactory())
    change_phase(actor=world.practitioner, enrollment=enrollment, phase="closed", reason="Klar")
    Enrollment.objects.filter(pk=enrollment.pk).update(
        closed_at=timezone.now() - timedelta(days=days_ago)
    )
    return enrollment


def _attachment(settings, message: Message, name: str, *, days_ago: int) -> Attachment:
    folder = settings.PRIVATE_MEDIA_ROOT / "attachments"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(b"%PDF-1.4")
    return Attachment.objects.create(
        message=message,
        original_name="provsvar.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
        storage_name=name,
        created_at=timezone.now() - timedelta(days=days_ago),
    )


def test_the_legal_defaults_are_in_one_place_with_their_sources():
    closed = periods.DEFAULTS[Kind.CLOSED_ENROLLMENTS]
    assert closed.days == 3653
    assert "Patientdatalagen (2008:355) 3 kap. 17 §" in closed.source
    with translation.override("en"):
        assert "the provider decides" in periods.DEFAULTS[Kind.ACCESS_EVENTS].source
    # Translated for the clinic's page (Swedish by default).
    assert "vårdgivaren beslutar" in periods.DEFAULTS[Kind.ACCESS_EVENTS].source
    assert set(periods.DEFAULTS) == set(Kind)


def test_a_providers_own_period_wins_and_applies_to_that_provider_only(world, start):
    enrollment = _closed(world, start, days_ago=400)
    assert list(retention.due_enrollments()) == []

    set_retention_period(
        actor=None, provider=world.other_provider, kind=Kind.CLOSED_ENROLLMENTS, days=365
    )
    assert list(retention.due_enrollments()) == []

    set_retention_period(
        actor=None, provider=world.provider, kind=Kind.CLOSED_ENROLLMENTS, days=365
    )
    assert list(retention.due_enrollments()) == [enrollment]
    event = AccessEvent.objects.filter(action="retention.period_set").order_by("pk").last()
    assert event.provider_id == world.provider.pk
    assert event.target_type == "operations.retentionperiod"


def test_attachments_past_their_period_go_and_their_message_stays(world, start, settings):
    enrollment = start(citizen=CitizenFactory())
    message = MessageFactory(enrollment=enrollment, body="Här är provsvaret")
    old = _attachment(settings, message, "gammal.pdf", days_ago=200)
    new = _attachment(settings, message, "ny.pdf", days_ago=10)
    set_retention_period(actor=None, provider=world.provider, kind=Kind.ATTACHMENTS, days=180)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda func, **kw: func())
        report = retention.run(apply=True)

    assert report.kinds[Kind.ATTACHMENTS] == 1
    assert list(Attachment.objects.all()) == [new]
    assert not (settings.PRIVATE_MEDIA_ROOT / "attachments" / "gammal.pdf").exists()
    assert (settings.PRIVATE_MEDIA_ROOT / "attachments" / "ny.pdf").exists()
    assert Message.objects.filter(pk=message.pk).exists()
    deleted = AccessEvent.objects.get(action="retention.attachment_deleted")
    assert (deleted.enrollment_id, deleted.citizen_id) == (enrollment.pk, enrollment.citizen_id)
    assert old.pk not in Attachment.objects.values_list("pk", flat=True)


def test_notifications_done_with_go_after_their_period_and_waiting_ones_never(world, start):
    enrollment = start(citizen=CitizenFactory())
    year_and_a_half = timezone.now() - timedelta(days=540)
    sent = NotificationFactory(enrollment=enrollment, status="sent", created_at=year_and_a_half)
    waiting = NotificationFactory(enrollment=enrollment, created_at=year_and_a_half)
    recent = NotificationFactory(enrollment=enrollment, status="sent")
    unitless = NotificationFactory(status="failed", created_at=year_and_a_half)

    report = retention.run(apply=True)

    assert report.kinds[Kind.NOTIFICATIONS] == 2
    assert set(Notification.objects.all()) == {waiting, recent}
    assert not Notification.objects.filter(pk__in=[sent.pk, unitless.pk]).exists()
    run = AccessEvent.objects.get(action="retention.run")
    assert (run.provider_id, run.target_id) == (world.provider.pk, "1 notifications deleted")


def test_a_dry_run_reports_counts_per_kind_and_changes_nothing(world, start, settings, capsys):
    enrollment = _closed(world, start, days_ago=4000)
    kept = start(citizen=CitizenFactory())
    _attachment(settings, MessageFactory(enrollment=kept), "a.pdf", days_ago=4000)
    NotificationFactory(enrollment=kept, status="sent", created_at=timezone.now() - timedelta(400))
    events = AccessEvent.objects.count()

    run_command_line(["manage.py", "operations", "retention", "--dry-run"])

    out = capsys.readouterr().out
    assert "  closed_enrollments: 1\n" in out
    assert "  attachments: 1\n" in out
    assert "  notifications: 1\n" in out
    assert "  access_events (due for archiving): 0\n" in out
    assert f"  {world.provider.code} attachments: 1\n" in out
    assert Enrollment.objects.filter(pk=enrollment.pk).exists()
    assert Attachment.objects.count() == 1
    assert Notification.objects.count() == 1
    assert AccessEvent.objects.count() == events


def test_access_events_are_archived_after_the_providers_own_period(world, start, tmp_path):
    from stegvis.audit.services import sealing
    from stegvis.audit.services.verification import verify_log

    start(citizen=CitizenFactory())
    start(citizen=CitizenFactory(), unit=world.unit)
    sealing.seal_pending()
    later = timezone.now() + timedelta(days=2)
    assert retention.archive_access_log(tmp_path / "none", now=later) == []

    set_retention_period(actor=None, provider=world.provider, kind=Kind.ACCESS_EVENTS, days=1)
    assert retention.due_access_events(now=later)[world.provider.pk] > 0
    written = retention.archive_access_log(tmp_path / "archive", now=later)

    assert [path.name.split("-before-")[0] for path, _count in written] == [
        f"access-log-{world.provider.code}"
    ]
    assert all(count > 0 for _path, count in written)
    assert verify_log().intact


def test_the_command_shows_sets_and_resets_a_providers_period(world, capsys):
    code = world.provider.code
    run_command_line(["manage.py", "operations", "retention-period", "--provider", code])
    shown = capsys.readouterr().out
    assert "closed_enrollments: 3653 days from the enrollment's closing" in shown
    assert "(the default; default 3653)" in shown
    assert "3 kap. 17 §" in shown

    command = ["manage.py", "operations", "retention-period", "--provider", code]
    run_command_line([*command, "--kind", "notifications", "--days", "90"])
    assert "notifications: 90 days" in capsys.readouterr().out
    assert RetentionPeriod.objects.get(provider=world.provider).days == 90

    run_command_line([*command, "--kind", "notifications", "--default"])
    assert "notifications: 365 days" in capsys.readouterr().out
    assert not RetentionPeriod.objects.exists()
    assert AccessEvent.objects.filter(action="retention.period_reset").count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--provider", "nowhere"], "No care provider has the code 'nowhere'"),
        (["--kind", "attachments", "--days", "0"], "--days must be between 1 and 36600"),
        (["--days", "30"], "--days and --default need --kind"),
    ],
)
def test_the_command_refuses_bad_input_clearly(world, capsys, args, message):
    if "--provider" not in args:
        args = ["--provider", world.provider.code, *args]
    with pytest.raises(SystemExit) as exited:
        run_command_line(["manage.py", "operations", "retention-period", *args])
    assert exited.value.code == 1
    assert message in capsys.readouterr().err
    assert not RetentionPeriod.objects.exists()

"""`manage.py loadscale`: a small run on SQLite makes data the project itself accepts."""

import io
import json
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from stegvis.audit.models import AccessEvent, AccessEventSubject
from stegvis.audit.services.verification import verify_log
from stegvis.care.models import (
    Answer,
    DiaryEntry,
    Enrollment,
    Flag,
    HistoryEvent,
    Phase,
    QuestionnaireResponse,
)
from stegvis.care.services.answers import _clean_answer, check_fields
from stegvis.care.services.flags import enrollments_miscounting_red_flags
from stegvis.catalog.parsed import release_document
from stegvis.instruments.responses import check_answers
from stegvis.instruments.scoring import score
from stegvis.loadscale.builder import EnrollmentBuilder
from stegvis.loadscale.context import Ids, new_rows
from stegvis.loadscale.generate import Request, build_context, find_or_start_run
from stegvis.loadscale.models import GeneratedBatch
from stegvis.messaging.models import Message
from stegvis.organisation.identifiers import normalise_personnummer, validate_hsa_id
from stegvis.organisation.models import CareUnit, User

ANCHOR = "2026-11-30"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def loadscale(tmp_path, enrollments: int = 30, *extra: str) -> dict:
    manifest = tmp_path / "manifest.json"
    call_command(
        "loadscale",
        f"--enrollments={enrollments}",
        "--batch=10",
        "--units=4",
        f"--anchor={ANCHOR}",
        f"--manifest={manifest}",
        "--no-progress",
        *extra,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    return json.loads(manifest.read_text())


def test_a_small_run_makes_enrollments_in_every_phase_with_their_data(db, tmp_path):
    loadscale(tmp_path)
    assert Enrollment.objects.count() == 30
    phases = set(Enrollment.objects.values_list("phase", flat=True))
    assert {Phase.TREATMENT, Phase.CLOSED} <= phases
    assert Answer.objects.exists() and Message.objects.exists() and Flag.objects.exists()
    assert HistoryEvent.objects.filter(action="enrollment.started").count() == 30
    assert not enrollments_miscounting_red_flags().exists()  # the lists' sort
    reads = AccessEvent.objects.filter(enrollment_id__isnull=False).count()
    assert reads + AccessEventSubject.objects.count() > 30 * 40


def test_list_reads_are_compact_pages_of_citizens(db, tmp_path):
    loadscale(tmp_path)
    lists = AccessEvent.objects.filter(action__startswith="care.list_")
    assert lists.exists() and not lists.filter(subject_count__isnull=True).exists()
    assert not lists.filter(citizen__isnull=False).exists()
    subjects = AccessEventSubject.objects.filter(event__in=lists)
    assert subjects.count() == sum(lists.values_list("subject_count", flat=True))


def test_list_reads_of_a_day_are_grouped_into_pages():
    from datetime import UTC, datetime, timedelta

    from stegvis.loadscale.sealing import _pages

    def read(hours: float, enrollment: int, action: str = "care.list_all") -> tuple:
        when = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=hours)
        return (when, enrollment, 1, 7, "hsa", "practitioner", action, "read", 3, 1,
                100 + enrollment, enrollment, "", "")  # fmt: skip

    raws = [read(0, 1), read(1, 2), read(2, 1), read(3, 3), read(4, 2, "enrollment.view")]
    raws.append(read(30, 1))  # the next day: a new page
    pages = _pages(raws)
    # Enrollments 1 and 2 share the first page; enrollment 1 again opens a second page;
    # enrollment 3 joins the first page (room, and not on it yet); other reads stay events.
    shapes = [[r[11] for r in p] if isinstance(p, list) else p[6] for p in pages]
    assert shapes == [[1, 2, 3], [1], "enrollment.view", [1]]


def test_the_access_log_verifies_with_nothing_left_unsealed(db, tmp_path):
    loadscale(tmp_path)
    report = verify_log()
    assert report.intact, report.problems
    assert report.unsealed == 0
    assert report.verified == AccessEvent.objects.count()


def test_identifiers_are_valid(db, tmp_path):
    loadscale(tmp_path)
    for number in User.objects.filter(kind="citizen").values_list("personnummer", flat=True):
        assert normalise_personnummer(number) == number
    for hsa_id in User.objects.filter(kind="staff").values_list("hsa_id", flat=True):
        validate_hsa_id(hsa_id)
    for hsa_id in CareUnit.objects.values_list("hsa_id", flat=True):
        validate_hsa_id(hsa_id)


def test_completed_questionnaires_carry_the_engines_score(db, tmp_path):
    loadscale(tmp_path)
    completed = QuestionnaireResponse.objects.filter(completed_at__isnull=False)
    assert completed.exists()
    for response in completed.select_related("enrollment__release"):
        document = release_document(response.enrollment.release)
        definition = document.questionnaire_definition(response.questionnaire_key)
        assert not check_answers(definition, response.answers, complete=True).errors
        assert response.score == score(definition, response.answers).to_dict()


def test_answers_and_diary_entries_pass_the_portals_checks(db, tmp_path):
    loadscale(tmp_path)
    answers = Answer.objects.select_related("enrollment__release")
    assert answers.exists()
    for answer in answers:
        document = release_document(answer.enrollment.release)
        _module, _step, block = document.find_block(answer.block_key)
        stored, errors = _clean_answer(block, answer.value, submit=bool(answer.submitted_at))
        assert stored == answer.value and not errors
    for entry in DiaryEntry.objects.select_related("enrollment__release"):
        document = release_document(entry.enrollment.release)
        _module, _step, block = document.find_block(entry.diary_key)
        typed = {key: str(value) for key, value in entry.values.items()}
        assert check_fields(block.fields, typed, complete=True) == (entry.values, {})


def test_a_rerun_continues_and_never_duplicates(db, tmp_path):
    loadscale(tmp_path, 20)
    users = User.objects.count()
    loadscale(tmp_path, 30)
    assert Enrollment.objects.count() == 30
    assert User.objects.count() == users + 10
    loadscale(tmp_path, 30)
    assert Enrollment.objects.count() == 30
    assert GeneratedBatch.objects.count() == 3
    assert verify_log().intact


def _batch(context, first: int) -> dict:
    rows, events = new_rows(), []
    ids = Ids()
    for index in range(first, first + 5):
        EnrollmentBuilder(context, ids, rows, events, index).build()
    return {model._meta.label: table for model, table in rows.items()} | {"events": events}


def test_the_same_seed_gives_the_same_data(db, tmp_path):
    loadscale(tmp_path, 10)
    run = find_or_start_run(Request(enrollments=10, units=4, batch_size=10))
    context, _region = build_context(run)
    assert _batch(context, 10) == _batch(context, 10)
    other, _ = build_context(find_or_start_run(Request(10, units=4, batch_size=10, seed=2)))
    assert _batch(other, 10) != _batch(context, 10)


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_manifest_staff_and_citizens_sign_in_through_the_forms(db, tmp_path, client):
    manifest = loadscale(tmp_path)
    assert manifest["seed"] == 1 and manifest["enrollments"] == 30
    assert manifest["units"][0]["enrollments"] == max(u["enrollments"] for u in manifest["units"])
    assert "practitioner" in manifest["staff"][0]["roles"]
    assert manifest["staff"][0]["unit_id"] == manifest["units"][0]["id"]
    staff = manifest["staff"][0]
    login = {"login": staff["username"], "password": staff["password"]}
    assert client.post(reverse("account_login"), login)["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": _code(staff["totp_secret"])})
    assert client.get(reverse("clinic:my_enrollments")).status_code == 200
    assert client.get(reverse("clinic:unit_enrollments")).status_code == 200
    enrollment = Enrollment.objects.filter(unit_id=staff["unit_id"]).first()
    assert client.get(reverse("clinic:enrollment", args=[enrollment.pk])).status_code == 200
    client.logout()
    citizen = manifest["citizens"][0]
    login = {"login": citizen["username"], "password": citizen["password"]}
    assert client.post(reverse("account_login"), login)["Location"] == reverse("portal:home")
    assert client.get(citizen["step_url"]).status_code == 200
    assert client.get(reverse("portal:home")).status_code == 200


def test_manifest_provider_admins_reach_the_provider_wide_statistics(db, tmp_path, client):
    manifest = loadscale(tmp_path)
    admins = manifest["provider_admins"]
    assert [a["roles"] for a in admins] == [["provider_admin"]] * 2
    admin = admins[0]
    login = {"login": admin["username"], "password": admin["password"]}
    assert client.post(reverse("account_login"), login)["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": _code(admin["totp_secret"])})
    # Their one workplace, the provider, is chosen without asking: the page counts its units.
    page = client.get(reverse("clinic:statistics_usage"))
    assert page.status_code == 200
    units = CareUnit.objects.filter(provider_id=admin["provider_id"]).values_list("pk", flat=True)
    assert set(page.context["scope"].unit_ids) == set(units) and len(units) == 2


def test_the_planner_gets_statistics_of_what_was_written(db, tmp_path):
    """Autovacuum may be off or far behind a bulk load: loadscale analyses at the end."""
    from django.db import connection

    loadscale(tmp_path, 10)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'care_enrollment'")
            assert cursor.fetchone()[0] == 10
        else:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'care_enrollment'")
            assert cursor.fetchone()[0] > 0

"""Hantera stays small however long the treatment; its sub-pages page through the rest.

Hantera shows the newest rows of the history, answers, diary, completed questionnaires and
acknowledged flags, each read with a LIMIT; "Show all" leads to a sub-page of 20 rows a page
(plain links, no script). The charts are drawn on the results and diary pages.
"""

from django.urls import reverse

from stegvis.audit.models import AccessEvent
from tests.care.helpers import fill, long_treatment
from tests.plugins.queries import count_queries

# Hantera's HTML for an enrollment with hundreds of rows of each record (about 20 KB at the
# time of writing, with every panel and form a practitioner acts on; it was 76-161 KB before).
SIZE_BUDGET = 40_000
PARTS = ("enrollment_history", "enrollment_answers", "enrollment_diary", "enrollment_results")
# The tables whose rows grow with the treatment: Hantera reads each only with a LIMIT.
GROWING = (
    "care_historyevent",
    "care_answer",
    "care_diaryentry",
    "care_flag",
    "care_questionnaireresponse",
)
# Reads of those tables that are bounded otherwise: the open flags (the practitioner's work,
# all shown), the answers of the feedback blocks, the questionnaires waiting to be filled in
# (one a questionnaire), each questionnaire's first and latest result (a window), and the
# responses named by the open alert flags.
BOUNDED = (
    '"care_flag"."acknowledged_at" IS NULL',
    '"care_answer"."block_key" IN',
    '"care_questionnaireresponse"."completed_at" IS NULL',
    "ROW_NUMBER()",
    '"care_questionnaireresponse"."id" IN',
)


def url(enrollment, name="enrollment"):
    return reverse(f"clinic:{name}", args=[enrollment.pk])


def test_hantera_stays_under_its_size_budget_however_long_the_treatment(world, login, start):
    enrollment = start()
    long_treatment(enrollment, 300)
    response = login(world.practitioner).get(url(enrollment))
    body = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < SIZE_BUDGET, len(response.content)
    # The newest rows are there, the oldest are on the sub-pages, each linked.
    assert "historik nyast" in body and "historik äldst" not in body
    assert "svar nyast" in body and "svar äldst" not in body
    for part in PARTS:
        assert url(enrollment, part) in body
    # What the practitioner acts on is all there: the open alert, its button.
    assert "Kvittera" in body


def test_hantera_reads_the_growing_records_only_with_a_limit(world, login, start):
    enrollment = start()
    long_treatment(enrollment, 50)
    client = login(world.practitioner)
    client.get(url(enrollment))
    with count_queries() as captured:
        client.get(url(enrollment))
    for query in captured.captured_queries:
        sql = query["sql"]
        reads = sql.startswith("SELECT") and any(f'FROM "{t}"' in sql for t in GROWING)
        if reads and not any(bounded in sql for bounded in BOUNDED):
            assert "LIMIT" in sql, sql


def test_the_history_page_pages_through_everything_newest_first(world, login, start):
    enrollment = start()
    long_treatment(enrollment, 45)
    client = login(world.practitioner)
    first = client.get(url(enrollment, "enrollment_history")).content.decode()
    assert "historik nyast" in first and "historik äldst" not in first
    assert "?page=2" in first
    last = client.get(url(enrollment, "enrollment_history"), {"page": "3"}).content.decode()
    assert "historik äldst" in last and "historik nyast" not in last


def test_a_page_number_out_of_range_or_not_a_number_is_a_page_not_an_error(world, login, start):
    enrollment = start()
    long_treatment(enrollment, 25)
    client = login(world.practitioner)
    for part in PARTS:
        for page in ("abc", "999", "-1"):
            assert client.get(url(enrollment, part), {"page": page}).status_code == 200


def test_each_sub_page_shows_its_record(world, login, start):
    enrollment = start()
    long_treatment(enrollment, 25)
    client = login(world.practitioner)
    answers = client.get(url(enrollment, "enrollment_answers")).content.decode()
    assert "svar nyast" in answers
    assert (
        "svar äldst"
        in client.get(url(enrollment, "enrollment_answers"), {"page": 2}).content.decode()
    )
    diary = client.get(url(enrollment, "enrollment_diary")).content.decode()
    assert diary.count("data:image/svg") == 2 and "Humördagbok" in diary
    results = client.get(url(enrollment, "enrollment_results")).content.decode()
    assert results.count("data:image/svg") == 2 and "Medelsvåra" in results


def test_opening_a_sub_page_is_logged_as_reading_the_enrollment(world, login, start):
    enrollment = start()
    fill(enrollment, 1)
    client = login(world.citizen_admin)
    for part in PARTS:
        before = AccessEvent.objects.filter(
            action="enrollment.view", enrollment_id=enrollment.pk, actor=world.citizen_admin
        ).count()
        assert client.get(url(enrollment, part)).status_code == 200
        after = AccessEvent.objects.filter(
            action="enrollment.view", enrollment_id=enrollment.pk, actor=world.citizen_admin
        ).count()
        assert after == before + 1, part


def test_the_sub_pages_need_no_script(world, login, start):
    enrollment = start()
    fill(enrollment, 2)
    client = login(world.practitioner)
    for part in PARTS:
        assert (
            "<script" not in client.get(url(enrollment, part)).content.decode().split("<main", 1)[1]
        )

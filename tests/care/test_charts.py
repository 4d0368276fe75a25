"""Score and diary charts: server-side SVG without scripts, built from stored data."""

import base64
import datetime as dt

from django.utils import timezone

from stegvis.care.charts import (
    diary_series,
    render_line_chart,
    score_series,
)
from stegvis.care.models import DiaryEntry, QuestionnaireResponse
from stegvis.charts import svg_data_uri
from tests.care.helpers import completed_phq9


def test_score_series_has_one_series_per_questionnaire_oldest_first(world, start):
    enrollment = start()
    completed_phq9(enrollment, 1, days_ago=3)
    completed_phq9(enrollment, 2, days_ago=1)
    QuestionnaireResponse.objects.create(
        enrollment=enrollment, questionnaire_key="phq9", definition_version="1", occasion="open"
    )
    (series,) = score_series(enrollment)
    assert series.key == "phq9"
    assert series.title.startswith("PHQ-9")
    assert [p.value for p in series.points] == [16, 16]
    assert series.points[0].at < series.points[1].at
    assert series.points[0].band == "Medelsvåra"


def test_the_chart_is_an_svg_without_scripts(world, start):
    enrollment = start()
    completed_phq9(enrollment, 1, days_ago=3)
    completed_phq9(enrollment, 2)
    svg = render_line_chart(score_series(enrollment), "Resultat")
    assert svg.startswith("<svg")
    assert "<script" not in svg
    uri = svg_data_uri(svg)
    assert base64.b64decode(uri.split(",", 1)[1]).decode() == svg


def test_diary_series_takes_only_numbers(world, start):
    enrollment = start()
    today = timezone.localdate()
    for n, value in enumerate([4, "bra", 6, True]):
        DiaryEntry.objects.create(
            enrollment=enrollment,
            diary_key="mood",
            entry_date=today - dt.timedelta(days=4 - n),
            values={"mood": value},
        )
    series = diary_series(DiaryEntry.objects.all(), "mood", "Humör")
    assert [p.value for p in series.points] == [4, 6]

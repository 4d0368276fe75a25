"""Charts show the instrument's whole range with its severity bands, dates that never overlap,
and the EQ-5D-5L index and VAS (stored, and now shown to citizen and practitioner)."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from stegvis.care.charts import date_labels, render_line_chart, score_series
from stegvis.care.models import QuestionnaireResponse
from tests.care.helpers import completed_phq9


def test_a_phq9_series_carries_the_full_range_and_the_bands(world, start):
    enrollment = start()
    completed_phq9(enrollment, 1)  # a total of 16
    (series,) = score_series(enrollment)
    assert (series.lo, series.hi) == (0, 27)
    assert [(b.lo, b.hi, b.level) for b in series.bands] == [
        (0, 4, 0),
        (5, 9, 1),
        (10, 14, 2),
        (15, 19, 3),
        (20, 27, 4),
    ]


def test_the_chart_runs_to_the_top_of_the_scale_not_to_the_highest_score(world, start):
    enrollment = start()
    completed_phq9(enrollment, 1)
    svg = render_line_chart(score_series(enrollment), "PHQ-9")
    y_labels = re.findall(r'<text x="-5" y="[0-9.]+" class="[^"]*">([^<]*)</text>', svg)
    assert y_labels == ["0", "5", "10", "15", "20", "27"]


def test_the_bands_are_drawn_with_classes_and_no_inline_style(world, start):
    enrollment = start()
    completed_phq9(enrollment, 1)
    svg = render_line_chart(score_series(enrollment), "PHQ-9")
    rects = re.findall(r'<rect [^>]*class="band band-level-(\d)"[^>]*>', svg)
    assert rects == ["0", "1", "2", "3", "4"]
    assert not re.search(r'<rect [^>]*class="band[^>]*style=', svg)
    assert ".band-level-4{fill:" in svg  # styled by the SVG's own stylesheet
    assert "<title>Svåra</title>" in svg


def test_two_results_on_one_day_get_one_date_label():
    day = timezone.make_aware(dt.datetime(2026, 3, 2, 9))
    moments = [day, day + dt.timedelta(hours=6), day + dt.timedelta(days=7)]
    assert date_labels(moments, 5) == [day, day + dt.timedelta(days=7)]


def test_date_labels_close_together_are_thinned_but_the_last_is_kept():
    start = timezone.make_aware(dt.datetime(2026, 3, 1, 9))
    moments = [start + dt.timedelta(days=n) for n in (0, 1, 2, 3, 30)]
    labels = date_labels(moments, 3)
    assert labels == [start, start + dt.timedelta(days=30)]


def eq5d(enrollment, *, index=0.873, vas=70, profile="11121"):
    when = timezone.now()
    return QuestionnaireResponse.objects.create(
        enrollment=enrollment,
        questionnaire_key="eq5d5l",
        definition_version="1.0.0",
        occasion="block:eq5d:1",
        answers={},
        score={"total": None, "index": index, "vas": vas, "profile": profile, "band": None},
        completed_at=when,
        started_at=when,
    )


def test_eq5d_gives_an_index_series_and_a_vas_series(world, start):
    enrollment = start()
    eq5d(enrollment)
    index, vas = score_series(enrollment)
    assert index.key == "eq5d5l:index" and index.points[0].value == 0.873
    assert index.hi == 1.0 and index.points[0].band == "Hälsoprofil 11121"
    assert vas.key == "eq5d5l:vas" and (vas.lo, vas.hi) == (0, 100)
    assert vas.points[0].value == 70


def test_the_practitioner_sees_the_eq5d_index_and_vas(world, login, start):
    enrollment = start()
    eq5d(enrollment)
    body = login(world.practitioner).get(reverse("clinic:enrollment", args=[enrollment.pk]))
    assert "Index 0,873 · VAS 70 · Hälsoprofil 11121" in body.content.decode()


def test_the_citizen_sees_the_eq5d_index_and_vas(world, login, start):
    enrollment = start()
    eq5d(enrollment)
    body = login(world.citizen).get(reverse("portal:results", args=[enrollment.pk]))
    content = body.content.decode()
    assert "<td>0,873</td>" in content
    assert "<td>70</td>" in content
    assert "Hälsoprofil 11121" in content

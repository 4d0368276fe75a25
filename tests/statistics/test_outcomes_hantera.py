"""Hantera shows each questionnaire's change since the start, classified as in the outcomes."""

from django.urls import reverse

from tests.statistics.helpers import scored


def _changes(login, world, enrollment):
    response = login(world.practitioner).get(reverse("clinic:enrollment", args=[enrollment.pk]))
    assert response.status_code == 200
    return response, {c.title: c for c in response.context["data"].changes}


def test_hantera_classifies_the_change_since_the_first_score(world, login, start):
    enrollment = start()
    # PHQ-9 15 → 12 → 9: −6 is beyond the 3.9 points of reliable change (docs/statistics.md),
    # and 9 is below the cut-off 10: recovered. GAD-7 8 → 13: +5, reliably worse, a case.
    scored(enrollment, "phq9", [15, 12, 9])
    scored(enrollment, "gad7", [8, 13])
    response, changes = _changes(login, world, enrollment)
    phq9 = next(c for title, c in changes.items() if "PHQ-9" in title)
    assert (phq9.pre, phq9.post, phq9.reliable) == (15, 9, "improved")
    assert phq9.below_cutoff and phq9.recovered
    gad7 = next(c for title, c in changes.items() if "GAD-7" in title)
    assert gad7.reliable == "deteriorated" and gad7.below_cutoff is False
    content = response.content.decode()
    assert "Förändring sedan start" in content
    assert "Tillförlitlig förbättring" in content and "Tillförlitlig försämring" in content


def test_one_score_gives_no_change_row(world, login, start):
    enrollment = start()
    scored(enrollment, "phq9", [15])
    _response, changes = _changes(login, world, enrollment)
    assert changes == {}

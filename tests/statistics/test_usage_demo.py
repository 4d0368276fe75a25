"""The demo's history gives every usage chart something real to show."""

import datetime as dt
from collections import Counter

from django.utils import timezone

from stegvis.care.models import QuestionnaireResponse
from stegvis.care.services.program import document_of
from stegvis.demo import personas
from stegvis.instruments.scoring import score
from stegvis.organisation.models import CareUnit
from stegvis.statistics.usage import historic_tallies
from stegvis.statistics.usage_scope import UsageScope


def test_a_year_of_demo_history_fills_every_period_figure(full_demo):
    units = CareUnit.objects.filter(provider__code=personas.PROVIDER["code"])
    today = timezone.localdate()
    scope = UsageScope(
        unit_ids=tuple(units.values_list("pk", flat=True)),
        date_from=today - dt.timedelta(days=364),
        date_to=today,
    )
    tallies = historic_tallies(scope)
    totals = sum((tally.counts for tally in tallies.values()), Counter())
    assert totals["started"] >= 100
    for figure in ("completed", "closed_early", "handed_in", "handed_out", "modules_completed"):
        assert totals[figure] >= 5, figure
    assert totals["on_time"] > totals["late"] >= 5
    assert sum(len(tally.hours) for tally in tallies.values()) >= 20


def test_the_demo_history_is_scored_by_the_instrument_engine(full_demo):
    responses = QuestionnaireResponse.objects.filter(
        occasion__startswith="history:"
    ).select_related("enrollment__release")
    keys = set(responses.values_list("questionnaire_key", flat=True))
    assert {"phq9", "madrs-s", "gad7", "eq5d5l"} <= keys
    for response in responses.order_by("pk")[:40]:
        definition = document_of(response.enrollment.release).questionnaire_definition(
            response.questionnaire_key
        )
        assert response.score == score(definition, response.answers).to_dict()

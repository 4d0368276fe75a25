"""The demo's "MADRS-S och EQ-5D vid ECT": a measurement-only program in full, scheduled before,
during and after an ECT series, with rated series that give the outcomes page a real case."""

from stegvis.care.models import Enrollment, Phase, QuestionnaireResponse
from stegvis.catalog.document import validate_document
from stegvis.demo import personas
from stegvis.demo.ect import SERIES, email
from stegvis.demo.programs import ect
from stegvis.organisation.models import CareProvider, CareUnit
from stegvis.statistics.outcomes import TOTAL, Selection, outcomes

CONTENT_BLOCKS = {"text", "info", "questionnaire"}


def test_it_is_measurement_only_with_scales_before_during_and_after():
    document = validate_document(ect.document())
    assert [m.key for m in document.modules] == ["fore-ect", "under-ect", ect.AFTER]
    kinds = {
        block["type"]
        for module in ect.document()["modules"]
        for section in module["sections"]
        for step in section["steps"]
        for block in step["blocks"]
    }
    assert kinds <= CONTENT_BLOCKS  # no homework, worksheets or feedback: only the scales
    assert set(document.questionnaires) == {"madrs-s", "eq5d5l"}
    whens = {(s.questionnaire, s.when, s.module) for s in document.schedules}
    assert ("madrs-s", "every_n_days", None) in whens  # during the series
    assert ("madrs-s", "before_module", ect.AFTER) in whens  # after it
    assert ("eq5d5l", "before_module", ect.AFTER) in whens
    before = ect.document()["modules"][0]["sections"][0]["steps"][1]["blocks"]
    assert [b.get("questionnaire") for b in before if b["type"] == "questionnaire"] == [
        "madrs-s",
        "eq5d5l",
    ]


def test_the_demo_has_rated_series_in_every_state(full_demo):
    enrollments = Enrollment.objects.filter(citizen__email__startswith="ect-")
    assert enrollments.count() == len(SERIES)
    assert {e.phase for e in enrollments} == {Phase.CLOSED, Phase.MAINTENANCE, Phase.TREATMENT}
    first = Enrollment.objects.get(citizen__email=email(0))
    occasions = set(
        QuestionnaireResponse.objects.filter(enrollment=first).values_list("occasion", flat=True)
    )
    assert {"madrs-fore", "eq5d-fore", "schedule:0:1", f"schedule:1:{ect.AFTER}"} <= occasions


def test_the_outcomes_page_has_a_real_ect_case(full_demo):
    provider = CareProvider.objects.get(code="kronoberg")
    psych = CareUnit.objects.get(hsa_id=personas.UNITS["psych"][1])
    found = outcomes(Selection(provider=provider, program_key=ect.KEY, unit_ids=(psych.pk,)))
    madrs = next(o for o in found if o.instrument == "madrs-s" and o.measure == TOTAL)
    assert madrs.with_pre_and_post >= 5 and not madrs.suppressed
    assert madrs.summary is not None
    assert any(o.instrument == "eq5d5l" for o in found)

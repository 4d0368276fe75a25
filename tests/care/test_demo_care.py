"""The demo's enrollments: the test citizen with the test practitioner, flags on display, once.

The demo is loaded once for the module (`full_demo`, tests/plugins/demo.py).
"""

from stegvis.care.models import Enrollment, Flag, HistoryEvent, QuestionnaireResponse
from stegvis.care.services.flags import enrollments_miscounting_red_flags
from stegvis.demo.care import load_demo_care


def test_the_test_citizen_is_enrolled_with_the_test_practitioner(full_demo):
    enrollment = Enrollment.objects.get(citizen__email="testinvanare@stegvis.example")
    assert enrollment.practitioner.email == "testbehandlare@stegvis.example"
    assert enrollment.unit.name == "Specialistpsykiatri Växjö"
    assert "Depressionshjälpen" in enrollment.release.name
    assert enrollment.is_training


def test_the_demo_shows_a_red_flag_scores_and_feedback_waiting(full_demo):
    assert Flag.objects.filter(level="red", acknowledged_at__isnull=True).exists()
    assert Flag.objects.filter(kind="feedback", acknowledged_at__isnull=True).exists()
    assert QuestionnaireResponse.objects.filter(score__isnull=False).count() >= 5
    # ... and the red flag lifts its enrollment to the top of the lists.
    assert Enrollment.objects.filter(open_red_flags__gt=0).exists()
    assert not enrollments_miscounting_red_flags().exists()


def test_loading_the_demo_care_again_changes_nothing(full_demo):
    counts = (Enrollment.objects.count(), Flag.objects.count(), HistoryEvent.objects.count())
    load_demo_care()
    assert (
        Enrollment.objects.count(),
        Flag.objects.count(),
        HistoryEvent.objects.count(),
    ) == counts


def test_the_demo_citizens_have_finished_module_one_and_module_two_is_open(full_demo, login):
    from django.urls import reverse

    from stegvis.care.models import ModuleState
    from stegvis.care.services.program import document_of

    # The personas' own enrollments, not the statistics' history (stegvis/demo/history.py).
    enrollments = Enrollment.objects.filter(release__name__icontains="Depressionshjälpen").exclude(
        citizen__email__startswith="historik-"
    )
    assert enrollments.count() == 3
    for enrollment in enrollments:
        first, second = document_of(enrollment.release).modules[:2]
        states = {s.module_key: s for s in ModuleState.objects.filter(enrollment=enrollment)}
        assert states[first.key].completed_at is not None
        assert states[second.key].visibility == ModuleState.Visibility.OPEN
    enrollment = enrollments.get(citizen__email="invanare@stegvis.example")
    first = document_of(enrollment.release).modules[0]
    page = login(enrollment.citizen).get(reverse("portal:program", args=[enrollment.pk]))
    assert f"Öppnas när du är klar med ”{first.title}”" not in page.content.decode()

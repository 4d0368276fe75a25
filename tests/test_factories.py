"""Every factory makes a valid row with only what a test would name."""

from django.utils import timezone

from stegvis.care.models import ModuleState
from tests.factories import (
    AnswerFactory,
    DiaryEntryFactory,
    EnrollmentFactory,
    FeedbackFactory,
    FlagFactory,
    LogReviewerFactory,
    MessageTemplateFactory,
    ProgramAgreementFactory,
    QuestionnaireResponseFactory,
    RelativeGrantFactory,
    RoleGrantFactory,
    StepProgressFactory,
    UnitActivationFactory,
)
from tests.portal.fixtures import make_release


def test_the_care_factories_build_on_an_enrollment(world):
    release = make_release(world.provider)
    UnitActivationFactory(release=release, unit=world.unit)
    enrollment = EnrollmentFactory(
        citizen=world.citizen, unit=world.unit, release=release, practitioner=world.practitioner
    )
    # Initialised as the service starts one: the module opening at start is open.
    assert ModuleState.objects.filter(enrollment=enrollment, visibility="open").exists()
    rows = [
        FlagFactory(enrollment=enrollment),
        FeedbackFactory(enrollment=enrollment),
        AnswerFactory(enrollment=enrollment),
        StepProgressFactory(enrollment=enrollment),
        QuestionnaireResponseFactory(enrollment=enrollment),
        DiaryEntryFactory(enrollment=enrollment),
        RelativeGrantFactory(enrollment=enrollment),
    ]
    assert all(row.pk for row in rows)
    assert rows[-1].invited_by == world.practitioner


def test_the_organisation_factories(world):
    grant = RoleGrantFactory(staff=world.unassigned_staff, unit=world.unit)
    assert grant.provider == world.provider
    agreement = ProgramAgreementFactory(owner=world.provider, user_provider=world.other_provider)
    assert agreement.valid_from == timezone.localdate()
    template = MessageTemplateFactory(unit=world.unit, created_by=world.practitioner)
    assert template.updated_by == world.practitioner
    reviewer = LogReviewerFactory(provider=world.provider, granted_by=world.provider_admin)
    assert reviewer.pk

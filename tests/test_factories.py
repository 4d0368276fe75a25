"""Every factory makes a valid row with only what a test would name."""

from django.utils import timezone

from stegvis.care.models import ModuleState
from tests.factories import (
    AnswerFactory,
    DiaryEntryFactory,
    EnrollmentFactory,
    FeedbackFactory,
    FlagFactory,
    HandoverFactory,
    LogReviewerFactory,
    MessageFactory,
    MessageTemplateFactory,
    NotificationFactory,
    ProgramAgreementFactory,
    QuestionnaireResponseFactory,
    RelativeGrantFactory,
    ReleaseFactory,
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


def test_a_release_is_made_as_the_catalog_makes_one(world):
    release = ReleaseFactory(owner=world.provider, key="egen", minor=2, active_at=world.unit)
    assert (release.program_key, release.version) == ("egen", "1.2")
    assert list(release.available_to.all()) == [world.provider]
    assert release.activations.get().unit == world.unit
    agreement = ProgramAgreementFactory(release=release, user_provider=world.other_provider)
    assert (agreement.program_key, agreement.owner) == ("egen", world.provider)


def test_messages_notifications_and_handovers_hang_off_an_enrollment(world):
    release = make_release(world.provider, world.unit)
    UnitActivationFactory(release=release, unit=world.other_unit)
    enrollment = EnrollmentFactory(
        citizen=world.citizen, unit=world.unit, release=release, practitioner=world.practitioner
    )
    message = MessageFactory(enrollment=enrollment)
    assert (message.author, message.sender_side) == (world.citizen, "citizen")
    notification = NotificationFactory(enrollment=enrollment)
    assert notification.recipient == world.citizen
    assert (notification.unit_id, notification.subject_id) == (world.unit.pk, enrollment.pk)
    handover = HandoverFactory(enrollment=enrollment, to_unit=world.other_unit)
    assert (handover.from_unit, handover.started_by) == (world.unit, world.practitioner)


def test_the_record_factories_build_on_the_world(world):
    from tests.record_factories import (
        ActivityFactory,
        CareAssignmentFactory,
        CheckpointFactory,
        DemoOutboxItemFactory,
        HistoryEventFactory,
        ModuleStateFactory,
        PreferenceFactory,
        ResearchExportAuthorisationFactory,
        ResearchExportFactory,
        UnsealedAccessEventFactory,
        VerificationCodeFactory,
    )

    release = make_release(world.provider)
    UnitActivationFactory(release=release, unit=world.unit)
    enrollment = EnrollmentFactory(
        citizen=world.citizen, unit=world.unit, release=release, practitioner=world.practitioner
    )
    rows = [
        ModuleStateFactory(enrollment=enrollment, module_key="later"),
        HistoryEventFactory(enrollment=enrollment),
        ActivityFactory(enrollment=enrollment),
        CareAssignmentFactory(staff=world.unassigned_staff, unit=world.other_unit),
        VerificationCodeFactory(user=world.citizen),
        DemoOutboxItemFactory(),
        ResearchExportFactory(provider=world.provider),
        UnsealedAccessEventFactory(actor=world.practitioner, citizen=world.citizen),
        CheckpointFactory(chain=999),
    ]
    assert all(row.pk for row in rows)
    preference = PreferenceFactory(user=world.other_citizen, verified_email=True)
    assert preference.use_email and preference.email_verified_at
    grant = ResearchExportAuthorisationFactory(
        unit=world.unit, staff=world.data_admin, authorised_by=world.provider_admin
    )
    assert grant.provider == world.provider

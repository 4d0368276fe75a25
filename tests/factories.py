"""factory-boy factories for every model tests make, so a test names only what matters to it.

Organisation (providers, units, staff, citizens, grants), releases and their activations and
agreements, the care data built on an enrollment, messages and notifications. `ReleaseFactory`
makes a release the one way the catalog does (`catalog.services.create_release`, which validates
the document), from the catalog's minimal program (tests/documents.py) unless given another
document; `EnrollmentFactory` takes one.
"""

import datetime as dt

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from stegvis.organisation.models import (
    CareAssignment,
    CareProvider,
    CareUnit,
    Role,
    RoleGrant,
    User,
)
from tests.documents import minimal_document

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TEST_PASSWORD = "correct-horse-battery-staple"


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareProvider

    code = factory.Sequence(lambda n: f"region-{n}")
    name = factory.Sequence(lambda n: f"Region {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareUnit

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Vårdenhet {n}")
    hsa_id = factory.Sequence(lambda n: f"SE2321000065-U{n:04d}")


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    kind = User.Kind.STAFF
    email = factory.Sequence(lambda n: f"staff{n}@test.example")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    hsa_id = factory.Sequence(lambda n: f"SE2321000065-S{n:04d}")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def with_totp(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            TOTP.activate(obj, TEST_TOTP_SECRET)


def _personnummer(n: int) -> str:
    from stdnum import luhn

    birth = f"1970{(n % 12) + 1:02d}{(n % 28) + 1:02d}"
    serial = f"{n % 1000:03d}"
    return f"{birth}{serial}{luhn.calc_check_digit(birth[2:] + serial)}"


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    kind = User.Kind.CITIZEN
    email = factory.Sequence(lambda n: f"citizen{n}@test.example")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    personnummer = factory.Sequence(_personnummer)
    password = factory.django.Password(TEST_PASSWORD)


def assign(staff: User, unit: CareUnit, *roles: str) -> User:
    """Give `staff` a valid care assignment at `unit` and the given roles there."""
    CareAssignment.objects.get_or_create(staff=staff, unit=unit)
    for role in roles:
        RoleGrant.objects.create(staff=staff, unit=unit, provider_id=unit.provider_id, role=role)
    return staff


def make_provider_admin(staff: User, provider: CareProvider) -> User:
    RoleGrant.objects.create(staff=staff, provider=provider, role=Role.PROVIDER_ADMIN)
    return staff


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RoleGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleGrant

    staff = factory.SubFactory(StaffFactory)
    unit = factory.SubFactory(UnitFactory)
    provider = factory.LazyAttribute(lambda grant: grant.unit.provider)
    role = Role.PRACTITIONER


class ReleaseFactory(factory.django.DjangoModelFactory):
    """A release of `document` (default: the minimal program `key` at `major`.`minor`) by `owner`.

    `active_at`: a unit, or units, where it is switched on (a UnitActivation each).
    """

    class Meta:
        model = "catalog.ProgramRelease"
        skip_postgeneration_save = True

    class Params:
        key = "testprogram"
        major = 1
        minor = 0

    owner = factory.SubFactory(ProviderFactory)
    document = factory.LazyAttribute(lambda r: minimal_document(r.key, r.major, r.minor))

    @classmethod
    def _create(cls, model_class, *, owner, document, **options):
        from stegvis.catalog.services import create_release

        return create_release(actor=None, owner=owner, document=document, **options)

    @factory.post_generation
    def active_at(obj, create, extracted, **kwargs):
        if not create or extracted is None:
            return
        units = extracted if isinstance(extracted, list | tuple) else [extracted]
        for unit in units:
            UnitActivationFactory(release=obj, unit=unit)


class UnitActivationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.UnitActivation"

    unit = factory.SubFactory(UnitFactory)


class ProgramAgreementFactory(factory.django.DjangoModelFactory):
    """`owner` lets `user_provider` use the owner's program `program_key` from today.

    With `release`, the agreement is about that release's program, and its owner is the owner.
    """

    class Meta:
        model = "catalog.ProgramAgreement"

    class Params:
        release = None

    program_key = factory.LazyAttributeSequence(
        lambda a, n: a.release.program_key if a.release else f"program-{n}"
    )
    program_name = factory.LazyAttributeSequence(
        lambda a, n: a.release.name if a.release else f"Program {n}"
    )
    owner = factory.Maybe(
        "release",
        yes_declaration=factory.SelfAttribute("release.owner"),
        no_declaration=factory.SubFactory(ProviderFactory),
    )
    user_provider = factory.SubFactory(ProviderFactory)
    valid_from = factory.LazyFunction(timezone.localdate)


class EnrollmentFactory(factory.django.DjangoModelFactory):
    """An enrollment as the staff side starts it (modules opening at start are open).

    Needs `release` (and `unit` where the release is active).
    """

    class Meta:
        model = "care.Enrollment"
        skip_postgeneration_save = True

    citizen = factory.SubFactory(CitizenFactory)
    unit = factory.SubFactory(UnitFactory)
    phase = "treatment"
    start_date = factory.LazyFunction(timezone.localdate)
    last_activity_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def initialised(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            from stegvis.care.services import runtime

            runtime.initialise(obj, actor=None)


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "care.Flag"

    kind = "alert"
    level = "red"
    dedupe_key = factory.Sequence(lambda n: f"flag-{n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """As raise_flag does: an open red flag counts on its enrollment (the lists' sort)."""
        from stegvis.care.services.flags import shift_open_red_flags

        flag = super()._create(model_class, *args, **kwargs)
        if flag.level == "red" and flag.acknowledged_at is None:
            shift_open_red_flags(flag.enrollment_id, +1)
            flag.enrollment.refresh_from_db(fields=["open_red_flags"])
        return flag


class HandoverFactory(factory.django.DjangoModelFactory):
    """A pending handover of `enrollment` (required) from its unit to `to_unit` (required)."""

    class Meta:
        model = "care.Handover"

    from_unit = factory.SelfAttribute("enrollment.unit")
    consent_confirmed_at = factory.LazyFunction(timezone.now)
    started_by = factory.SelfAttribute("enrollment.practitioner")


def _first_feedback_block(enrollment) -> str:
    from stegvis.care.services.program import document_of

    document = document_of(enrollment.release)
    return next(
        block.key
        for _module, _section, step in document.steps()
        for block in step.blocks
        if block.type == "feedback"
    )


class FeedbackFactory(factory.django.DjangoModelFactory):
    """A feedback request on `enrollment` (required): its release's first feedback block."""

    class Meta:
        model = "care.Feedback"

    block_key = factory.LazyAttribute(lambda f: _first_feedback_block(f.enrollment))


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "care.Answer"

    block_key = "hw1"
    value = factory.LazyFunction(lambda: {"text": "Ett svar"})
    updated_at = factory.LazyFunction(timezone.now)


class StepProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "care.StepProgress"

    step_key = "intro"
    completed_at = factory.LazyFunction(timezone.now)


class QuestionnaireResponseFactory(factory.django.DjangoModelFactory):
    """A due PHQ-9 (pass `completed_at` and `score` for an answered one)."""

    class Meta:
        model = "care.QuestionnaireResponse"

    questionnaire_key = "phq9"
    definition_version = "1.0.0"
    occasion = factory.LazyAttributeSequence(
        lambda r, n: f"schedule:test:{n}:{r.questionnaire_key}"
    )
    due_at = factory.LazyFunction(timezone.now)


class DiaryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "care.DiaryEntry"

    diary_key = "d1"
    entry_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=1))
    values = factory.LazyFunction(lambda: {"hours": 7})


class RelativeGrantFactory(factory.django.DjangoModelFactory):
    """A relative following `enrollment` (required), invited by its practitioner."""

    class Meta:
        model = "relatives.RelativeGrant"

    relative = factory.SubFactory(CitizenFactory, first_name="Anhörig")
    relation = "relative"
    may_message = True
    invited_by = factory.LazyAttribute(lambda grant: grant.enrollment.practitioner)
    # Approved by the citizen unless a test says otherwise (approved_at=None: waiting).
    approved_at = factory.LazyFunction(timezone.now)
    approval = "citizen"


class MessageFactory(factory.django.DjangoModelFactory):
    """A message from the citizen of `enrollment` (required) to its care team."""

    class Meta:
        model = "messaging.Message"

    author = factory.SelfAttribute("enrollment.citizen")
    sender_side = "citizen"
    author_role = "citizen"
    body = "Hej"


class MessageTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "messaging.MessageTemplate"

    unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"Mall {n}")
    body = "Hej"
    created_by = factory.SubFactory(StaffFactory)
    updated_by = factory.SelfAttribute("created_by")


class LogReviewerFactory(factory.django.DjangoModelFactory):
    """A staff member the provider admin `granted_by` permitted to review the access log."""

    class Meta:
        model = "audit.LogReviewer"

    staff = factory.SubFactory(StaffFactory)


class NotificationFactory(factory.django.DjangoModelFactory):
    """A pending SMS to `recipient` that a new message waits; with `enrollment`, about that
    enrollment (its unit and subject) and by default to its citizen."""

    class Meta:
        model = "notifications.Notification"

    class Params:
        enrollment = None

    recipient = factory.Maybe(
        "enrollment",
        yes_declaration=factory.SelfAttribute("enrollment.citizen"),
        no_declaration=factory.SubFactory(CitizenFactory),
    )
    kind = "new_message"
    channel = "sms"
    key = factory.Sequence(lambda n: f"notification:{n}")
    unit_id = factory.LazyAttribute(lambda n: _subject(n).unit_id)
    subject_kind = factory.LazyAttribute(lambda n: _subject(n).kind)
    subject_id = factory.LazyAttribute(lambda n: _subject(n).pk)


def _subject(notification):
    """What the notice is about, as care's notices name it (or nothing without an enrollment)."""
    from stegvis.care.subjects import about_enrollment
    from stegvis.notifications.subjects import Subject

    if notification.enrollment is None:
        return Subject(unit_id=None, kind="", pk=None)
    return about_enrollment(notification.enrollment)

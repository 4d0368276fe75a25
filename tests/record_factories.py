"""Factories for the records the apps keep around an enrollment or a person.

tests/factories.py makes the people, releases and the care data a citizen writes; this module
makes what the apps record about them: module states, history and scheduled activities, care
assignments, notification preferences and codes, the demo outbox, research exports and their
authorisations, and raw access-log rows for the tests that need the log in a given state (health
and metrics read its unsealed backlog and its newest checkpoint). Everything else in the log is
written by services, never by a factory.
"""

import datetime as dt

import factory
from django.utils import timezone

from stegvis.organisation.models import CareAssignment
from tests.factories import CitizenFactory, EnrollmentFactory, ProviderFactory, UnitFactory


class CareAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareAssignment

    unit = factory.SubFactory(UnitFactory)
    staff = factory.SubFactory("tests.factories.StaffFactory")
    valid_from = factory.LazyFunction(timezone.localdate)


class ModuleStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "care.ModuleState"

    enrollment = factory.SubFactory(EnrollmentFactory)
    module_key = "m1"


class HistoryEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "care.HistoryEvent"

    enrollment = factory.SubFactory(EnrollmentFactory)
    action = "phase.changed"
    detail = factory.LazyFunction(lambda: {"old": "treatment", "new": "maintenance"})


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "care.Activity"

    enrollment = factory.SubFactory(EnrollmentFactory)
    key = factory.Sequence(lambda n: f"activity-{n}")
    kind = "open_module"
    due_at = factory.LazyFunction(timezone.now)
    payload = factory.LazyFunction(dict)


class PreferenceFactory(factory.django.DjangoModelFactory):
    """A person's channels; `verified_email`/`verified_sms` make a channel usable."""

    class Meta:
        model = "notifications.Preference"

    user = factory.SubFactory(CitizenFactory)

    class Params:
        verified_email = factory.Trait(
            email=factory.LazyAttribute(lambda o: f"{o.user.pk}@mail.test"),
            email_verified_at=factory.LazyFunction(timezone.now),
            use_email=True,
        )
        verified_sms = factory.Trait(
            phone=factory.Sequence(lambda n: f"+4670174{n % 10000:04d}"),
            phone_verified_at=factory.LazyFunction(timezone.now),
            use_sms=True,
        )


class VerificationCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "notifications.VerificationCode"

    user = factory.SubFactory(CitizenFactory)
    channel = "email"
    address = factory.Sequence(lambda n: f"address-{n}@mail.test")
    code_hash = "x"
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(minutes=15))


class DemoOutboxItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "notifications.DemoOutboxItem"

    channel = "email"
    to = factory.Sequence(lambda n: f"recipient-{n}@mail.test")
    body = "Du har ett nytt meddelande i Stegvis."


class ResearchExportAuthorisationFactory(factory.django.DjangoModelFactory):
    """A provider admin's grant letting one staff member export research data at one unit."""

    class Meta:
        model = "statistics.ResearchExportAuthorisation"

    unit = factory.SubFactory(UnitFactory)
    provider = factory.SelfAttribute("unit.provider")
    staff = factory.SubFactory("tests.factories.StaffFactory")
    authorised_by = factory.SubFactory("tests.factories.StaffFactory")


class ResearchExportFactory(factory.django.DjangoModelFactory):
    """The record of an export already made (the file itself is never stored)."""

    class Meta:
        model = "statistics.ResearchExport"

    provider = factory.SubFactory(ProviderFactory)
    channel = "clinic"
    program_key = "minimal"
    period_from = factory.LazyFunction(timezone.localdate)
    period_to = factory.LazyFunction(timezone.localdate)
    reason = "Uppföljning av behandlingsresultat"
    key_fingerprint = "0" * 16


class UnsealedAccessEventFactory(factory.django.DjangoModelFactory):
    """A read the sealer has not linked into its provider's chain yet."""

    class Meta:
        model = "audit.AccessEvent"

    kind = "read"
    action = "care.enrollment.view"
    occurred_at = factory.LazyFunction(timezone.now)


class CheckpointFactory(factory.django.DjangoModelFactory):
    """A signed head of a chain; its signature is not checked by the tests that use it."""

    class Meta:
        model = "audit.Checkpoint"

    chain = 1
    sequence = 1
    link = "0" * 64
    key_id = "k"
    signature = "0" * 64

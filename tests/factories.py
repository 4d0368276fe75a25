import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from stegvis.organisation.models import (
    CareAssignment,
    CareProvider,
    CareUnit,
    Role,
    RoleGrant,
    User,
)

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

"""An address of another account can't be verified, and the demo outbox never shows another
account's mail to a citizen (issue 12: a citizen read a staff member's password reset mail)."""

from django.core import mail
from django.urls import reverse

from stegvis.notifications.models import Preference, VerificationCode
from stegvis.notifications.services import (
    CODES_PER_HOUR,
    CodeResult,
    VerificationRefused,
    check_verification_code,
    send_verification_code,
)
from tests.notifications.conftest import verified
from tests.record_factories import DemoOutboxItemFactory, VerificationCodeFactory

SETTINGS = reverse("portal:notification_settings")
REFUSED = "Adressen kan inte användas. Ange en annan adress."


def _refused(user, channel, address) -> bool:
    try:
        send_verification_code(user=user, channel=channel, address=address)
    except VerificationRefused as refused:
        return refused.reason == "address_unavailable"
    return False


def test_a_staff_members_e_mail_cannot_be_verified_by_a_citizen(world, login):
    staff_email = world.practitioner.email.upper()  # the case does not matter
    client = login(world.citizen)
    response = client.post(SETTINGS, {"action": "email", "email": staff_email})
    assert response.status_code == 400
    page = response.content.decode()
    assert REFUSED in page
    # Nothing says whose address it is.
    assert world.practitioner.get_full_name() not in page
    assert not mail.outbox
    assert not VerificationCode.objects.filter(address__iexact=staff_email).exists()


def test_another_citizens_verified_address_cannot_be_verified_again(world):
    verified(world.citizen, email="tolvan@mail.test", phone="+46701234567")
    assert _refused(world.other_citizen, "email", "Tolvan@mail.test")
    assert _refused(world.other_citizen, "sms", "+46701234567")
    # An unverified address of someone else's pending code is still free to verify.
    send_verification_code(user=world.citizen, channel="email", address="ny@mail.test")
    assert not _refused(world.other_citizen, "email", "ny@mail.test")


def test_refusals_count_towards_the_hourly_limit(world):
    for _ in range(CODES_PER_HOUR):
        assert _refused(world.citizen, "email", world.practitioner.email)
    try:
        send_verification_code(user=world.citizen, channel="email", address="egen@mail.test")
    except VerificationRefused as refused:
        assert refused.reason == "too_many_codes"
    else:
        raise AssertionError("the limit should have been reached")


def test_a_code_for_an_address_someone_else_verified_since_does_not_verify(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_verification_code(user=world.citizen, channel="email", address="delad@mail.test")
    code = mail.outbox[-1].body.split("är ")[1][:6]
    verified(world.other_citizen, email="delad@mail.test")
    result = check_verification_code(user=world.citizen, channel="email", code=code)
    assert result == CodeResult.UNAVAILABLE
    assert not Preference.objects.filter(user=world.citizen, email="delad@mail.test").exists()


def test_the_demo_outbox_never_shows_a_citizen_mail_to_another_account(world, login, settings):
    settings.DEMO = True
    staff_email = world.practitioner.email
    DemoOutboxItemFactory(channel="email", to=staff_email, body="Återställ lösenordet")
    # Even an old code request (before this fix) for the staff address shows nothing.
    VerificationCodeFactory(
        user=world.citizen,
        channel="email",
        address=staff_email,
        code_hash="x",
        expires_at="2030-01-01T00:00:00Z",
    )
    # And even a verified preference (made before this fix) for it.
    verified(world.citizen, email=staff_email)
    body = login(world.citizen).get(reverse("demo:outbox")).content.decode()
    assert "Återställ lösenordet" not in body


def test_the_demo_outbox_shows_a_citizen_their_own_codes_and_mail(
    world, login, settings, django_capture_on_commit_callbacks
):
    settings.DEMO = True
    settings.EMAIL_BACKEND = "stegvis.notifications.mail.DemoOutboxEmailBackend"
    verified(world.citizen, email="tolvan@mail.test")
    DemoOutboxItemFactory(channel="email", to="tolvan@mail.test", body="Till Tolvan")
    with django_capture_on_commit_callbacks(execute=True):
        send_verification_code(user=world.citizen, channel="email", address="ny@mail.test")
    body = login(world.citizen).get(reverse("demo:outbox")).content.decode()
    assert "Till Tolvan" in body
    assert "ny@mail.test" in body  # the code to the address being verified

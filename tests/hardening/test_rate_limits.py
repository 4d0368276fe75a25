"""Rate limits: sign-in (password, TOTP, e-ID), uploads; the limited user keeps their text."""

import io
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from PIL import Image

from stegvis.security.ratelimits import limit_reached, rate_limited
from tests.factories import TEST_PASSWORD, TEST_TOTP_SECRET


def _wrong_code() -> str:
    now = int(time.time()) // 30
    valid = {format_hotp_value(hotp_value(TEST_TOTP_SECRET, now + d)) for d in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222") if c not in valid)


def test_repeated_wrong_totp_codes_are_refused_even_the_right_one(world, client):
    client.post(
        reverse("account_login"), {"login": world.practitioner.email, "password": TEST_PASSWORD}
    )
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": _wrong_code()})
    right = format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": right})
    assert response.status_code == 200  # the form again, with the too-many-attempts message
    assert client.get(reverse("clinic:start")).status_code == 302


def test_failed_citizen_password_sign_ins_are_limited_per_account(world, client):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": world.citizen.email, "password": "wrong"})
    response = client.post(
        reverse("account_login"), {"login": world.citizen.email, "password": TEST_PASSWORD}
    )
    assert not response.wsgi_request.user.is_authenticated


def test_the_e_id_sign_in_is_limited_per_address(client, db, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "oidc_sign_in": "3/m"}
    statuses = [client.get("/accounts/oidc/eid/login/").status_code for _ in range(4)]
    assert 429 not in statuses[:3]
    assert statuses[3] == 429
    assert client.get(reverse("account_login")).status_code == 200


def test_program_file_imports_are_limited_per_user(world, login, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload": "2/h"}
    client = login(world.provider_admin)

    def upload():
        data = SimpleUploadedFile("p.zip", b"not a zip", content_type="application/zip")
        return client.post(reverse("clinic:catalog_import"), {"file": data})

    assert [upload().status_code, upload().status_code] == [200, 200]
    limited = upload()
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "attach them again" in limited.content.decode() or "bifoga" in limited.content.decode()
    # Reading the page is not limited.
    assert client.get(reverse("clinic:catalog_import")).status_code == 200


def _png(name: str) -> SimpleUploadedFile:
    data = io.BytesIO()
    Image.new("RGB", (2, 2)).save(data, "PNG")
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/png")


def test_design_tool_uploads_are_limited_but_not_other_design_posts(world, login, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload": "1/h"}
    client = login(world.designer)
    first = client.post("/design/images/add/", {"title": "a", "file": _png("a.png")})
    second = client.post("/design/images/add/", {"title": "b", "file": _png("b.png")})
    assert first.status_code != 429
    assert second.status_code == 429
    assert client.post("/design/images/add/", {"title": "no file"}).status_code != 429


def _limited_view():
    @rate_limited("message_send")
    def view(request):
        return HttpResponse("sent")

    return view


def test_the_limited_page_keeps_the_draft_in_a_form_that_sends_it_again(world, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "message_send": "1/m"}
    view = _limited_view()

    def post():
        request = RequestFactory().post("/x/", {"body": "Hej <b>behandlare</b>", "subject": "Å"})
        request.user = world.citizen
        request.session = {}
        return view(request)

    assert post().content == b"sent"
    response = post()
    html = response.content.decode()
    assert response.status_code == 429
    assert 'name="body" value="Hej &lt;b&gt;behandlare&lt;/b&gt;"' in html
    assert 'name="subject" value="Å"' in html
    assert 'method="post" action="/x/"' in html


def test_limits_count_per_user_and_reading_is_free(world, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "message_send": "1/m"}

    def request_by(user, method="post"):
        request = getattr(RequestFactory(), method)("/x/")
        request.user = user
        return request

    assert not limit_reached(request_by(world.citizen), "message_send")
    assert limit_reached(request_by(world.citizen), "message_send")
    assert not limit_reached(request_by(world.other_citizen), "message_send")
    assert _limited_view()(request_by(world.citizen, "get")).status_code == 200


def test_an_absurdly_long_totp_code_is_a_form_error_not_a_crash(world, client):
    client.post(
        reverse("account_login"), {"login": world.practitioner.email, "password": TEST_PASSWORD}
    )
    response = client.post(reverse("mfa_authenticate"), {"code": "9" * 5000})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]


def test_a_webauthn_credential_that_is_a_huge_number_is_a_form_error(world, client):
    client.post(
        reverse("account_login"), {"login": world.practitioner.email, "password": TEST_PASSWORD}
    )
    response = client.post(reverse("mfa_authenticate"), {"credential": "9" * 5000})
    assert response.status_code == 200

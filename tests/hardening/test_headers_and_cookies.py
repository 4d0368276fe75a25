"""Headers and cookies as the browser gets them: signed-in pages are never cached."""

from django.urls import reverse

from tests.factories import TEST_PASSWORD


def test_sign_in_sets_an_httponly_same_site_session_cookie(world, client):
    client.post(reverse("account_login"), {"login": world.citizen.email, "password": TEST_PASSWORD})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_csrf_cookie_is_same_site(client, db):
    client.get(reverse("account_login"))
    assert client.cookies["csrftoken"]["samesite"] == "Lax"


def test_pages_for_signed_in_people_are_not_stored(world, login):
    for user, url in ((world.citizen, reverse("portal:home")), (world.practitioner, "/clinic/")):
        response = login(user).get(url, follow=True)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"], url


def test_every_response_carries_permissions_and_resource_policies(client, db):
    response = client.get(reverse("account_login"))
    assert response["Permissions-Policy"].startswith("camera=()")
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"

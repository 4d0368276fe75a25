"""The design tool speaks Swedish with the rest of Stegvis, and its account page has no errors."""

from django.conf import settings


def test_wagtail_offers_only_our_languages_and_one_time_zone():
    assert [code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES] == ["sv", "en"]
    # zoneinfo's "localtime" made Wagtail's account script throw; only real zones are offered.
    assert settings.WAGTAIL_USER_TIME_ZONES == ["Europe/Stockholm"]


def test_the_account_page_offers_no_localtime_zone(design, login):
    response = login(design.designer).get("/design/account/")
    assert response.status_code == 200
    assert "localtime" not in response.content.decode()


def test_an_empty_page_listing_says_so_in_swedish(design, login):
    response = login(design.designer).get(f"/design/pages/{design.root.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "of 0" not in html
    assert "Här finns inga sidor än." in html

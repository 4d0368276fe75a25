"""No personnummer or citizen names in logs, URLs or error pages."""

import io
import logging
import logging.config
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from stegvis.security.logging import MASK, MaskIdentityNumbers, mask_identity_numbers
from tests.factories import TEST_PASSWORD, CitizenFactory
from tests.signin import sign_in

NEW_CITIZEN = {"personnummer": "19850314-2383", "first_name": "Ebba", "last_name": "Grönqvist"}


def _forms_of(pnr: str) -> list[str]:
    digits = re.sub(r"\D", "", pnr)
    return [digits, digits[2:], f"{digits[:8]}-{digits[8:]}", f"{digits[2:8]}-{digits[8:]}"]


# The log filter itself.


@pytest.mark.parametrize(
    "text",
    [
        "191212121212",
        "19121212-1212",
        "1212121212",
        "121212-1212",
        "121212+1212",  # over a hundred years old
        "197010632391",  # samordningsnummer: day + 60
        "citizen=19121212-1212,",
    ],
)
def test_identity_numbers_are_masked(text):
    masked = mask_identity_numbers(text)
    assert MASK in masked
    assert "1212" not in masked.replace("[personnummer]", "") or text.startswith("citizen")


@pytest.mark.parametrize(
    "text",
    ["191212121213", "enrollment 1234567890", "2026-11-25 20:23:40,410", "id=20261125123456789"],
)
def test_other_numbers_are_left_alone(text):
    assert mask_identity_numbers(text) == text


def test_the_site_log_handler_masks_messages_arguments_and_tracebacks(settings):
    # Other tests may have reconfigured logging; put the site's configuration back first.
    logging.config.dictConfig(settings.LOGGING)
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, MaskIdentityNumbers) for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        logger = logging.getLogger("stegvis.anything")
        logger.warning("looked up %s", "19121212-1212")
        try:
            raise ValueError("bad personnummer 191212121212")
        except ValueError:
            logger.exception("failed")
        logging.getLogger("django.request").error("for 191212121212")
    finally:
        handler.setStream(previous)
    output = stream.getvalue()
    assert "1212121212" not in output and "1212-1212" not in output
    assert output.count(MASK) >= 3


# Representative flows leave no identity in the logs, with or without the filter.


def test_staff_and_citizen_flows_log_no_personnummer_or_names(world, login, caplog, capfd, request):
    caplog.set_level(logging.DEBUG)
    # Django's loggers do not propagate to the root (settings.LOGGING): listen to them too.
    django_logger = logging.getLogger("django")
    django_logger.addHandler(caplog.handler)
    request.addfinalizer(lambda: django_logger.removeHandler(caplog.handler))
    citizen = world.citizen
    staff = login(world.citizen_admin)
    staff.post(reverse("clinic:citizens"), {"personnummer": citizen.personnummer})
    staff.post(reverse("clinic:citizens"), {"personnummer": "19121212-1212"})
    staff.post(reverse("clinic:citizen_register"), {**NEW_CITIZEN, "email": ""})
    staff.post(reverse("clinic:citizen_register"), {**NEW_CITIZEN, "email": ""})  # duplicate
    staff.post(reverse("clinic:enrollment_start"), {"personnummer": citizen.personnummer})
    anonymous = login(None)
    anonymous.post(reverse("account_login"), {"login": citizen.personnummer, "password": "wrong"})
    anonymous.post(reverse("account_login"), {"login": citizen.email, "password": TEST_PASSWORD})
    anonymous.get(reverse("portal:home"))
    anonymous.get(f"/portal/{citizen.personnummer}/")
    # Django logs the path of a missing page: here one the user typed with a personnummer in it.
    login(citizen).get(f"/portal/{citizen.personnummer}/")
    out, err = capfd.readouterr()
    assert any(r.name == "django.request" for r in caplog.records)
    # What our code logs holds no personnummer; what reaches the console is masked as well.
    ours = "".join(r.getMessage() for r in caplog.records if r.name != "django.request")
    for pnr in (citizen.personnummer, NEW_CITIZEN["personnummer"]):
        for shape in _forms_of(pnr):
            assert shape not in ours + out + err, shape
            assert shape not in mask_identity_numbers(caplog.text), shape
    for name in (citizen.first_name, citizen.last_name, "Ebba", "Grönqvist"):
        assert name not in caplog.text + out + err, name


# URLs carry ids only.

_ID_CONVERTERS = {"IntConverter", "SlugConverter", "UUIDConverter"}
_IDENTITY_NAMES = re.compile(
    r"personnummer|pnr|ssn|first_name|last_name|full_name|^name$|email|phone|birth", re.I
)
# Parameters that look personal but are not, each with the reason.
NOT_PERSONAL = {
    # A media file's name inside the released program document (program content, not a person).
    ("portal/<int:enrollment_id>/media/<str:name>", "name"),
    ("portal/<int:enrollment_id>/following/media/<str:name>", "name"),
    # Wagtail's document link (Document.url) ends in the uploaded file's name; the design tool's
    # film, audio and captions are program content, served only to the provider's designers.
    ("design/files/documents/<int:document_id>/<path:filename>", "filename"),
}


def _walk(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def _parameters(route: str, entry: URLPattern) -> dict[str, str]:
    converters = getattr(entry.pattern, "converters", {})
    regex = entry.pattern.regex.pattern
    return {
        name: type(converters[name]).__name__ if name in converters else "regex"
        for name in re.findall(r"\(\?P<(\w+)>", regex)
    }


def test_no_url_parameter_is_named_like_personal_data():
    found = [
        f"{route} <{name}>"
        for route, entry in _walk(get_resolver())
        for name in _parameters(route, entry)
        if _IDENTITY_NAMES.search(name) and (route, name) not in NOT_PERSONAL
    ]
    assert not found


def test_our_urls_take_only_numeric_slug_or_uuid_ids():
    ours = [
        (route, entry)
        for route, entry in _walk(get_resolver())
        if entry.lookup_str.startswith("stegvis.")
    ]
    assert len(ours) > 50
    found = [
        f"{route} <{name}> is {converter}"
        for route, entry in ours
        for name, converter in _parameters(route, entry).items()
        if converter not in _ID_CONVERTERS and (route, name) not in NOT_PERSONAL
    ]
    assert not found


# Error pages show nothing about the citizen.


def _identity(citizen) -> list[str]:
    return [*_forms_of(citizen.personnummer), citizen.first_name, citizen.last_name]


def test_404_and_403_pages_show_nothing_about_the_citizen(demo, sign_in):
    from stegvis.care.models import Enrollment

    enrollment = Enrollment.objects.filter(citizen=demo["invanare"]).first()
    citizen = enrollment.citizen
    pages = [
        sign_in(demo["jkp-behandlare"]).get(reverse("clinic:enrollment", args=[enrollment.pk])),
        sign_in(demo["invanare2"]).get(reverse("portal:program", args=[enrollment.pk])),
        sign_in(demo["dataadmin"]).get(reverse("clinic:enrollment", args=[enrollment.pk])),
        sign_in(demo["invanare2"]).get("/portal/999999999/"),
    ]
    for response in pages:
        assert response.status_code in (403, 404), response.status_code
        html = response.content.decode()
        for value in _identity(citizen):
            assert value not in html, (response.status_code, value)


@pytest.mark.urls("tests.hardening.urls_failing")
def test_the_500_page_shows_neither_the_error_nor_who_it_was_about(client, db):
    # A personnummer of its own: the module's demo (loaded once) has Skatteverket's 191212121212.
    citizen = CitizenFactory(first_name="Tolvan", last_name="Tolvansson")
    sign_in(client, citizen)
    client.raise_request_exception = False
    response = client.get("/fail/")
    html = response.content.decode()
    assert response.status_code == 500
    for value in _identity(citizen):
        assert value not in html
    assert "RuntimeError" not in html and "Traceback" not in html

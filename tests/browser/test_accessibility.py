"""Axe finds no WCAG 2.2 A/AA or best-practice violations on any page, at phone and desktop size.

Each page is loaded once and checked at both sizes, resized in place
(`assert_accessible_at_both_widths`); the keyboard tests, which move through the page, run at
each size. Pages with errors are checked in the state a person sees after a failed submit,
since that is when the error summary and field errors show.
"""

import pytest
from django.urls import reverse

from stegvis.organisation.models import Role, RoleGrant
from tests.browser.conftest import VIEWPORTS
from tests.browser.helpers import (
    assert_accessible,
    assert_accessible_at_both_widths,
    submit_password,
)
from tests.factories import TEST_PASSWORD, StaffFactory, assign

pytestmark = pytest.mark.browser


@pytest.fixture
def page(phone_page):
    """One page per test, opened at phone size: the checks resize it to desktop size."""
    return phone_page


def open_page(page, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == status, f"{url} answered {response.status}"


def test_landing_page(page, server):
    open_page(page, f"{server}/")
    assert_accessible_at_both_widths(page)


def test_login_page(page, server):
    open_page(page, f"{server}{reverse('account_login')}")
    assert_accessible_at_both_widths(page)


def test_login_page_with_errors(page, server, world):
    submit_password(page, server, world.citizen.email, "not-the-password")
    page.get_by_role("alert").wait_for()
    assert_accessible_at_both_widths(page)


def test_login_page_with_empty_fields(page, server):
    open_page(page, f"{server}{reverse('account_login')}")
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    page.get_by_role("alert").wait_for()
    assert_accessible_at_both_widths(page)


def test_totp_stage(page, server, world):
    submit_password(page, server, world.practitioner.email, TEST_PASSWORD)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert_accessible_at_both_widths(page)


def test_totp_activation_page(page, server, world, sign_in):
    staff = assign(StaffFactory(with_totp=False), world.unit, Role.PRACTITIONER)
    sign_in(page, staff)
    # allauth asks for the password again before an authenticator may be added.
    page.wait_for_url(f"**{reverse('account_reauthenticate')}?next=*")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"**{reverse('mfa_activate_totp')}")
    assert_accessible_at_both_widths(page)


def test_reauthentication_page(page, server, world, log_in_as):
    staff = assign(StaffFactory(with_totp=False), world.unit, Role.PRACTITIONER)
    log_in_as(page, staff)
    open_page(page, f"{server}{reverse('mfa_activate_totp')}")
    assert reverse("account_reauthenticate") in page.url
    assert_accessible_at_both_widths(page)


def test_clinic_start(page, server, world, log_in_as):
    log_in_as(page, world.practitioner)
    open_page(page, f"{server}{reverse('clinic:start')}")
    assert_accessible_at_both_widths(page)


def test_clinic_start_without_roles(page, server, world, log_in_as):
    log_in_as(page, world.unassigned_staff)
    open_page(page, f"{server}{reverse('clinic:start')}")
    assert_accessible_at_both_widths(page)


def test_workplace_chooser(page, server, world, log_in_as):
    staff = assign(StaffFactory(), world.unit, Role.PRACTITIONER)
    assign(staff, world.other_unit, Role.CITIZEN_ADMIN)
    log_in_as(page, staff)
    open_page(page, f"{server}{reverse('clinic:start')}")
    assert page.url.endswith(reverse("clinic:workplace"))
    assert_accessible_at_both_widths(page)


def test_staff_list(page, server, world, log_in_as):
    log_in_as(page, world.access_admin)
    open_page(page, f"{server}{reverse('clinic:staff')}")
    assert_accessible_at_both_widths(page)


def test_staff_list_with_an_invalid_hsa_id(page, server, world, log_in_as):
    log_in_as(page, world.access_admin)
    open_page(page, f"{server}{reverse('clinic:staff')}?hsa_id=not-an-hsa-id")
    page.get_by_role("alert").wait_for()
    assert_accessible_at_both_widths(page)


def test_staff_detail(page, server, world, log_in_as):
    # Inactivated grants show a badge, active ones an inactivate button: show both.
    member = world.inactivated_staff
    RoleGrant.objects.create(
        staff=member, unit=world.unit, provider=world.provider, role=Role.DESIGNER
    )
    log_in_as(page, world.access_admin)
    open_page(page, f"{server}{reverse('clinic:staff_detail', args=[member.pk])}")
    assert_accessible_at_both_widths(page)


def test_staff_detail_with_an_error(page, server, world, log_in_as):
    log_in_as(page, world.access_admin)
    open_page(page, f"{server}{reverse('clinic:staff_detail', args=[world.practitioner.pk])}")
    page.get_by_role("button", name="Grant chosen roles").click()
    page.get_by_role("alert").wait_for()
    assert_accessible_at_both_widths(page)


def test_provider_unit_list(page, server, world, log_in_as):
    log_in_as(page, world.provider_admin)
    open_page(page, f"{server}{reverse('clinic:units')}")
    assert_accessible_at_both_widths(page)


def test_provider_unit_detail(page, server, world, log_in_as):
    log_in_as(page, world.provider_admin)
    open_page(page, f"{server}{reverse('clinic:unit_detail', args=[world.unit.pk])}")
    assert_accessible_at_both_widths(page)


def test_citizen_find(page, server, world, log_in_as):
    log_in_as(page, world.citizen_admin)
    open_page(page, f"{server}{reverse('clinic:citizens')}")
    assert_accessible_at_both_widths(page)


def test_citizen_find_with_an_error(page, server, world, log_in_as):
    log_in_as(page, world.citizen_admin)
    open_page(page, f"{server}{reverse('clinic:citizens')}")
    page.get_by_label("Personnummer").fill("19121212-0000")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("alert").wait_for()
    assert_accessible_at_both_widths(page)


def test_citizen_register(page, server, world, log_in_as):
    log_in_as(page, world.citizen_admin)
    open_page(page, f"{server}{reverse('clinic:citizen_register')}")
    assert_accessible_at_both_widths(page)


def test_citizen_register_with_errors(page, server, world, log_in_as):
    log_in_as(page, world.citizen_admin)
    open_page(page, f"{server}{reverse('clinic:citizen_register')}")
    page.get_by_role("button", name="Register").click()
    page.get_by_role("alert").wait_for()
    assert_accessible_at_both_widths(page)


def test_citizen_detail(page, server, world, log_in_as):
    log_in_as(page, world.citizen_admin)
    open_page(page, f"{server}{reverse('clinic:citizens')}")
    page.get_by_label("Personnummer").fill(world.citizen.personnummer)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("heading", level=1, name=world.citizen.get_full_name()).wait_for()
    assert_accessible_at_both_widths(page)


def test_portal_home(page, server, world, log_in_as):
    log_in_as(page, world.citizen)
    open_page(page, f"{server}{reverse('portal:home')}")
    assert_accessible_at_both_widths(page)


def test_forbidden_page(page, server, world, log_in_as):
    log_in_as(page, world.practitioner)
    open_page(page, f"{server}{reverse('clinic:staff')}", status=403)
    assert_accessible_at_both_widths(page)


def test_not_found_page(page, server, settings):
    # pytest-django runs tests with DEBUG off, so this is the real 404.html, not Django's
    # technical page; the setting makes that explicit.
    settings.DEBUG = False
    open_page(page, f"{server}/no-such-page/", status=404)
    page.get_by_role("heading", level=1, name="The page could not be found").wait_for()
    assert_accessible_at_both_widths(page)


def test_server_error_page(page):
    # 500.html stands alone (no context, no static files), so render it straight into the page.
    from django.template.loader import render_to_string

    page.set_content(render_to_string("500.html"))
    assert page.locator('meta[name="viewport"]').count() == 1, "phones would zoom out"
    assert_accessible_at_both_widths(page)


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        ("anonymous", "account_reset_password"),
        ("anonymous", "account_signup"),
        ("practitioner", "account_logout"),
        ("practitioner", "account_change_password"),
        ("practitioner", "mfa_index"),
        ("practitioner", "usersessions_list"),
    ],
)
def test_account_pages(page, server, world, log_in_as, persona, url_name):
    user = world.persona(persona)
    if user is not None:
        log_in_as(page, user)
    open_page(page, f"{server}{reverse(url_name)}")
    assert_accessible_at_both_widths(page)


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, server, size):
    page.set_viewport_size(VIEWPORTS[size])
    open_page(page, f"{server}/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0, "the focused skip link must be on screen"

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.fixture
def enrollment(world):
    """The care tests' release, active at world.unit, started for world.citizen."""
    from django.utils import timezone

    from stegvis.care.services.enrollment import start_enrollment
    from stegvis.catalog.models import UnitActivation
    from stegvis.catalog.services import create_release
    from tests.care_documents import care_document

    release = create_release(actor=None, owner=world.provider, document=care_document())
    UnitActivation.objects.create(release=release, unit=world.unit)
    return start_enrollment(
        actor=world.practitioner,
        unit=world.unit,
        release=release,
        citizen=world.citizen,
        practitioner=world.practitioner,
        start_date=timezone.localdate(),
    )


@pytest.mark.parametrize("size", list(VIEWPORTS))
@pytest.mark.parametrize("persona", ["anonymous", "access_admin"])
def test_keyboard_focus_is_always_visible(page, server, world, log_in_as, persona, size):
    """WCAG 2.4.7, which axe cannot see: every stop on the Tab path shows an outline."""
    page.set_viewport_size(VIEWPORTS[size])
    user = world.persona(persona)
    if user is not None:
        log_in_as(page, user)
        open_page(page, f"{server}{reverse('clinic:staff_detail', args=[world.practitioner.pk])}")
    else:
        open_page(page, f"{server}{reverse('account_login')}")
    seen = []
    for _ in range(30):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (el === document.body) return null;  // past the last stop
                const style = getComputedStyle(el);
                return {
                    what: el.outerHTML.slice(0, 80),
                    outline: style.outlineStyle,
                    width: parseFloat(style.outlineWidth),
                };
            }"""
        )
        if stop is None or stop["what"] in (s["what"] for s in seen):
            break
        seen.append(stop)
    assert len(seen) > 5
    hidden = [s["what"] for s in seen if s["outline"] == "none" or s["width"] < 2]
    assert not hidden, "focus not visible on:\n" + "\n".join(hidden)


# The catalog pages have their own module, test_catalog_pages.py.
@pytest.mark.parametrize(
    ("persona", "url_name", "needs_id"),
    [
        ("practitioner", "clinic:my_enrollments", False),
        ("practitioner", "clinic:unit_enrollments", False),
        ("practitioner", "clinic:enrollment_start", False),
        ("practitioner", "clinic:enrollment", True),
        ("citizen_admin", "clinic:enrollment", True),
        # Hantera's sub-pages: the whole record, paged.
        ("practitioner", "clinic:enrollment_history", True),
        ("practitioner", "clinic:enrollment_answers", True),
        ("practitioner", "clinic:enrollment_diary", True),
        ("practitioner", "clinic:enrollment_results", True),
    ],
)
def test_care_pages(page, server, world, enrollment, log_in_as, persona, url_name, needs_id):
    args = [enrollment.pk] if needs_id else []
    if url_name.startswith("clinic:enrollment_") and needs_id:
        # Enough rows for a chart, a table and the page links.
        from tests.care.helpers import long_treatment

        long_treatment(enrollment, 25)
    log_in_as(page, world.persona(persona))
    open_page(page, f"{server}{reverse(url_name, args=args)}")
    assert_accessible_at_both_widths(page)


def test_every_page_in_swedish_at_the_narrowest_width(
    browser, server, world, enrollment, log_in_as
):
    """Swedish is what most people see, with longer words: check it at 320 px (WCAG reflow)."""
    member = world.practitioner
    pages = [
        (None, reverse("home"), 200),
        (None, reverse("account_login"), 200),
        (world.practitioner, reverse("clinic:start"), 200),
        (world.unassigned_staff, reverse("clinic:start"), 200),
        (
            assign(
                assign(StaffFactory(), world.unit, Role.PRACTITIONER),
                world.other_unit,
                Role.PRACTITIONER,
            ),
            reverse("clinic:workplace"),
            200,
        ),
        (world.access_admin, reverse("clinic:staff"), 200),
        (world.access_admin, f"{reverse('clinic:staff')}?hsa_id=fel", 200),
        (world.access_admin, reverse("clinic:staff_detail", args=[member.pk]), 200),
        (world.provider_admin, reverse("clinic:units"), 200),
        (world.provider_admin, reverse("clinic:unit_detail", args=[world.unit.pk]), 200),
        (world.citizen_admin, reverse("clinic:citizens"), 200),
        (world.citizen_admin, reverse("clinic:citizen_register"), 200),
        (world.citizen, reverse("portal:home"), 200),
        (world.practitioner, reverse("clinic:my_enrollments"), 200),
        (world.practitioner, reverse("clinic:enrollment", args=[enrollment.pk]), 200),
        (world.practitioner, reverse("usersessions_list"), 200),
        (world.practitioner, reverse("clinic:staff"), 403),
        (None, "/ingen-sida/", 404),
    ]
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="sv-SE")
    page = context.new_page()
    failures = []
    for user, path, status in pages:
        context.clear_cookies()
        if user is not None:
            log_in_as(page, user)
        response = page.goto(f"{server}{path}")
        assert response.status == status, f"{path} answered {response.status}"
        assert page.locator("html").get_attribute("lang") == "sv"
        try:
            assert_accessible(page)
        except AssertionError as failure:
            failures.append(str(failure))
    context.close()
    assert not failures, "\n\n".join(failures)

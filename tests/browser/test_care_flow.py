"""Care from both sides: a practitioner starts an enrollment, the citizen's PHQ-9 raises a red
flag that every practitioner at the unit sees, the practitioner acknowledges it, unlocks the
next module and opens the results' charts, and the citizen sees their score chart. At phone and
desktop size, axe on each page.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from stegvis.care.models import Enrollment, Flag, ModuleState
from stegvis.catalog.models import UnitActivation
from stegvis.catalog.services import create_release
from stegvis.organisation.models import Role
from tests.browser.helpers import assert_accessible
from tests.care_documents import care_document
from tests.factories import StaffFactory, assign

pytestmark = pytest.mark.browser


def test_a_red_flag_reaches_every_practitioner_and_the_citizen_sees_the_chart(
    page, server, world, log_in_as
):
    release = create_release(actor=None, owner=world.provider, document=care_document())
    UnitActivation.objects.create(release=release, unit=world.unit)
    colleague = assign(StaffFactory(), world.unit, Role.PRACTITIONER)

    # The practitioner starts an enrollment for the citizen from Mina.
    log_in_as(page, world.practitioner)
    page.goto(f"{server}{reverse('clinic:my_enrollments')}")
    expect(page.get_by_role("heading", level=1, name="My enrollments")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Start an enrollment").click()
    page.get_by_label("Program").select_option(label=f"{release.name} ({release.version})")
    page.get_by_label("Personnummer or samordningsnummer").fill(world.citizen.personnummer)
    expect(page.get_by_label("Responsible practitioner")).to_have_value(str(world.practitioner.pk))
    expect(page.get_by_label("Start date")).to_have_value(timezone.localdate().isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Start the enrollment").click()
    page.get_by_text("The enrollment was started.").wait_for()
    enrollment = Enrollment.objects.get(citizen=world.citizen)
    assert world.citizen.personnummer not in page.url
    assert_accessible(page)

    # The citizen fills in the PHQ-9 of the first step, with item 9 above "Not at all".
    log_in_as(page, world.citizen)
    page.goto(f"{server}{reverse('portal:step', args=[enrollment.pk, 'intro-1'])}")
    for item in range(1, 10):
        page.locator(f"#intro-phq9-{item} input[value='{'2' if item == 9 else '1'}']").check()
    page.get_by_role("button", name="Next step").click()
    page.wait_for_url(f"**{reverse('portal:step', args=[enrollment.pk, 'intro-2'])}")
    flag = Flag.objects.get(enrollment=enrollment, kind="alert")
    assert flag.level == "red"

    # Every practitioner at the unit sees it on top of Mina, not only the responsible one.
    log_in_as(page, colleague)
    page.goto(f"{server}{reverse('clinic:my_enrollments')}")
    row = page.get_by_role("row").filter(has_text=world.citizen.get_full_name())
    expect(row.get_by_text("Prioritised: Item alert")).to_be_visible()
    assert_accessible(page)
    # Alla, filtered to prioritised flags, lists it too.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="All").click()
    page.get_by_role("combobox", name="Flag").select_option(label="Prioritised (red)")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name=world.citizen.get_full_name())).to_be_visible()
    assert "flag=red" in page.url
    assert_accessible(page)

    # The responsible practitioner acknowledges it in Hantera and unlocks the next module.
    log_in_as(page, world.practitioner)
    page.goto(f"{server}{reverse('clinic:my_enrollments')}")
    page.get_by_role("link", name=world.citizen.get_full_name()).click()
    expect(page.get_by_role("heading", level=3, name="Prioritised: Item alert")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Acknowledge Item alert").click()
    page.get_by_text("The flag was acknowledged.").wait_for()
    expect(page.get_by_text("No open flags.")).to_be_visible()
    page.get_by_role("button", name="Unlock Beteendeaktivering").click()
    page.get_by_text("The module was changed.").wait_for()
    assert (
        ModuleState.objects.get(enrollment=enrollment, module_key="activation").visibility == "open"
    )
    # The results page (linked from Hantera's results, no script needed) has one chart per
    # instrument, on its whole scale (the alt text names the instrument).
    page.get_by_role("link", name="Show the results as charts").click()
    chart = re.compile(r"^Chart of .+ over time, on the instrument's whole scale")
    expect(page.get_by_role("img", name=chart).first).to_be_visible()
    assert_accessible(page)
    page.goto(f"{server}{reverse('clinic:my_enrollments')}")
    expect(page.get_by_text("Prioritised: Item alert")).to_have_count(0)

    # The citizen sees their score as a chart with a table alternative.
    log_in_as(page, world.citizen)
    page.goto(f"{server}{reverse('portal:results', args=[enrollment.pk])}")
    expect(page.get_by_role("main").get_by_role("img").first).to_be_visible()
    expect(page.get_by_role("cell", name="Moderate")).to_be_visible()
    assert_accessible(page)

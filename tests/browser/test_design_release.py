"""A designer builds a small program with a PHQ-9 questionnaire and submits it; a publisher
approves and releases 1.0; a provider admin activates it on a unit.

Wagtail's admin drives the first two parts. Axe checks the citizen-view preview (our templates)
and, collected along the way, the Wagtail editor and the release form.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.models import Page

from stegvis.catalog.models import ProgramRelease, UnitActivation
from stegvis.design.models import ModulePage, ProgramPage, SectionPage, StepPage
from stegvis.design.services import ensure_design_roots
from stegvis.organisation.models import Role
from tests.browser.helpers import assert_accessible, ensure_wagtail_tree
from tests.factories import StaffFactory, assign

pytestmark = pytest.mark.browser


def axe_violations(page) -> list[str]:
    """The axe rules a page breaks, each with the elements that break it, for the report.

    The test's page asks for reduced motion: Wagtail then inserts a block without animating it,
    so axe does not measure target sizes mid-way.
    """
    from axe_playwright_python.sync_playwright import Axe

    from tests.browser.helpers import AXE_OPTIONS

    results = Axe().run(page, options=AXE_OPTIONS)
    return sorted(
        f"{v['id']}: {[node['target'] for node in v['nodes']]}"
        for v in results.response["violations"]
    )


def settled_violations(page) -> list[str]:
    """`axe_violations` once the page has settled: a violation gone half a second later was
    measured mid-way. Wagtail's editor still places an inserted block's add buttons after
    its animations end (seen under load in CI: target-size on "Insert a block", once in
    about ten runs); a lasting violation is still reported."""
    found = axe_violations(page)
    if found:
        page.wait_for_timeout(500)
        found = axe_violations(page)
    return found


def create_page(page, server, model: str, parent_id: int, fields: dict[str, str]) -> None:
    page.goto(f"{server}/design/pages/add/design/{model}/{parent_id}/")
    for selector, value in fields.items():
        page.locator(selector).fill(value)
    # Leaving the title fills in the slug (on the Promote/Address tab) as a person's edit does.
    page.locator("#id_title").blur()
    expect(page.locator("#id_slug")).not_to_have_value("")


def submit_for_review(page, parent_id: int) -> None:
    """Use the editor's footer menu to submit the page to the provider's review workflow."""
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name='action-submit']").click()
    page.wait_for_url(f"**/design/pages/{parent_id}/")


def test_designer_builds_publisher_releases_admin_activates(
    desktop_page, server, world, log_in_as, settings
):
    # Wagtail's editor fires several requests at once; recording session activity on each
    # makes SQLite's single writer refuse some of them under the threaded live server.
    settings.USERSESSIONS_TRACK_ACTIVITY = False
    # Wagtail's autosave can create the page while the test's own submit is on its way.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    page = desktop_page
    page.emulate_media(reduced_motion="reduce")
    wagtail_violations: dict[str, list[str]] = {}
    ensure_wagtail_tree()
    root = {r.provider_id: r for r in ensure_design_roots()}[world.provider.pk]
    publisher = assign(StaffFactory(), world.unit, Role.PUBLISHER)

    # The designer creates the program, a module, a section and a step with PHQ-9.
    log_in_as(page, world.designer)
    create_page(
        page,
        server,
        "programpage",
        root.pk,
        {"#id_title": "Sömn och stämning", "#id_program_key": "somn-stamning"},
    )
    submit_for_review(page, root.pk)
    program = ProgramPage.objects.get(program_key="somn-stamning")
    create_page(page, server, "modulepage", program.pk, {"#id_title": "Modul 1"})
    page.locator("#id_opening_rule").select_option("at_start")
    submit_for_review(page, program.pk)
    module = ModulePage.objects.child_of(program).get()
    create_page(page, server, "sectionpage", module.pk, {"#id_title": "Avsnitt 1"})
    submit_for_review(page, module.pk)
    section = SectionPage.objects.child_of(module).get()
    create_page(page, server, "steppage", section.pk, {"#id_title": "Hur mår du?"})
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Questionnaire").click()
    # The block chooser's menu closes before axe looks; open, it overlaps the block's buttons.
    expect(page.get_by_role("option", name="Questionnaire")).to_be_hidden()
    page.get_by_label("Built-in questionnaire").select_option("phq9")
    # Wagtail's add buttons move while the new block settles (CSS transitions run even with
    # reduced motion); under load axe then measured one mid-way, too close to the block.
    page.wait_for_function("() => document.getAnimations().length === 0")
    wagtail_violations["step editor"] = settled_violations(page)
    submit_for_review(page, section.pk)
    step = StepPage.objects.get(title="Hur mår du?")
    assert step.get_latest_revision_as_object().body[0].block_type == "questionnaire"

    # The preview shows the step as the citizen sees it, and it is accessible.
    page.goto(f"{server}/design/pages/{step.pk}/view_draft/")
    # The preview follows the page's locale (Swedish), whatever the browser asks for.
    expect(page.get_by_text("Lite intresse eller glädje i att göra saker")).to_be_visible()
    assert_accessible(page)

    # The publisher approves the four pages, each from its editor's footer menu.
    log_in_as(page, publisher)
    for draft in (program, module, section, step):
        page.goto(f"{server}/design/pages/{draft.pk}/edit/")
        if draft is program:
            wagtail_violations["program editor"] = axe_violations(page)
        page.locator("footer [data-w-dropdown-target='toggle']").first.click()
        page.locator(
            "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
        ).click()
        page.wait_for_url(lambda url: "/edit/" not in url)
        assert Page.objects.get(pk=draft.pk).live, draft.title

    # The publisher releases version 1.0 from the program's Releases tab.
    page.goto(f"{server}/design/pages/{program.pk}/edit/")
    page.get_by_role("tab", name="Releases").click()
    page.get_by_role("link", name="Release a version").click()
    page.wait_for_url(f"**{reverse('design_release', args=[program.pk])}")
    wagtail_violations["release form"] = axe_violations(page)
    page.get_by_label("MINOR", exact=False).check()
    page.get_by_label("Release notes").fill("Första versionen.")
    expect(page.get_by_label(world.provider.name)).to_be_checked()
    page.get_by_role("button", name="Release", exact=True).click()
    expect(page.get_by_text("Version 1.0 of Sömn och stämning is released.")).to_be_visible()
    release = ProgramRelease.objects.get(program_key="somn-stamning")
    assert release.version == "1.0"
    assert release.document["questionnaires"]["phq9"]["key"] == "phq9"

    # The provider admin activates it on the unit from the catalog.
    log_in_as(page, world.provider_admin)
    page.goto(f"{server}{reverse('clinic:catalog_release', args=[release.pk])}")
    page.get_by_role("button", name=f"Activate at {world.unit.name}").click()
    expect(page.get_by_text(f"is active at {world.unit.name}")).to_be_visible()
    assert UnitActivation.objects.filter(release=release, unit=world.unit).exists()

    # Wagtail's own admin pages had no violations either when this was written.
    assert wagtail_violations == {
        "step editor": [],
        "program editor": [],
        "release form": [],
    }, wagtail_violations

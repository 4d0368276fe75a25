"""The demo's programs live in the design tool as the pages their releases came from."""

from io import StringIO

from django.core.management import call_command
from wagtail.models import Page

from stegvis.catalog.document import validate_document
from stegvis.catalog.models import ProgramRelease
from stegvis.demo import personas
from stegvis.demo.programs import CATALOG
from stegvis.design.models import ProgramPage, ProviderRootPage, StepPage
from stegvis.design.release import build_document
from stegvis.design.services import release_program, sync_design_groups
from stegvis.organisation.models import CareProvider, User


def _load():
    call_command("demo", "--quiet", stdout=StringIO())


def _page_of(release: ProgramRelease) -> ProgramPage:
    root = ProviderRootPage.objects.get(provider=release.owner)
    return ProgramPage.objects.child_of(root).get(program_key=release.program_key)


def test_every_demo_release_has_the_design_page_it_releases_back_from(full_demo):
    releases = ProgramRelease.objects.select_related("owner")
    assert releases.count() == len(CATALOG)
    for release in releases:
        page = _page_of(release)
        assert release in page.releases()
        rebuilt = build_document(page, (release.major, release.minor))
        assert validate_document(rebuilt) == validate_document(release.document), page.title
    pages = Page.objects.count()
    _load()
    assert Page.objects.count() == pages


def _persona(key: str) -> User:
    return User.objects.get(email=f"{key}@{personas.DOMAIN}")


def test_a_text_change_to_depressionshjalpen_is_released_as_1_1(full_demo):
    designer, publisher = _persona("designer"), _persona("utgivare")
    release = ProgramRelease.objects.get(program_key="depressionshjalpen")
    program = _page_of(release)
    assert designer.has_perm("design.view_program", program)
    step = StepPage.objects.descendant_of(program).get(release_key="valkommen")
    body = [dict(block) for block in step.body.raw_data]
    body[0]["value"] = {"text": "<p>Välkommen till den nya versionen av Depressionshjälpen.</p>"}
    step.body = body
    for user in (designer, publisher):  # as their first visit to /design/ does
        sync_design_groups(actor=user)
    step.save_revision(user=designer).publish(user=publisher)

    new = release_program(
        actor=publisher,
        program_page=program,
        level="minor",
        release_notes="Ny välkomsttext",
        providers=list(CareProvider.objects.all()),
    )

    assert (new.major, new.minor) == (1, 1)
    welcome = validate_document(new.document).modules[0].sections[0].steps[0]
    assert "den nya versionen" in welcome.blocks[0].html

"""The program tree: provider root → program → module → section → step, nothing else."""

from wagtail.models import Page

from stegvis.design.models import (
    ModulePage,
    ProgramPage,
    ProviderRootPage,
    SectionPage,
    StepPage,
)
from stegvis.design.services import ensure_design_roots


def test_every_active_provider_gets_one_root_and_calling_again_adds_none(world):
    ensure_design_roots()
    ensure_design_roots()
    assert ProviderRootPage.objects.count() == 2
    assert {r.provider for r in ProviderRootPage.objects.all()} == {
        world.provider,
        world.other_provider,
    }


def test_provider_roots_are_not_creatable_in_the_editor(world):
    assert not ProviderRootPage.can_create_at(Page.get_first_root_node())


def test_each_level_only_accepts_the_next(design):
    root = design.root
    assert ProgramPage.can_create_at(root)
    assert not ModulePage.can_create_at(root)
    assert not StepPage.can_create_at(root)
    program = ProgramPage(title="P", program_key="p")
    root.add_child(instance=program)
    assert ModulePage.can_create_at(program)
    assert not SectionPage.can_create_at(program)
    module = ModulePage(title="M")
    program.add_child(instance=module)
    assert SectionPage.can_create_at(module)
    assert not StepPage.can_create_at(module)
    section = SectionPage(title="S")
    module.add_child(instance=section)
    assert StepPage.can_create_at(section)
    step = StepPage(title="St")
    section.add_child(instance=step)
    assert StepPage.allowed_subpage_models() == []
    assert not ProgramPage.can_create_at(Page.get_first_root_node())

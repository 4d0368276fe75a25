"""A publisher releases an approved program as a MAJOR or MINOR version; nobody else can."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from stegvis.audit.models import AccessEvent
from stegvis.catalog.document import content_hash, validate_document
from stegvis.catalog.models import ProgramRelease
from stegvis.design import services
from stegvis.design.models import ModulePage
from tests.design.conftest import add, make_program
from tests.plugins.queries import assert_page_queries


def release(client, program, level="minor", providers=None, notes="Första versionen"):
    return client.post(
        reverse("design_release", args=[program.pk]),
        {"level": level, "release_notes": notes, "providers": providers or [program.provider().pk]},
    )


def test_a_publisher_releases_the_first_version_as_1_0(design, login):
    program, *_ = make_program(design.root)
    client = login(design.publisher)
    assert client.get(reverse("design_release", args=[program.pk])).status_code == 200

    response = release(client, program, level="major")

    assert response.status_code == 302
    created = ProgramRelease.objects.get()
    assert (created.major, created.minor) == (1, 0)
    assert created.owner == program.provider()
    assert created.released_by == design.publisher
    assert created.release_notes == "Första versionen"
    validate_document(created.document)
    assert created.content_hash == content_hash(created.document)
    assert AccessEvent.objects.filter(action="release.create", actor=design.publisher).exists()


def test_minor_and_major_versions_count_from_the_latest(design, login):
    program, *_ = make_program(design.root)
    client = login(design.publisher)
    for level in ("minor", "minor", "major", "minor", "major"):
        assert release(client, program, level=level).status_code == 302
    versions = list(
        ProgramRelease.objects.order_by("released_at", "pk").values_list("major", "minor")
    )
    assert versions == [(1, 0), (1, 1), (2, 0), (2, 1), (3, 0)]


def test_a_release_can_go_to_several_providers(design, world, login):
    program, *_ = make_program(design.root)
    release(
        login(design.publisher), program, providers=[world.provider.pk, world.other_provider.pk]
    )
    assert set(ProgramRelease.objects.get().available_to.all()) == {
        world.provider,
        world.other_provider,
    }


def test_a_release_is_immutable_and_later_edits_do_not_change_it(design, login):
    program, _module, _section, step = make_program(design.root)
    release(login(design.publisher), program)
    frozen = ProgramRelease.objects.get()
    document = frozen.document

    step.title = "Nytt namn"
    step.save_revision().publish()
    frozen.name = "Ändrad"
    with pytest.raises(ValueError):
        frozen.save()

    frozen.refresh_from_db()
    assert frozen.document == document
    assert frozen.name == "Testprogram"
    steps = frozen.document["modules"][0]["sections"][0]["steps"]
    assert steps[0]["title"] == "Steg 1"


def test_a_designer_cannot_release(design, login):
    program, *_ = make_program(design.root)
    client = login(design.designer)
    assert client.get(reverse("design_release", args=[program.pk])).status_code == 403
    assert release(client, program).status_code == 403
    assert not ProgramRelease.objects.exists()
    with pytest.raises(PermissionDenied):
        services.release_program(
            actor=design.designer,
            program_page=program,
            level="major",
            release_notes="",
            providers=[],
        )


def test_a_program_that_cannot_be_released_shows_why_and_keeps_the_notes(design, login):
    program, *_ = make_program(design.root)
    add(program, ModulePage(title="Tom modul", opening_rule="practitioner"))
    response = release(login(design.publisher), program, notes="Mina anteckningar")
    assert response.status_code == 400
    content = response.content.decode()
    assert "Tom modul" in content
    assert "Mina anteckningar" in content
    assert not ProgramRelease.objects.exists()


def test_release_needs_a_level_and_notes(design, login):
    program, *_ = make_program(design.root)
    response = login(design.publisher).post(reverse("design_release", args=[program.pk]), {})
    assert response.status_code == 400
    assert not ProgramRelease.objects.exists()


def test_a_release_needs_a_published_program(design):
    program, *_ = make_program(design.root)
    program.unpublish()
    with pytest.raises(ValidationError):
        services.release_program(
            actor=design.publisher,
            program_page=program,
            level="major",
            release_notes="",
            providers=[],
        )


def test_the_program_page_lists_its_released_versions(design, login):
    program, *_ = make_program(design.root)
    client = login(design.publisher)
    release(client, program, notes="Notering ett")
    response = client.get(reverse("wagtailadmin_pages:edit", args=[program.pk]))
    content = response.content.decode()
    assert "Notering ett" in content
    assert reverse("design_release", args=[program.pk]) in content


def test_the_release_page_runs_the_same_queries_with_many_releases(design, login):
    program, *_ = make_program(design.root)
    client = login(design.publisher)
    url = reverse("design_release", args=[program.pk])
    release(client, program)

    def grow():
        for _ in range(5):
            release(client, program)

    # Expected, whatever the number of releases: session and user, roles (no group sync: it
    # happens when roles change), the page scope check, the program page and its provider root,
    # the releases and their providers (one prefetch), the latest release for the next versions,
    # unpublished pages, and Wagtail's menu and user profile. (The warm-up request fills
    # Wagtail's caches.)
    assert_page_queries(client, url, 25, grow=grow)

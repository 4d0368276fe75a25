"""Design-tool fixtures: provider spaces, a publisher, a designer at another provider, and a
small program tree built the way the editor builds it."""

import json
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from stegvis.design.models import ModulePage, ProgramPage, SectionPage, StepPage
from stegvis.design.services import ensure_design_roots, provider_collection
from stegvis.organisation.models import CareProvider, Role
from tests.factories import StaffFactory, assign


@dataclass
class Design:
    root: object
    other_root: object
    designer: object
    publisher: object
    foreign_designer: object
    foreign_publisher: object


@pytest.fixture
def design(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    roots = {root.provider_id: root for root in ensure_design_roots()}
    return Design(
        root=roots[world.provider.pk],
        other_root=roots[world.other_provider.pk],
        designer=world.designer,
        publisher=assign(StaffFactory(), world.unit, Role.PUBLISHER),
        foreign_designer=assign(StaffFactory(), world.foreign_unit, Role.DESIGNER),
        foreign_publisher=assign(StaffFactory(), world.foreign_unit, Role.PUBLISHER),
    )


def add(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def text(html="<p>Hej</p>"):
    return {"type": "text", "value": {"text": html}}


def questionnaire(builtin="phq9", definition=""):
    return {"type": "questionnaire", "value": {"builtin": builtin, "definition": definition}}


def make_program(root, key="testprogram", title="Testprogram", blocks=None, **fields):
    """A published program with one module, one section and one step holding `blocks`."""
    program = add(
        root, ProgramPage(title=title, program_key=key, developed_by="Region Test", **fields)
    )
    module = add(program, ModulePage(title="Modul 1", opening_rule="at_start"))
    section = add(module, SectionPage(title="Avsnitt 1"))
    step = add(
        section,
        StepPage(
            title="Steg 1",
            body=json.dumps(blocks if blocks is not None else [text(), questionnaire()]),
        ),
    )
    return program, module, section, step


def own_definition(key="somn"):
    return {
        "schema": "stegvis-instrument/1",
        "key": key,
        "version": "1",
        "title": {"sv": "Sömn", "en": "Sleep"},
        "items": [
            {
                "linkId": "1",
                "type": "choice",
                "text": {"sv": "Hur sov du?", "en": "How did you sleep?"},
                "options": [
                    {"code": "0", "label": {"sv": "Bra", "en": "Well"}, "score": 0},
                    {"code": "1", "label": {"sv": "Dåligt", "en": "Badly"}, "score": 1},
                ],
            }
        ],
    }


@pytest.fixture
def image(design, world):
    return Image.objects.create(
        title="Bild",
        file=get_test_image_file(filename="bild.png"),
        collection=provider_collection(world.provider),
    )


def document_file(name: str, content: bytes = b"media-bytes") -> Document:
    """A document in the test provider's collection."""
    provider = CareProvider.objects.get(code="test")
    document = Document(title=name, collection=provider_collection(provider))
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document

"""A program that arrives as a release document becomes pages that release it back."""

from stegvis.catalog.document import validate_document
from stegvis.design.from_document import program_page_from_document
from stegvis.design.models import SectionPage, StepPage
from stegvis.design.release import build_document
from tests.care_documents import care_document


def test_the_pages_release_the_same_document(design):
    document = care_document()
    page = program_page_from_document(design.root, document)
    assert validate_document(build_document(page)) == validate_document(document)


def test_a_copied_step_gets_answer_keys_of_its_own(design):
    page = program_page_from_document(design.root, care_document())
    step = StepPage.objects.descendant_of(page).get(release_key="intro-1")
    section = SectionPage.objects.get(pk=step.get_parent().pk)
    step.copy(to=section, update_attrs={"slug": "intro-1-kopia", "title": "Kopia"})

    built = validate_document(build_document(page))

    keys = [b.key for _m, _s, st in built.steps() for b in st.blocks if hasattr(b, "key")]
    assert len(keys) == len(set(keys))

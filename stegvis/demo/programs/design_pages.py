"""The demo catalog in the design tool: each program as the page tree its release came from.

A designer can open a program, change a text and a publisher release it as 1.1 (MINOR): the
pages keep the keys of the released document (stegvis/design/from_document.py). Idempotent: a
program that already has its page under its owner's root is left as it is, edits included.
"""

from stegvis.design.from_document import program_page_from_document
from stegvis.design.models import ProgramPage, ProviderRootPage


def ensure_design_page(owner, document: dict) -> ProgramPage:
    """Return the owner's design page of the program, made from `document` if missing."""
    root = ProviderRootPage.objects.get(provider=owner)
    key = document["program"]["key"]
    existing = ProgramPage.objects.child_of(root).filter(program_key=key).first()
    return existing or program_page_from_document(root, document)

"""What a relative or guardian sees of an enrollment they follow: its granted modules, read-only.

Every view fetches the grant with `get_grant_for_relative` (an ended grant, or an enrollment
they do not follow, is "not found"; each read is logged with the role "relative"). Relatives
see the content of the modules their grant names, from the pinned release, and never the
citizen's answers, scores, diary or progress (docs/relatives.md).
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from stegvis.care.services.program import document_of
from stegvis.catalog.media import release_media_response
from stegvis.organisation.access import citizen_required
from stegvis.relatives.access import get_grant_for_relative

# Blocks a relative may read: the program's own content, never an answer block.
CONTENT_BLOCKS = ("text", "info", "image", "video", "audio", "homework")


def _granted_modules(grant, doc) -> list:
    keys = set(grant.module_keys)
    return [module for module in doc.modules if module.key in keys]


def messages_url(enrollment_id: int) -> str | None:
    """The conversation's address in the portal, where the messaging part provides one."""
    try:
        return reverse("portal:messages", kwargs={"enrollment_id": enrollment_id})
    except NoReverseMatch:
        return None


@citizen_required
def following(request, enrollment_id: int):
    """The enrollment the relative follows: whose, which program, what the grant gives."""
    grant = get_grant_for_relative(request.user, enrollment_id)
    doc = document_of(grant.enrollment.release)
    return render(
        request,
        "relatives/portal/following.html",
        {
            "grant": grant,
            "enrollment": grant.enrollment,
            "modules": _granted_modules(grant, doc),
            "messages_url": messages_url(enrollment_id) if grant.may_message else None,
        },
    )


@citizen_required
def step(request, enrollment_id: int, step_key: str):
    """One step of a granted module: its content blocks only, nothing the citizen wrote."""
    grant = get_grant_for_relative(request.user, enrollment_id)
    doc = document_of(grant.enrollment.release)
    modules = _granted_modules(grant, doc)
    found = next(
        (
            (module, section, s)
            for module in modules
            for section in module.sections
            for s in section.steps
            if s.key == step_key
        ),
        None,
    )
    if found is None:
        raise Http404
    module, section, current = found
    ordered = [s for m in modules for sec in m.sections for s in sec.steps]
    index = next(i for i, s in enumerate(ordered) if s.key == step_key)
    blocks = [b for b in current.blocks if b.type in CONTENT_BLOCKS]
    return render(
        request,
        "relatives/portal/step.html",
        {
            "grant": grant,
            "enrollment": grant.enrollment,
            "module": module,
            "section": section,
            "step": current,
            "blocks": blocks,
            "left_out": len(current.blocks) - len(blocks),
            "previous": ordered[index - 1] if index > 0 else None,
            "following": ordered[index + 1] if index + 1 < len(ordered) else None,
        },
    )


def _media_names(modules) -> set[str]:
    names = set()
    for module in modules:
        for section in module.sections:
            for s in section.steps:
                for block in s.blocks:
                    if block.type in ("image", "video", "audio"):
                        names.update(n for n in (block.media, getattr(block, "captions", "")) if n)
    return names


@citizen_required
def media(request, enrollment_id: int, name: str):
    """A media file used in a granted module (another module's files are "not found")."""
    grant = get_grant_for_relative(
        request.user, enrollment_id, action="enrollment.media_as_relative"
    )
    doc = document_of(grant.enrollment.release)
    if name not in _media_names(_granted_modules(grant, doc)):
        raise Http404
    return release_media_response(grant.enrollment.release_id, name)

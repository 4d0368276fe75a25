"""The citizen's consents and blocks (issue 18): their own page and its actions.

Ground truth: stegvis/portal/views_consent.py, stegvis/relatives/permissions.py and
stegvis/care/blocking.py. Only citizens have the page; the actions reach only the citizen's own
invitations and blocks (another's are "not found"); staff are refused.
"""

from django.urls import reverse

from stegvis.care.models import AccessBlock
from stegvis.relatives.models import RelativeGrant
from tests.factories import CitizenFactory, UnitFactory
from tests.security.matrix import (
    BAD_REQUEST,
    CITIZENS,
    NOT_ALLOWED,
    NOT_FOUND,
    Entry,
    cells,
    everyone,
)

OTHERS = CITIZENS - {"citizen"}


def build(sw):
    # An invitation to the citizen's enrollment, waiting for her answer, and a block of hers.
    sw.waiting_grant = RelativeGrant.objects.create(
        enrollment=sw.enrollment,
        relative=CitizenFactory(first_name="Inbjuden"),
        relation=RelativeGrant.Relation.RELATIVE,
        may_message=True,
        invited_by=sw.practitioner,
    )
    # The block is on a unit no other entry uses, so it changes no other cell.
    quiet = UnitFactory(provider=sw.provider, name="Spärrad enhet")
    sw.block = AccessBlock.objects.create(citizen=sw.citizen, provider=sw.provider, unit=quiet)


def _post_only(name, pk=None, ok=frozenset({"citizen"}), others=NOT_FOUND, data=None):
    return Entry(
        f"portal:{name}",
        (lambda sw: reverse(f"portal:{name}", args=[pk(sw)]))
        if pk
        else (lambda sw: reverse(f"portal:{name}")),
        get=everyone(NOT_ALLOWED),
        post=cells(ok=ok, **{p: others for p in OTHERS}),
        post_data=data,
    )


ENTRIES = [
    Entry("portal:consent", lambda sw: reverse("portal:consent"), get=cells(ok=CITIZENS)),
    _post_only("consent_approve", lambda sw: sw.waiting_grant.pk),
    _post_only("consent_decline", lambda sw: sw.waiting_grant.pk),
    # Blocking the whole provider the citizen is in care with; the others are in care nowhere
    # there (or at all), so their choice is refused as unknown.
    _post_only(
        "consent_block",
        others=BAD_REQUEST,
        data=lambda sw: {"target": f"provider:{sw.provider.pk}"},
    ),
    _post_only("consent_lift", lambda sw: sw.block.pk),
]

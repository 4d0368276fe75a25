"""Program initiatives: a unit's staff submit and follow their unit's; the provider admin decides.

Ground truth: stegvis/initiatives/permissions.py and tests/initiatives. Any role at a unit
submits from it; an initiative of another unit (or provider) is "not found". The provider
admin's pages (review, decide, link, PDF) are theirs alone. No citizen data on any of these
pages, so nothing in the access log on reading.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stegvis.initiatives import services
from tests.initiatives.conftest import FIELDS, blank_pdf
from tests.security.matrix import NOT_ALLOWED, OTHER_UNITS, Entry, cells

AT_UNIT = {"practitioner", "citizen_admin", "access_admin", "data_admin", "designer"}
ADMIN = {"provider_admin"}


def build(sw):
    sw.initiative = services.submit_initiative(
        actor=sw.practitioner,
        unit=sw.unit,
        units_concerned=[sw.unit],
        files=[SimpleUploadedFile("underlag.pdf", blank_pdf(), content_type="application/pdf")],
        **FIELDS,
    )
    sw.initiative_attachment = sw.initiative.attachments.get()


def _url(name, *args):
    return lambda sw: reverse(f"clinic:{name}", args=[a(sw) for a in args])


def initiative(sw):
    return sw.initiative.pk


def attachment(sw):
    return sw.initiative_attachment.pk


def _admin_post(name):
    return Entry(
        f"clinic:{name}",
        _url(name, initiative),
        get=cells(**{p: NOT_ALLOWED for p in ADMIN}),
        post=cells(ok=ADMIN),
        post_data=lambda sw: {},
    )


ENTRIES = [
    Entry("clinic:initiatives", _url("initiatives"), get=cells(ok=AT_UNIT | OTHER_UNITS)),
    Entry(
        "clinic:initiative_create",
        _url("initiative_create"),
        get=cells(ok=AT_UNIT | OTHER_UNITS),
        post=cells(ok=AT_UNIT | OTHER_UNITS),
        post_data=lambda sw: {},
    ),
    Entry("clinic:initiative_review", _url("initiative_review"), get=cells(ok=ADMIN)),
    Entry(
        "clinic:initiative",
        _url("initiative", initiative),
        get=cells(ok=AT_UNIT | ADMIN, not_found=OTHER_UNITS),
    ),
    Entry(
        "clinic:initiative_attachment",
        _url("initiative_attachment", initiative, attachment),
        get=cells(ok=AT_UNIT | ADMIN, not_found=OTHER_UNITS),
    ),
    Entry(
        "clinic:initiative_complement",
        _url("initiative_complement", initiative),
        get=cells(**{p: NOT_ALLOWED for p in AT_UNIT | OTHER_UNITS}),
        post=cells(ok=AT_UNIT, not_found=OTHER_UNITS),
        post_data=lambda sw: {"text": "Mer underlag"},
    ),
    _admin_post("initiative_decide"),
    _admin_post("initiative_link"),
    Entry("clinic:initiative_pdf", _url("initiative_pdf", initiative), get=cells(ok=ADMIN)),
]

"""Forskningsuttag: pseudonymised research exports (stegvis/clinic/views/research_export.py).

Ground truth: stegvis/statistics/permissions.py and tests/statistics/test_research_views.py.
Provider admins export and authorise data admins; no persona holds an authorisation here (the
grant below is to someone outside the personas), so everyone else is refused. The pages show
no citizen data; making an export and downloading it are POSTs.
"""

from django.urls import reverse
from django.utils import timezone

from stegvis.statistics.models import ResearchExport, ResearchExportAuthorisation
from stegvis.statistics.research.pseudonyms import key_fingerprint
from tests.security.matrix import NOT_ALLOWED, Entry, cells

ADMIN = {"provider_admin"}
KEY = "security-matrix-research-key"


def build(sw):
    today = timezone.localdate()
    sw.research_export = ResearchExport.objects.create(
        provider=sw.provider,
        exported_by=sw.provider_admin,
        exported_by_role="provider_admin",
        channel="clinic",
        program_key=sw.release.program_key,
        period_from=today,
        period_to=today,
        reason="Säkerhetsmatrisen",
        key_fingerprint=key_fingerprint(KEY),
    )
    sw.research_authorisation = ResearchExportAuthorisation.objects.create(
        provider=sw.provider,
        unit=sw.unit,
        staff=sw.unassigned_staff,
        authorised_by=sw.provider_admin,
    )


ENTRIES = [
    Entry(
        "clinic:research_exports",
        lambda sw: reverse("clinic:research_exports"),
        get=cells(ok=ADMIN),
    ),
    Entry(
        "clinic:research_export_new",
        lambda sw: reverse("clinic:research_export_new"),
        get=cells(ok=ADMIN),
        post=cells(ok=ADMIN),
        post_data=lambda sw: {},
    ),
    Entry(
        "clinic:research_export",
        lambda sw: reverse("clinic:research_export", args=[sw.research_export.pk]),
        get=cells(ok=ADMIN),
    ),
    Entry(
        "clinic:research_export_download",
        lambda sw: reverse("clinic:research_export_download", args=[sw.research_export.pk]),
        get=cells(provider_admin=NOT_ALLOWED),
        post=cells(ok=ADMIN),
        post_data=lambda sw: {"key": KEY},
    ),
    Entry(
        "clinic:research_exporters",
        lambda sw: reverse("clinic:research_exporters"),
        get=cells(ok=ADMIN),
        post=cells(ok=ADMIN),
        post_data=lambda sw: {"hsa_id": ""},
    ),
    Entry(
        "clinic:research_exporter_revoke",
        lambda sw: reverse("clinic:research_exporter_revoke", args=[sw.research_authorisation.pk]),
        get=cells(provider_admin=NOT_ALLOWED),
        post=cells(ok=ADMIN),
    ),
]

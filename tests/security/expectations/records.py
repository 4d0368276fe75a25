"""A citizen's record export: the citizen's own (portal) and a citizen admin's (clinic).

Ground truth: tests/records/test_record_export.py. Downloads are POST only (a form button),
rate limited; GET is refused (405) once the persona passes the view's first check. In the
clinic only a citizen admin of a unit where the citizen is in care, after a lookup by
personnummer in the session; foreign_staff (a citizen admin elsewhere) gets "not found".
"""

from django.urls import reverse

from tests.security.matrix import CITIZEN_DATA, CITIZENS, NOT_ALLOWED, Entry, cells

EXPORTERS = {"citizen_admin", "foreign_staff"}


def _look_up_the_citizen(client, sw):
    client.post(reverse("clinic:citizens"), {"personnummer": sw.citizen.personnummer})


ENTRIES = [
    Entry(
        "portal:my_record",
        lambda sw: reverse("portal:my_record"),
        get=cells(ok=CITIZENS),
    ),
    Entry(
        "portal:my_record_download",
        lambda sw: reverse("portal:my_record_download", args=["json"]),
        get=cells(**{p: NOT_ALLOWED for p in CITIZENS}),
        post=cells(ok=CITIZENS),
        # Each citizen downloads their own; the test citizen's names the test citizen.
        shows_citizen_data={"citizen": CITIZEN_DATA},
    ),
    Entry(
        "clinic:citizen_record",
        lambda sw: reverse("clinic:citizen_record", args=[sw.citizen.pk, "pdf"]),
        get=cells(**{p: NOT_ALLOWED for p in EXPORTERS}),
        post=cells(ok={"citizen_admin"}, not_found={"foreign_staff"}),
        prepare=_look_up_the_citizen,
        shows_citizen_data={"citizen_admin": CITIZEN_DATA},
    ),
    # The FHIR form: the same doors, the same rule (tests/records/test_record_export_fhir.py).
    Entry(
        "portal:my_record_download",
        lambda sw: reverse("portal:my_record_download", args=["fhir"]),
        get=cells(**{p: NOT_ALLOWED for p in CITIZENS}),
        post=cells(ok=CITIZENS),
        shows_citizen_data={"citizen": CITIZEN_DATA},
        label="FHIR",
    ),
    Entry(
        "clinic:citizen_record",
        lambda sw: reverse("clinic:citizen_record", args=[sw.citizen.pk, "fhir"]),
        get=cells(**{p: NOT_ALLOWED for p in EXPORTERS}),
        post=cells(ok={"citizen_admin"}, not_found={"foreign_staff"}),
        prepare=_look_up_the_citizen,
        shows_citizen_data={"citizen_admin": CITIZEN_DATA},
        label="FHIR",
    ),
]

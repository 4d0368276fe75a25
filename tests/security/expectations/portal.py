"""The citizen's portal: home, open programs and the steps, questionnaires, results and plan.

Ground truth: tests/portal/test_authorization.py. Only the citizen who owns the enrollment;
another citizen (and, in the portal's own pages, a relative) gets "not found"; staff are
refused. Every fetch of the enrollment logs the citizen's own read (care/access.py).
"""

from django.urls import reverse
from django.utils import timezone

from tests.portal.fixtures import make_release, open_module_now
from tests.security.matrix import CITIZEN_DATA, CITIZENS, NOT_ALLOWED, Entry, cells

OTHER_CITIZENS = CITIZENS - {"citizen"}


def build(sw):
    # A program citizens may start themselves, and the diary module opened for the citizen.
    sw.open_release = make_release(sw.provider, sw.unit, key="open-program", open_=True)
    open_module_now(sw.enrollment, "m2")


def _own(name, *args, post_data=None, get_only=False, post_only=False):
    url = lambda sw: reverse(f"portal:{name}", args=[sw.enrollment.pk, *args])  # noqa: E731
    mine = cells(ok={"citizen"}, not_found=OTHER_CITIZENS)
    return Entry(
        f"portal:{name}",
        url,
        # POST-only views refuse GET before looking at the enrollment.
        get=cells(**{p: NOT_ALLOWED for p in CITIZENS}) if post_only else mine,
        post=mine if post_data else None,
        post_data=post_data,
        shows_citizen_data=CITIZEN_DATA,
    )


ENTRIES = [
    Entry(
        "portal:home",
        lambda sw: reverse("portal:home"),
        get=cells(ok=CITIZENS),
        # The citizen's own overview is not logged; a relative's list of followed programs is.
        shows_citizen_data={"relative": CITIZEN_DATA},
    ),
    Entry(
        "portal:open_program",
        lambda sw: reverse("portal:open_program", args=[sw.open_release.pk]),
        get=cells(ok=CITIZENS),
        post=cells(ok=CITIZENS),
        post_data=lambda sw: {"unit": sw.unit.pk},
    ),
    Entry(
        "portal:open_program",
        lambda sw: reverse("portal:open_program", args=[sw.release.pk]),
        get=cells(not_found=CITIZENS),
        label="a release that is not open",
    ),
    _own("program"),
    _own(
        "step",
        "exercises",
        post_data=lambda sw: {"hw1-text": "Nytt svar", "ws1-what": "Promenad", "action": "save"},
    ),
    _own("autosave", "exercises", post_data=lambda sw: {"hw1-text": "Utkast"}, post_only=True),
    _own(
        "diary_entry",
        "sleep",
        "d1",
        post_data=lambda sw: {
            "d1-entry_date": timezone.localdate().isoformat(),
            "d1-hours": "7",
            "d1-note": "Sov gott",
        },
        post_only=True,
    ),
    Entry(
        "portal:due_questionnaire",
        lambda sw: reverse("portal:due_questionnaire", args=[sw.enrollment.pk, sw.due.pk]),
        get=cells(ok={"citizen"}, not_found=OTHER_CITIZENS),
        post=cells(ok={"citizen"}, not_found=OTHER_CITIZENS),
        post_data=lambda sw: {"action": "save"},
        shows_citizen_data=CITIZEN_DATA,
    ),
    _own("results"),
    _own("plan"),
    _own("media", "intro.png"),
]

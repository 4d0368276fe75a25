"""Staff see notifications to their unit's citizens that failed or are stuck (no content)."""

from django.shortcuts import render

from stegvis.notifications.kinds import kind_label
from stegvis.notifications.problems import LIMIT, problems_at
from stegvis.notifications.subjects import link_to
from stegvis.organisation.access import unit_permission_required
from stegvis.organisation.training import in_training


@unit_permission_required("notifications.view_problems")
def problems(request):
    """List problems newest first; one query whatever their number (names no citizen)."""
    rows = [
        {
            "notification": n,
            "kind": kind_label(n.kind),
            "link": link_to(n.subject_kind, n.subject_id),
        }
        for n in problems_at(request.unit, training=in_training(request.user))
    ]
    context = {"rows": rows, "limit": LIMIT, "truncated": len(rows) >= LIMIT}
    return render(request, "notifications/clinic/problems.html", context)

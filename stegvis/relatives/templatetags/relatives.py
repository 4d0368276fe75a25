"""Panels other parts' pages include: Hantera's relatives, the portal's followed enrollments,
and the citizen's "who has access". Each runs one query, whatever the number of grants.
"""

from collections import defaultdict

from django import template

from stegvis.audit.recording import record_reads
from stegvis.language import content_language
from stegvis.relatives.access import RELATIVE_ROLE
from stegvis.relatives.models import RelativeGrant

register = template.Library()


@register.inclusion_tag("relatives/clinic/panel.html", takes_context=True)
def relatives_panel(context, enrollment):
    """Hantera: who follows the enrollment, and the staff member's actions on them."""
    user = context["request"].user
    grants = list(
        RelativeGrant.objects.filter(enrollment=enrollment)
        .select_related("relative")
        .order_by("-invited_at", "-pk")
    )
    return {
        "enrollment": enrollment,
        "active": [g for g in grants if g.ended_at is None],
        "ended": [g for g in grants if g.ended_at is not None],
        "may_invite": user.has_perm("relatives.invite", enrollment),
        "may_view": user.has_perm("relatives.view_grants", enrollment),
    }


@register.inclusion_tag("relatives/portal/followed.html", takes_context=True)
def followed_enrollments(context):
    """Portal home: the enrollments the signed-in person follows as a relative or guardian.

    Showing another citizen's first name and program is a read of their data: one access-log
    event per enrollment shown, with the role "relative", appended together per unit (so the
    page's queries do not grow with the number of enrollments at one unit).
    """
    user = context["request"].user
    grants = list(
        RelativeGrant.objects.filter(relative_id=user.pk, ended_at__isnull=True)
        .exclude(enrollment__citizen_id=user.pk)
        .select_related("enrollment__citizen", "enrollment__release", "enrollment__unit")
        .order_by("-invited_at", "-pk")
    )
    by_unit = defaultdict(list)
    for grant in grants:
        by_unit[grant.enrollment.unit_id].append(grant)
    for unit_grants in by_unit.values():
        record_reads(
            actor=user,
            action="enrollment.list_as_relative",
            unit=unit_grants[0].enrollment.unit,
            role=RELATIVE_ROLE,
            rows=[(g.enrollment.citizen_id, g.enrollment_id) for g in unit_grants],
        )
    return {"grants": grants}


@register.inclusion_tag("relatives/portal/access.html")
def who_has_access(enrollment):
    """The citizen's program page: everyone who has access to the enrollment as a relative."""
    grants = list(
        RelativeGrant.objects.filter(enrollment=enrollment, ended_at__isnull=True)
        .select_related("relative")
        .order_by("invited_at", "pk")
    )
    return {"grants": grants, "enrollment": enrollment}


@register.filter
def genitive(name: str) -> str:
    """The name's possessive in the active language: "Elsas", "Lars", "Elsa's".

    Swedish adds -s except after s, x and z (Lars bok, Max bok); English adds 's, or only an
    apostrophe after s.
    """
    name = str(name or "").strip()
    if not name:
        return name
    if content_language() == "en":
        return f"{name}'" if name.endswith("s") else f"{name}'s"
    return name if name[-1].lower() in "sxz" else f"{name}s"

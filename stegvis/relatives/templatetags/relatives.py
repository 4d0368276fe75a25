"""Panels other parts' pages include: Hantera's relatives, the portal's followed enrollments,
and the citizen's "who has access". Each runs at most one query, whatever the number of grants,
and none writes: reads of citizen data are logged by the views that fetch them.
"""

from django import template

from stegvis.language import content_language
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
        "active": [g for g in grants if g.gives_access],
        "waiting": [g for g in grants if g.is_pending],
        "ended": [g for g in grants if g.ended_at is not None],
        "may_invite": user.has_perm("relatives.invite", enrollment),
        "may_view": user.has_perm("relatives.view_grants", enrollment),
    }


@register.inclusion_tag("relatives/portal/followed.html")
def followed_enrollments(grants):
    """Portal home: the enrollments the signed-in person follows as a relative or guardian.

    `grants` come from the view through `relatives.access.followed_grants`, which logs the
    reads: a template never writes to the access log.
    """
    return {"grants": grants or []}


@register.inclusion_tag("relatives/portal/access.html")
def who_has_access(enrollment):
    """The citizen's program page: everyone who has access to the enrollment as a relative, and
    the invitations that wait for the citizen's approval."""
    grants = list(
        RelativeGrant.objects.filter(enrollment=enrollment, ended_at__isnull=True)
        .select_related("relative")
        .order_by("invited_at", "pk")
    )
    return {
        "grants": [g for g in grants if g.gives_access],
        "waiting": [g for g in grants if g.is_pending],
        "enrollment": enrollment,
    }


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

"""Panels other parts' pages include: Hantera's relatives, the portal's followed enrollments,
and the citizen's "who has access". Each runs one query, whatever the number of grants.
"""

from django import template

from stegvis.audit.recording import record_read
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
    event per enrollment shown, with the role "relative".
    """
    user = context["request"].user
    grants = list(
        RelativeGrant.objects.filter(relative_id=user.pk, ended_at__isnull=True)
        .exclude(enrollment__citizen_id=user.pk)
        .select_related("enrollment__citizen", "enrollment__release", "enrollment__unit")
        .order_by("-invited_at", "-pk")
    )
    for grant in grants:
        record_read(
            actor=user,
            action="enrollment.list_as_relative",
            citizen=grant.enrollment.citizen,
            unit=grant.enrollment.unit,
            role=RELATIVE_ROLE,
            enrollment_id=grant.enrollment_id,
            target=grant,
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

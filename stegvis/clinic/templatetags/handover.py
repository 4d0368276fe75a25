"""Template tags for handover and change of practitioner in Hantera and Alla."""

from django import template

from stegvis.care.services.handover import pending_handover
from stegvis.care.services.reassign import may_change_practitioner

register = template.Library()


@register.simple_tag
def pending_handover_of(enrollment):
    return pending_handover(enrollment)


@register.simple_tag(takes_context=True)
def may_start_handover(context, enrollment) -> bool:
    user = context["request"].user
    return user.has_perm("care.start_handover", enrollment) and pending_handover(enrollment) is None


@register.simple_tag(takes_context=True)
def may_withdraw_handover(context, enrollment) -> bool:
    return context["request"].user.has_perm("care.withdraw_handover", enrollment)


@register.simple_tag(takes_context=True)
def practitioner_menu(context, enrollment) -> dict | None:
    """Alla's arrow menu for one row, or None if the user may not change the practitioner.

    The practitioners come from Alla's filter form (already loaded, the unit's practitioners),
    so the menu costs no query per row.
    """
    user = context["request"].user
    if not may_change_practitioner(user, enrollment):
        return None
    form = context.get("form")
    field = form.fields.get("practitioner") if form is not None else None
    choices = [(pk, name) for pk, name in (field.choices if field else []) if pk not in ("", None)]
    return {"choices": choices, "self": any(pk == user.pk for pk, _name in choices)}

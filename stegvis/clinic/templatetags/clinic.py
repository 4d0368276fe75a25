import rules
from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from stegvis.care.services.handover import incoming_count
from stegvis.organisation.models import Role

register = template.Library()


def _unit_items(user, unit) -> list[tuple]:
    """The workplace unit's pages: (label, URL name, allowed)."""
    items = []
    may_treat = user.has_perm("care.view_unit_enrollments", unit)
    items.append((_("Mine"), "clinic:my_enrollments", may_treat))
    items.append((_("All"), "clinic:unit_enrollments", may_treat))
    items.append((_("Groups"), "clinic:groups", user.has_perm("care.manage_groups", unit)))
    items.append(
        (
            _("Notifications"),
            "clinic:notification_problems",
            user.has_perm("notifications.view_problems", unit),
        )
    )
    items.append(
        (
            _("Message templates"),
            "clinic:message_templates",
            user.has_perm("messaging.manage_templates", unit),
        )
    )
    if user.has_perm("care.view_incoming_handovers", unit):
        items.append((_incoming_label(unit, user), "clinic:handovers_incoming", True))
    items.append(
        (_("Citizens"), "clinic:citizens", user.has_perm("organisation.find_citizens", unit))
    )
    items.append((_("Staff"), "clinic:staff", user.has_perm("organisation.manage_roles", unit)))
    items.append(
        (_("Program initiatives"), "clinic:initiatives", user.has_perm("initiatives.submit", unit))
    )
    return items


def _provider_items(user, provider) -> list[tuple]:
    """The provider's pages: (label, URL name, allowed)."""
    items = []
    items.append((_("Units"), "clinic:units", user.has_perm("organisation.manage_units", provider)))
    items.append((_("Programs"), "clinic:catalog", user.has_perm("catalog.view_catalog", provider)))
    items.append(
        (_("Access log"), "clinic:access_log", user.has_perm("audit.review_log", provider))
    )
    items.append(
        (_("API clients"), "clinic:api_clients", user.has_perm("api.manage_clients", provider))
    )
    items.append(
        (
            _("Retention"),
            "clinic:retention",
            user.has_perm("operations.manage_retention", provider),
        )
    )
    items.append(
        (
            _("Program initiatives"),
            "clinic:initiative_review",
            user.has_perm("initiatives.review", provider),
        )
    )
    items.append(
        (
            _("Operational messages"),
            "clinic:bulletins",
            user.has_perm("bulletins.manage", provider),
        )
    )
    # Provider admins only here (a rule on cached roles, no query on every page); an
    # authorised data admin reaches it from the statistics pages.
    items.append(
        (
            _("Research exports"),
            "clinic:research_exports",
            user.has_perm("statistics.manage_research_exporters", provider),
        )
    )
    return items


@register.simple_tag(takes_context=True)
def nav_items(context) -> list[dict]:
    """The staff navigation, showing only what the user's roles at the workplace allow."""
    request = context["request"]
    user = request.user
    workplace = getattr(request, "workplace", None)
    items = [(_("Start"), "clinic:start", True)]
    if workplace is not None and workplace.unit is not None:
        items += _unit_items(user, workplace.unit)
    if workplace is not None and workplace.provider is not None:
        items += _provider_items(user, workplace.provider)
    items.append(
        (_("Care providers"), "clinic:providers", _rule(user, "organisation.manage_providers"))
    )
    items.append((_("Design tool"), "wagtailadmin_home", _rule(user, "design.use_design_tool")))
    items.append((_("Change unit"), "clinic:workplace", True))
    result = []
    for label, name, allowed in items:
        if allowed:
            url = reverse(name)
            result.append({"label": label, "url": url, "current": request.path == url})
    return result


def _rule(user, perm: str) -> bool:
    """`user.has_perm(perm)` for a permission that is a rule (its app's permissions.py) alone.

    Asked without an object, `has_perm` falls through to Django's model permissions when the
    rule says no, and those cost two queries on every page for every user who is not a system
    admin (the nav asks on every page). No group or user permission grants these two; only the
    rule decides, and a superuser keeps every permission, as in `has_perm`.
    """
    return user.is_active and (user.is_superuser or rules.has_perm(perm, user))


def _incoming_label(unit, user) -> str:
    count = incoming_count(unit, user)
    label = _("Incoming handovers")
    return f"{label} ({count})" if count else label


@register.filter
def role_label(value: str) -> str:
    try:
        return Role(value).label
    except ValueError:
        return value

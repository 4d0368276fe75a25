"""Labels for access events in the log review and the citizen's view."""

from urllib.parse import urlencode

from django import template
from django.utils.translation import gettext as _

from stegvis.organisation.models import Role

register = template.Library()


@register.filter
def access_role(value: str) -> str:
    """The role an event was recorded in, as the UI names it."""
    if value == "log_reviewer":
        return _("Log reviewer")
    if value == "relative":
        return _("Relative or guardian")
    if value == "citizen":
        return _("Citizen")
    if not value:
        return "–"
    try:
        return Role(value).label
    except ValueError:
        return value


# What a citizen is told was looked at, by the start of the event's action code.
_SUBJECTS = (
    ("audit.", lambda: _("Review of the access log")),
    ("care.list_", lambda: _("The unit's list of patients")),
    ("citizen.", lambda: _("Your personal details")),
    ("message", lambda: _("Your messages")),
    ("attachment", lambda: _("Your messages")),
    ("handover", lambda: _("Your program")),
    ("care.", lambda: _("Your program")),
    ("enrollment", lambda: _("Your program")),
    ("relative", lambda: _("Your relatives and guardians")),
)


@register.filter
def access_subject(action: str) -> str:
    for prefix, label in _SUBJECTS:
        if action.startswith(prefix):
            return label()
    return _("Your care")


@register.simple_tag
def search_url(event_filter) -> str:
    """The log search matching a pattern row (ids and dates only)."""
    from django.urls import reverse

    return f"{reverse('clinic:access_log')}?{urlencode(event_filter.as_query())}"

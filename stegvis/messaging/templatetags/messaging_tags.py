"""Template tags the staff and citizen pages use to link to a conversation."""

from django import template

from stegvis.messaging.queries import unanswered_count

register = template.Library()


@register.inclusion_tag("messaging/includes/hantera_panel_body.html", takes_context=True)
def conversation_panel(context, enrollment):
    """Hantera's link to the conversation with the unread count (one query), for the team only."""
    user = context["request"].user
    may_read = user.has_perm("messaging.read_conversation", enrollment)
    return {
        "enrollment": enrollment,
        "may_read": may_read,
        "unread": unanswered_count(enrollment) if may_read else 0,
    }

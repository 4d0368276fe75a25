"""Template help that exists only in the demo (STEGVIS_DEMO): never shows anything otherwise."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def demo_totp_code() -> str:
    """The demo staff's current TOTP code, or "" outside the demo."""
    if not settings.DEMO:
        return ""
    from stegvis.demo.management.commands.demo import current_totp_code

    return current_totp_code()

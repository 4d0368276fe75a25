from django import template

from stegvis.catalog.html import clean_release_html

register = template.Library()


@register.filter
def release_html(value: str | None):
    """Show HTML from a release document, sanitised (see catalog/html.py)."""
    return clean_release_html(value)

"""Helpers for the citizen-view preview in the design tool."""

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def localised(text) -> str:
    """Pick the current language from an instrument text {"sv": ..., "en": ...}."""
    if not isinstance(text, dict):
        return text or ""
    language = "en" if (get_language() or "sv").startswith("en") else "sv"
    return text.get(language) or text.get("sv") or ""


@register.filter
def answer_items(items):
    """Flatten groups: yield (item, depth) for every item in reading order."""
    out = []

    def walk(children, depth):
        for item in children:
            out.append((item, depth))
            if item.type == "group":
                walk(item.items, depth + 1)

    walk(items, 0)
    return out

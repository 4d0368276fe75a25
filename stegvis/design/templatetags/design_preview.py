"""Helpers for the citizen-view preview in the design tool."""

from django import template

from stegvis.language import localised as localised_text

register = template.Library()


@register.filter
def localised(text) -> str:
    """Pick the current language from an instrument text {"sv": ..., "en": ...}."""
    if not isinstance(text, dict):
        return text or ""
    return localised_text(text)


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

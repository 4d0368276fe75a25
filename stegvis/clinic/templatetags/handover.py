"""Template tags for handover and change of practitioner in Hantera and Alla."""

import functools

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def may_start_handover(context, enrollment, pending) -> bool:
    """Whether the user may hand `enrollment` over; `pending` is its handover in progress."""
    user = context["request"].user
    return pending is None and user.has_perm("care.start_handover", enrollment)


@register.simple_tag(takes_context=True)
def may_withdraw_handover(context, enrollment) -> bool:
    return context["request"].user.has_perm("care.withdraw_handover", enrollment)


@register.simple_tag(takes_context=True)
def practitioner_menu(context, enrollment) -> dict | None:
    """The arrow menu for one row of Mina or Alla, or None if the user may not change it.

    The practitioners come from the page (Mina's `practitioner_choices`, a cached callable, or
    Alla's filter form), loaded once, so the menu costs no query per row. "Assign to me" is
    offered only to a practitioner at the unit who is not already the responsible one.
    """
    user = context["request"].user
    if not user.has_perm("care.assign_practitioner", enrollment):
        return None
    choices = context.get("practitioner_choices")
    if callable(choices):
        choices = choices()
    if choices is None:
        form = context.get("form")
        field = form.fields.get("practitioner") if form is not None else None
        choices = field.choices if field else []
    choices = [(pk, name) for pk, name in choices if pk not in ("", None)]
    is_practitioner = any(pk == user.pk for pk, _name in choices)
    return {"choices": choices, "self": is_practitioner and enrollment.practitioner_id != user.pk}


@functools.lru_cache(maxsize=64)
def _option_parts(language: str | None, choices: tuple) -> tuple[tuple[object, str, str], ...]:
    # What the template's `{{ pk }}` and `{{ name }}` print, escaped once per list of choices.
    return tuple(
        (pk, conditional_escape(localize(pk)), conditional_escape(localize(name)))
        for pk, name in choices
    )


@register.simple_tag
def practitioner_options(menu: dict, enrollment) -> SafeString:
    """The menu's `<option>`s with the responsible practitioner selected.

    A page of Mina or Alla has a menu of every practitioner at the unit on each of its rows;
    rendering the options in a template loop cost more than the rest of the page.
    """
    parts = _option_parts(get_language(), tuple(menu["choices"]))
    selected = enrollment.practitioner_id
    # Every part is escaped in _option_parts; the markup around them is fixed.
    return mark_safe(
        "".join(
            f'<option value="{value}"{" selected" if pk == selected else ""}>{name}</option>'
            for pk, value, name in parts
        )
    )

"""Placeholders in message templates: {first_name} / {förnamn} and {practitioner} / {behandlare}.

One syntax, curly braces, with an English and a Swedish name for each. Only these are
replaced; a template with any other {name} is refused when it is saved, so a typo never
reaches a citizen.
"""

import re

from django.utils.translation import gettext_lazy as _

FIRST_NAME = ("first_name", "förnamn")
PRACTITIONER = ("practitioner", "behandlare")
KNOWN = {*FIRST_NAME, *PRACTITIONER}
HELP = _(
    "You can use {förnamn} (or {first_name}) for the citizen's first name and {behandlare} "
    "(or {practitioner}) for your own name."
)

_PLACEHOLDER = re.compile(r"\{([^{}\s]{1,40})\}")


def unknown_in(text: str) -> list[str]:
    """Placeholders in `text` that are not known, in order of appearance, without repeats."""
    seen: list[str] = []
    for name in _PLACEHOLDER.findall(text):
        if name.lower() not in KNOWN and name not in seen:
            seen.append(name)
    return seen


def fill(text: str, *, first_name: str, practitioner: str) -> str:
    values = dict.fromkeys(FIRST_NAME, first_name) | dict.fromkeys(PRACTITIONER, practitioner)

    def replace(match: re.Match) -> str:
        return values.get(match.group(1).lower(), match.group(0))

    return _PLACEHOLDER.sub(replace, text)

"""The HTML a release may carry (text and info blocks, intros, prompts), made safe to show.

A release can come from another instance as a file, so its HTML is untrusted: it is cleaned
with nh3 (the Ammonia sanitiser) every time it is rendered, keeping only plain formatting and
https/mailto links.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "a",
    "span",
    "small",
    "sub",
    "sup",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"lang"}, "p": {"lang"}}
URL_SCHEMES = {"https", "mailto"}


def clean_release_html(value: str | None) -> SafeString:
    """Return `value` with everything but plain formatting removed, marked safe."""
    cleaned = nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # cleaned by nh3 just above

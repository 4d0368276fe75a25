"""When opening a conversation may mark the other side's messages read.

A GET must not change state for a page another site sent the browser to: a link on any web
page (or in a phishing mail read in webmail) could otherwise mark a citizen's messages read
before anyone at the unit has seen them. Browsers say where a navigation came from in
`Sec-Fetch-Site`; we mark read only when it is our own page ("same-origin") or the user
themself ("none": typed, bookmarked, reloaded). "same-site" is not enough: a sibling host under
the same registrable domain may belong to someone else. A browser too old to send the header
(before 2023) keeps the old behaviour. Otherwise the page offers a button that marks read by a
POST with CSRF protection.
"""

from django.http import HttpRequest

OWN_NAVIGATION = frozenset({"same-origin", "none"})


def may_mark_read_on_open(request: HttpRequest) -> bool:
    """Whether this GET of a conversation comes from our own pages or the user themself."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    return fetch_site is None or fetch_site.strip().lower() in OWN_NAVIGATION

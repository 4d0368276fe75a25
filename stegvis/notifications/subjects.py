"""What a notification is about, as the app that sent it names it (a registry for the links).

Notifications is a channel below care: it may not point at an enrollment. The app that
notifies passes a `Subject` instead: the unit whose staff see the notice on the problems page,
and an opaque (kind, id) that only the app above reads. The page links to the subject through
a link the serving portal registers in its AppConfig.ready (clinic: an enrollment's page). A
subject kind without a registered link is an error, never a row that silently has no link.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Subject:
    unit_id: int
    kind: str
    pk: int


# subject id -> the URL of the subject's page for staff.
SubjectLink = Callable[[int], str]

_links: dict[str, SubjectLink] = {}


def register_link(kind: str, link: SubjectLink) -> None:
    _links[kind] = link


def link_to(kind: str, pk: int | None) -> str:
    """The staff page of the subject (kind, pk), or "" for a notification about nothing."""
    if not kind or pk is None:
        return ""
    try:
        link = _links[kind]
    except KeyError:
        raise ImproperlyConfigured(f"No app registered a link to subjects {kind!r}.") from None
    return link(pk)

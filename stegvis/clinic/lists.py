"""Care's enrollment lists as the clinic shows them: each row with its unread message count.

Care sits below messaging and knows nothing of messages; the clinic composes the two. The list
query sorts and limits on the enrollment table alone; `fill_page` then loads the page's rows by
id with feedback waiting and unread messages counted for those rows only (one query, one
prefetch of their groups, and one query of their open flags counted by level and kind).
"""

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

from stegvis.care.services import lists as care_lists
from stegvis.care.services.lists import my_enrollments, programs_at, unit_enrollments
from stegvis.messaging.queries import annotate_unread

__all__ = [
    "CountedPaginator",
    "fill_page",
    "my_enrollments",
    "programs_at",
    "unit_enrollments",
]

# Counting every enrollment of a unit of 220,000 for "Page 1 of 4,411" took 70 ms of Alla's
# time; nobody pages that far (they filter). Counted up to here, a longer list says "more than".
COUNT_UP_TO = 10_000


class CountedPaginator(Paginator):
    """A paginator that counts the list only up to `COUNT_UP_TO` rows (or the page asked for),
    so a big unit's list costs what a small one's does; `is_capped` says the list is longer."""

    def __init__(self, object_list, per_page: int, number: object):
        super().__init__(object_list, per_page)
        try:
            asked = max(1, int(number))
        except (TypeError, ValueError):
            asked = 1
        self.count_up_to = max(COUNT_UP_TO, (asked + 1) * per_page)

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.count_up_to + 1].count()

    @cached_property
    def is_capped(self) -> bool:
        return self.count > self.count_up_to

    @property
    def pages_counted(self) -> int:
        """Whole pages within what was counted: "page 3 of more than 200"."""
        return self.count_up_to // self.per_page


def fill_page(page: Page) -> Page:
    """Replace `page`'s sorted ids with its rows, each with `waiting_feedback` and
    `unread_messages`, in the list's order."""
    ids = list(page.object_list.values_list("pk", flat=True))
    rows = annotate_unread(care_lists.page_rows(ids)) if ids else []
    page.object_list = care_lists.with_flag_tallies(care_lists.in_order(rows, ids))
    return page

"""Care's enrollment lists as the clinic shows them: each row with its unread message count.

Care sits below messaging and knows nothing of messages; the clinic composes the two. The list
query sorts and limits on the enrollment table alone; `fill_page` then loads the page's rows by
id with feedback waiting and unread messages counted for those rows only (one query, and one
prefetch of their open flags).
"""

from django.core.paginator import Page

from stegvis.care.services import lists as care_lists
from stegvis.care.services.lists import my_enrollments, programs_at, unit_enrollments
from stegvis.messaging.queries import annotate_unread

__all__ = ["fill_page", "my_enrollments", "programs_at", "unit_enrollments"]


def fill_page(page: Page) -> Page:
    """Replace `page`'s sorted ids with its rows, each with `waiting_feedback` and
    `unread_messages`, in the list's order."""
    ids = list(page.object_list.values_list("pk", flat=True))
    rows = annotate_unread(care_lists.page_rows(ids)) if ids else []
    page.object_list = care_lists.in_order(rows, ids)
    return page

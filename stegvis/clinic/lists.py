"""Care's enrollment lists as the clinic shows them: each row with its unread message count.

Care sits below messaging and knows nothing of messages; the clinic composes the two. The list
query sorts and limits without any count; `fill_row_counts` then adds feedback waiting and
unread messages for the page's rows only, in one query over their ids.
"""

from django.core.paginator import Page

from stegvis.care.services import lists as care_lists
from stegvis.care.services.lists import my_enrollments, programs_at, unit_enrollments
from stegvis.messaging.queries import annotate_unread

__all__ = ["fill_row_counts", "my_enrollments", "programs_at", "unit_enrollments"]

ROW_COUNTS = ("waiting_feedback", "unread_messages")


def fill_row_counts(page: Page) -> Page:
    """Give each row of `page` `waiting_feedback` and `unread_messages`: one query."""
    page.object_list = rows = list(page.object_list)
    counts = annotate_unread(care_lists.row_counts([row.pk for row in rows]))
    care_lists.fill_row_counts(rows, counts, ROW_COUNTS)
    return page

"""What both sides' conversation pages show: a page of messages, newest first."""

from django.core.paginator import Page, Paginator

from stegvis.care.models import Enrollment
from stegvis.messaging.models import Message

PER_PAGE = 30


def page_of_messages(enrollment: Enrollment, number) -> Page:
    """One page of the conversation with authors and attachments (three queries)."""
    messages = (
        Message.objects.filter(enrollment=enrollment)
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(messages, PER_PAGE).get_page(number)
    # Evaluate now, before the page's unread messages are marked read, so "new" still shows.
    page.object_list = list(page.object_list)
    return page

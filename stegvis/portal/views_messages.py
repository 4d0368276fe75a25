"""The citizen's side of a conversation: the citizen, and relatives whose grant allows messages.

Every view fetches through `access.py` (anyone else gets "not found"; each read is logged).
Sending is the one view `send`, so a rate limit can wrap it. A refused send re-renders the page
with the text and keeps it as the author's draft.
"""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from stegvis.messaging import services
from stegvis.messaging.access import get_attachment_for_citizen, get_conversation_for_citizen
from stegvis.messaging.downloads import attachment_response
from stegvis.messaging.forms import DraftForm, MessageForm
from stegvis.messaging.reading import may_mark_read_on_open
from stegvis.messaging.rendering import page_of_messages
from stegvis.messaging.sending import send_or_keep_draft
from stegvis.organisation.access import citizen_required


def _render(request, taking_part, form, *, status: int = 200):
    enrollment = taking_part.enrollment
    page = page_of_messages(enrollment, request.GET.get("page"))
    may_mark = request.method == "POST" or may_mark_read_on_open(request)
    if may_mark:
        services.mark_read_by_citizen(enrollment)
    context = {
        "offer_mark_read": not may_mark,
        "enrollment": enrollment,
        "taking_part": taking_part,
        "page": page,
        "form": form,
        "why_not": services.why_citizen_side_may_not_write(enrollment),
    }
    return render(request, "messaging/citizen/conversation.html", context, status=status)


@citizen_required
@require_GET
def conversation(request, enrollment_id: int):
    """The conversation, newest first; opening it from our own pages marks the care team's
    messages read (reading.py)."""
    taking_part = get_conversation_for_citizen(request.user, enrollment_id)
    body = services.draft_text(author=request.user, enrollment=taking_part.enrollment)
    return _render(request, taking_part, MessageForm(initial={"body": body}))


@citizen_required
@require_POST
def send(request, enrollment_id: int):
    taking_part = get_conversation_for_citizen(request.user, enrollment_id, action="messages.send")
    form = MessageForm(request.POST, request.FILES)
    send_message = partial(
        services.send_citizen_message, actor=request.user, taking_part=taking_part
    )
    status = send_or_keep_draft(request, form, taking_part.enrollment, send_message)
    if status is None:
        messages.success(request, _("Your message was sent."))
        return redirect("portal:messages", enrollment_id=enrollment_id)
    return _render(request, taking_part, form, status=status)


@citizen_required
@require_POST
def save_draft(request, enrollment_id: int):
    taking_part = get_conversation_for_citizen(request.user, enrollment_id, action="messages.draft")
    form = DraftForm(request.POST)
    form.is_valid()
    services.save_draft(
        author=request.user,
        enrollment=taking_part.enrollment,
        body=form.cleaned_data.get("body", ""),
    )
    messages.success(request, _("Your draft was saved. It is kept until you send it."))
    return redirect("portal:messages", enrollment_id=enrollment_id)


@citizen_required
@require_POST
def mark_read(request, enrollment_id: int):
    """Mark the care team's messages read: the button shown when opened from another site."""
    taking_part = get_conversation_for_citizen(
        request.user, enrollment_id, action="messages.mark_read"
    )
    services.mark_read_by_citizen(taking_part.enrollment)
    return redirect("portal:messages", enrollment_id=enrollment_id)


@citizen_required
@require_GET
def attachment(request, attachment_id: int):
    return attachment_response(get_attachment_for_citizen(request.user, attachment_id))

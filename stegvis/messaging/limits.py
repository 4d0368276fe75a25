"""Rate limits on sending, applied inside the send views so a refused message keeps its text.

The security part's `limit_reached` counts the request; the view then re-renders its own form
with the text and keeps it as a draft (instead of the generic 429 page).
"""

from django.http import HttpRequest

from stegvis.security.ratelimits import RATE_LIMITED_MESSAGE, limit_reached

SEND_GROUP = "message_send"
UPLOAD_GROUP = "upload"


def refusal(request: HttpRequest) -> str:
    """Count this send (and its upload) and return why it is refused, or "" when allowed."""
    over = limit_reached(request, SEND_GROUP)
    if request.FILES and limit_reached(request, UPLOAD_GROUP):
        over = True
    return str(RATE_LIMITED_MESSAGE) if over else ""

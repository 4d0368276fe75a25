"""The send views' one flow, for the care team's and the citizen side's conversation alike.

The rate limit is counted first; a refused or invalid message puts its reason on the form and
keeps the text as the author's draft, so the portal re-renders its page with nothing lost. The
portal keeps what is its own: which service sends, the success message and where it redirects.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from stegvis.care.models import Enrollment
from stegvis.messaging import limits, services
from stegvis.messaging.forms import MessageForm


def send_or_keep_draft(
    request: HttpRequest,
    form: MessageForm,
    enrollment: Enrollment,
    send: Callable[..., object],
) -> int | None:
    """Send `form`'s message with `send(body=, files=)`; None when it was sent.

    Otherwise the status to re-render the page with: 429 when rate limited, 400 when the form or
    the service refused it (the reason is on the form).
    """
    status = 400
    if refused := limits.refusal(request):
        form.add_error(None, refused)
        status = 429
    elif form.is_valid():
        try:
            send(body=form.cleaned_data["body"], files=form.cleaned_data["files"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return None
    services.save_draft(
        author=request.user, enrollment=enrollment, body=request.POST.get("body", "")
    )
    return status

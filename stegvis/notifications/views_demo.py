"""The demo outbox: what the demo "sent" by e-mail and SMS (only when STEGVIS_DEMO is on)."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render

from stegvis.notifications.models import DemoOutboxItem

LIMIT = 100


def outbox(request):
    """Newest first; 404 outside the demo; signed-in users only (documented)."""
    if not settings.DEMO:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    items = list(DemoOutboxItem.objects.all()[:LIMIT])
    return render(request, "notifications/demo/outbox.html", {"items": items, "limit": LIMIT})

"""The demo outbox: what the demo "sent" by e-mail and SMS (only when STEGVIS_DEMO is on)."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render

from stegvis.notifications.models import DemoOutboxItem, Preference, VerificationCode

LIMIT = 100


def outbox(request):
    """Newest first; 404 outside the demo; signed-in users only (see docs/notifications.md)."""
    if not settings.DEMO:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    items = DemoOutboxItem.objects.all()
    if not request.user.is_care_staff:
        # A citizen sees what was sent to their own addresses; demo staff see everything.
        items = items.filter(to__in=_addresses_of(request.user))
    items = list(items[:LIMIT])
    return render(request, "notifications/demo/outbox.html", {"items": items, "limit": LIMIT})


def _addresses_of(user) -> set[str]:
    addresses = {user.email}
    preference = Preference.objects.filter(user=user).first()
    if preference is not None:
        addresses |= {preference.email, preference.phone}
    addresses |= set(VerificationCode.objects.filter(user=user).values_list("address", flat=True))
    return addresses - {""}

"""The demo outbox: what the demo "sent" by e-mail and SMS (only when STEGVIS_DEMO is on)."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render

from stegvis.notifications.kinds import Kind
from stegvis.notifications.models import Channel, DemoOutboxItem, Notification, Preference
from stegvis.notifications.services import addresses_of_other_accounts

LIMIT = 100


def outbox(request):
    """Newest first; 404 outside the demo; signed-in users only (see docs/notifications.md)."""
    if not settings.DEMO:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    items = DemoOutboxItem.objects.all()
    if not request.user.has_perm("notifications.view_whole_demo_outbox"):
        # A citizen sees what was sent to their own verified addresses, and their own codes;
        # demo staff see everything.
        items = items.filter(_sent_to(request.user))
    items = list(items[:LIMIT])
    return render(request, "notifications/demo/outbox.html", {"items": items, "limit": LIMIT})


def _sent_to(user) -> Q:
    """Mail to `user`'s verified addresses (none of another account's), and their codes.

    An address is never shown only because the user asked for a code to it: that was how a
    citizen could read a staff member's password reset mail.
    """
    addresses = {user.email}
    preference = Preference.objects.filter(user=user).first()
    if preference is not None:
        addresses |= {preference.address_for(Channel.EMAIL), preference.address_for(Channel.SMS)}
    addresses -= {""}
    addresses -= addresses_of_other_accounts(user, addresses)
    codes = Notification.objects.filter(recipient=user, kind=Kind.VERIFICATION_CODE)
    references = [str(pk) for pk in codes.values_list("pk", flat=True)]
    return Q(to__in=addresses) | Q(reference__in=references, reference__gt="")

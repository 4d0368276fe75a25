"""Which Stegvis sessions an OpenID Connect provider's sign-in started (Back-Channel Logout)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class IdpSession(models.Model):
    """A Stegvis session signed in through `provider_id`, with the provider's `sub` and, when
    its ID token had one, its session id `sid`: what a logout token names to end it.

    Written when the sign-in completes (the session key is final then); removed when the
    session ends by sign-out or by a logout token. A row whose session expired is harmless:
    ending it deletes nothing.
    """

    provider_id = models.CharField(max_length=200)
    sub = models.CharField(max_length=255)
    sid = models.CharField(max_length=255, blank=True)
    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["provider_id", "sub"], name="idp_session_by_sub"),
            models.Index(fields=["provider_id", "sid"], name="idp_session_by_sid"),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.user_id}"

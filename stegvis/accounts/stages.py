"""allauth's second-factor stage, which a strong sign-in at the region's IdP stands in for.

When the staff member's IdP said the sign-in was strong (an accepted `acr`, e.g. SITHS eID at
LoA3), the IdP already checked two factors: Stegvis records that as the session's "mfa" step
(so `CompletedSignInMiddleware` accepts the session) and does not ask for its own code.
Otherwise allauth's stage runs as always: a staff member with TOTP is asked for a code.
"""

import time

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.stages import AuthenticateStage

from stegvis.accounts.identity import IDP_ASSURANCE, PENDING_ASSURANCE_KEY

# The IdP's word counts for the sign-in under way only: within this many seconds of it.
_PENDING_FOR_SECONDS = 120


def _vouched_for(request, user, pending: dict | None) -> bool:
    """Whether `pending` is this sign-in's: the same user, just now, and the session's latest
    step the social sign-in through the same provider (not a password typed later)."""
    if not pending or user is None or pending.get("user") != user.pk:
        return False
    if time.time() - pending.get("at", 0) > _PENDING_FOR_SECONDS:
        return False
    records = get_authentication_records(request, user)
    last = records[-1] if records else {}
    return last.get("method") == "socialaccount" and last.get("provider") == pending["provider"]


class IdpAssuranceOrMfaStage(AuthenticateStage):
    def handle(self) -> tuple:
        pending = self.request.session.pop(PENDING_ASSURANCE_KEY, None)
        user = self.login.user
        if _vouched_for(self.request, user, pending):
            record_authentication(
                self.request,
                user,
                "mfa",
                type=IDP_ASSURANCE,
                provider=pending["provider"],
                acr=pending["acr"],
            )
            return None, True
        return super().handle()

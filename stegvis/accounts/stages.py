"""allauth's second-factor stage, which a strong sign-in at the region's IdP stands in for.

When the staff member's IdP said the sign-in was strong (an accepted `acr`, e.g. SITHS eID at
LoA3), the IdP already checked two factors: Stegvis records that as the session's "mfa" step
(so `CompletedSignInMiddleware` accepts the session) and does not ask for its own code.
Otherwise allauth's stage runs as always: a staff member with TOTP is asked for a code.
"""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.stages import AuthenticateStage

from stegvis.accounts.identity import IDP_ASSURANCE, PENDING_ASSURANCE_KEY


class IdpAssuranceOrMfaStage(AuthenticateStage):
    def handle(self) -> tuple:
        pending = self.request.session.pop(PENDING_ASSURANCE_KEY, None)
        user = self.login.user
        if pending and user is not None and pending.get("user") == user.pk:
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

"""Sign a test client in the way allauth's own flows leave a session.

`client.force_login` alone makes a session no sign-in view of ours would make: it carries none
of allauth's authentication records, so `CompletedSignInMiddleware` ends it (issue 12). Tests
that skip the sign-in forms use `sign_in` instead; the forms have their own tests
(tests/accounts/). `force_login` alone is what an attacker's bypass looks like.
"""

import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
from allauth.mfa.models import Authenticator

ALLAUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def completed_steps(user) -> list[dict]:
    """allauth's records after a full sign-in: password then the second factor, or e-ID."""
    now = time.time()
    if user.is_citizen:
        return [{"method": "socialaccount", "at": now, "provider": "eid", "uid": str(user.pk)}]
    steps = [{"method": "password", "at": now, "email": user.email}]
    factor = (
        Authenticator.objects.filter(user_id=user.pk, type__in=["totp", "webauthn"])
        .order_by("pk")
        .first()
    )
    if factor is not None:
        steps.append({"method": "mfa", "at": now, "id": factor.pk, "type": factor.type})
    return steps


def write_steps(client, user, steps: list[dict]) -> None:
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = steps
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


def sign_in(client, user, steps: list[dict] | None = None):
    """Sign `user` in on `client` as if through allauth's forms (or with the given `steps`)."""
    client.force_login(user, backend=ALLAUTH_BACKEND)
    write_steps(client, user, completed_steps(user) if steps is None else steps)
    return client

"""allauth's views that Stegvis mounts in front of allauth's own.

The e-mail page: staff read their address (the HSA catalogue owns it) and may not change it;
citizens manage theirs. Sign-out (on to the OpenID Connect provider's end-session endpoint
after a sign-in there, stegvis/accounts/oidc_logout.py): its confirmation page for everyone
signed in. The OpenID Connect callback (the ID token's signature always checked,
stegvis/accounts/oidc.py): an unknown provider is 404 for everyone. Back-channel logout
(stegvis/accounts/oidc_backchannel.py): POST only, no session counts, an unknown provider is
404 for everyone. The sign-in and sign-out, and logout tokens from a real provider, are tested
in tests/accounts/test_oidc_*.py.
"""

from django.urls import reverse

from tests.security.matrix import (
    CITIZENS,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    STAFF,
    Entry,
    cells,
    everyone,
)

ENTRIES = [
    Entry(
        "route:accounts/email/",
        lambda sw: "/accounts/email/",
        get=cells(ok=CITIZENS | STAFF),
        post=cells(ok=CITIZENS, denied=STAFF),
        post_data=lambda sw: {"action_add": "", "email": ""},
    ),
    Entry(
        "route:accounts/logout/",
        lambda sw: "/accounts/logout/",
        get=cells(anonymous=REDIRECT, otherwise=OK),
    ),
    Entry(
        "route:accounts/oidc/<slug:provider_id>/login/callback/",
        lambda sw: "/accounts/oidc/no-such-provider/login/callback/",
        get=everyone(NOT_FOUND),
    ),
    Entry(
        "oidc_backchannel_logout",
        lambda sw: reverse("oidc_backchannel_logout", args=["no-such-provider"]),
        get=everyone(NOT_ALLOWED),
        post=everyone(NOT_FOUND),
        post_data=lambda sw: {"logout_token": "not-a-token"},
    ),
]

"""allauth's e-mail page, which Stegvis mounts in front of allauth's own: staff read their
address (the HSA catalogue owns it) and may not change it; citizens manage theirs.
"""

from tests.security.matrix import CITIZENS, STAFF, Entry, cells

ENTRIES = [
    Entry(
        "route:accounts/email/",
        lambda sw: "/accounts/email/",
        get=cells(ok=CITIZENS | STAFF),
        post=cells(ok=CITIZENS, denied=STAFF),
        post_data=lambda sw: {"action_add": "", "email": ""},
    ),
]

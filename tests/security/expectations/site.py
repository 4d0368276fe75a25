"""The front page, language switch, static files, sign-in (allauth) and Django's admin."""

from django.urls import reverse

from tests.security.matrix import (
    ALL_PERSONAS,
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    Entry,
    Group,
    cells,
    everyone,
)

SIGNED_IN = [p for p in ALL_PERSONAS if p != "anonymous"]

ENTRIES = [
    # Anonymous visitors see how to sign in; everyone signed in is sent on to their portal.
    Entry("home", lambda sw: reverse("home"), get=cells(anonymous=OK, otherwise=REDIRECT)),
    Entry(
        "set_language",
        lambda sw: reverse("set_language"),
        # Django's set_language: a GET changes nothing and sends the visitor back.
        get=everyone(REDIRECT),
        post=everyone(OK),
        post_data=lambda sw: {"language": "en", "next": "/"},
    ),
    # Health endpoints answer a load balancer or monitor, signed in or not; no data in them.
    Entry("health:live", lambda sw: reverse("health:live"), get=everyone(OK)),
    Entry("health:ready", lambda sw: reverse("health:ready"), get=everyone(OK)),
    Entry("health:all", lambda sw: reverse("health:all"), get=everyone(OK)),
    # Closed unless METRICS_TOKEN is set; with it, only the token opens it (tests/operations).
    Entry("health:metrics", lambda sw: reverse("health:metrics"), get=everyone(NOT_FOUND)),
]

GROUPS = [
    Group(
        prefix="^static/",
        why=(
            "Static files are public by design (CSS, JS, images of the site itself); no "
            "citizen data is ever collected as a static file. Served here only under DEBUG."
        ),
        # The pattern exists only when DEBUG is on at import, never in the test run.
        samples=[],
    ),
    Group(
        prefix="accounts/",
        why=(
            "django-allauth: sign-in, sign-out, MFA, sessions. Its views act only on the "
            "signed-in user's own account (object ids in its URLs, such as WebAuthn keys, are "
            "looked up among the user's own); no citizen data is shown. Its own tests cover "
            "the views; sign-in flows are tested in tests/accounts. Sampled: the pages every "
            "persona meets."
        ),
        samples=[
            Entry(
                "account_login",
                lambda sw: reverse("account_login"),
                get=cells(anonymous=OK, otherwise=REDIRECT),
            ),
            Entry(
                "mfa_index",
                lambda sw: reverse("mfa_index"),
                get=cells(otherwise=OK),
            ),
            Entry(
                "usersessions_list",
                lambda sw: reverse("usersessions_list"),
                get=cells(otherwise=OK),
            ),
        ],
    ),
    Group(
        prefix="django-admin/",
        why=(
            "Django's admin lets in only active users with is_staff (the operator's superuser, "
            "made with createsuperuser); no persona has it, so every admin URL sends every "
            "persona to the admin's sign-in. Sampled: the index, one model list and the "
            "catch-all."
        ),
        samples=[
            Entry("admin:index", lambda sw: reverse("admin:index"), get=everyone(LOGIN)),
            Entry(
                "admin:auth_group_changelist",
                lambda sw: reverse("admin:auth_group_changelist"),
                get=everyone(LOGIN),
            ),
            Entry(
                "route:django-admin/(?P<url>.*)$",
                lambda sw: "/django-admin/nothing-here/",
                get=everyone(LOGIN),
            ),
        ],
    ),
]

"""Prepare the signed-in floor's database and print a session for it.

Run by the runner as `python -m benchmarks.floor.session` with `FLOOR_DATABASE_URL` set: the
tables of Django's auth and sessions are migrated, one user is made (once) and a new session
signed in as that user is printed, as its key on the last line.
"""

import os

USERNAME = "golvet"


def signed_in_session_key() -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    user, made = User.objects.get_or_create(username=USERNAME)
    if made:  # signed in by its session only, never by a password
        user.set_unusable_password()
        user.save(update_fields=["password"])
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


if __name__ == "__main__":
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.floor.signed_in_settings"
    django.setup()
    print(signed_in_session_key())

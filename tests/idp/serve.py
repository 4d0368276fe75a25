"""Start the test identity provider: migrate its database, add the configured users and
clients, and serve on the given port (`python -m tests.idp.serve PORT`)."""

import os
import sys


def main(port: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.idp.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    for username, user in settings.CONFIG["users"].items():
        User.objects.create_user(username=username, password=user["password"])
    for client in settings.CONFIG["clients"]:
        Application.objects.create(
            name=client["name"],
            client_id=client["client_id"],
            client_secret=client["client_secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(client["redirect_uris"]),
            post_logout_redirect_uris=" ".join(client.get("post_logout_redirect_uris", [])),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=False,
        )
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, skip_checks=True)


if __name__ == "__main__":
    main(sys.argv[1])

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "stegvis.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        # allauth's only hook after a new authenticator is saved: staff setting up their first
        # TOTP/WebAuthn have just proved they hold it, so their session counts as passed.
        authenticator_added.connect(_on_authenticator_added, dispatch_uid="stegvis_first_mfa")


def _on_authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    from stegvis.accounts.signin import record_first_second_factor

    if request is not None:
        record_first_second_factor(request, user, authenticator)

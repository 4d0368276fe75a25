from allauth.account.forms import LoginForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class StegvisLoginForm(LoginForm):
    """E-mail and password; citizens may use it only where password sign-in is allowed."""

    def clean(self):
        cleaned = super().clean()
        user = getattr(self, "user", None)
        if user is not None and user.is_citizen and not settings.CITIZEN_PASSWORD_LOGIN:
            raise forms.ValidationError(_("Citizens sign in with e-ID. Use the e-ID button below."))
        return cleaned

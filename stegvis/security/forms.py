"""allauth's MFA forms, hardened against input that crashed them (found by tests/hardening fuzz).

- Codes: allauth turns a typed code into a number when it checks it; a code of thousands of
  digits fails Python's integer-conversion limit and the page answered 500. TOTP codes have 6
  digits and recovery codes 8 characters: anything past 64 characters is a plain form error.
- WebAuthn credentials: Django's `forms.JSONField` catches only JSON syntax errors, so a huge
  number (`9999…`) escaped as ValueError, again a 500. `SafeJSONField` makes every parse
  failure a form error.
"""

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.webauthn.forms import (
    AddWebAuthnForm,
    AuthenticateWebAuthnForm,
    LoginWebAuthnForm,
    ReauthenticateWebAuthnForm,
    SignupWebAuthnForm,
)
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.fields import InvalidJSONInput

MAX_CODE_LENGTH = 64


class SafeJSONField(forms.JSONField):
    """A JSONField whose every parse failure is a validation error, never an exception."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise
        except (ValueError, RecursionError):
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": ""}
            ) from None

    def bound_data(self, data, initial):
        try:
            return super().bound_data(data, initial)
        except (ValueError, RecursionError):
            return InvalidJSONInput(data)


def _bounded_code(form_class):
    class Bounded(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["code"].max_length = MAX_CODE_LENGTH
            self.fields["code"].validators.append(MaxLengthValidator(MAX_CODE_LENGTH))

    Bounded.__name__ = Bounded.__qualname__ = f"Bounded{form_class.__name__}"
    return Bounded


def _safe_credential(form_class):
    class Safe(form_class):
        credential = SafeJSONField(required=True, widget=forms.HiddenInput)

    Safe.__name__ = Safe.__qualname__ = f"Safe{form_class.__name__}"
    return Safe


BoundedAuthenticateForm = _bounded_code(AuthenticateForm)
BoundedReauthenticateForm = _bounded_code(ReauthenticateForm)
SafeAuthenticateWebAuthnForm = _safe_credential(AuthenticateWebAuthnForm)
SafeReauthenticateWebAuthnForm = _safe_credential(ReauthenticateWebAuthnForm)
SafeLoginWebAuthnForm = _safe_credential(LoginWebAuthnForm)
SafeAddWebAuthnForm = _safe_credential(AddWebAuthnForm)
SafeSignupWebAuthnForm = _safe_credential(SignupWebAuthnForm)

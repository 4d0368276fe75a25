"""allauth's MFA code forms with a length limit on the code.

allauth turns a typed code into a number when it checks it; a code of thousands of digits then
fails Python's integer-conversion limit and the sign-in page answers 500 (found by the fuzz
tests in tests/hardening). TOTP codes have 6 digits and recovery codes 8 characters, so anything
past 64 characters is refused as a plain form error before allauth sees it.
"""

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from django.core.validators import MaxLengthValidator

MAX_CODE_LENGTH = 64


def _bounded(form_class):
    class Bounded(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["code"].max_length = MAX_CODE_LENGTH
            self.fields["code"].validators.append(MaxLengthValidator(MAX_CODE_LENGTH))

    Bounded.__name__ = Bounded.__qualname__ = f"Bounded{form_class.__name__}"
    return Bounded


BoundedAuthenticateForm = _bounded(AuthenticateForm)
BoundedReauthenticateForm = _bounded(ReauthenticateForm)

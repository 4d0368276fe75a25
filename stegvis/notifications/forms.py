from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.notifications.phone import normalise_mobile


class EmailAddressForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address such as name@example.se."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=32,
        help_text=_("A Swedish mobile number, for example 070-123 45 67."),
        error_messages={"required": _("Enter your mobile number.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def clean_phone(self) -> str:
        return normalise_mobile(self.cleaned_data["phone"])


class ChannelsForm(forms.Form):
    use_email = forms.BooleanField(label=_("By e-mail"), required=False)
    use_sms = forms.BooleanField(label=_("By SMS"), required=False)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_("The six digits we sent you."),
        error_messages={"required": _("Enter the code.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

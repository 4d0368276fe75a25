"""Forms of the system administrator's pages: a new care provider and its first admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stegvis.clinic.forms import HsaIdField


class ProviderForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("A short name in the address and on the command line, e.g. region-norr."),
    )
    hsa_id = HsaIdField(label=_("The provider's HSA-id"), required=False)


class ProviderAdminForm(forms.Form):
    """An existing staff member by HSA-id, or a new one with name and e-mail as well."""

    hsa_id = HsaIdField(label=_("The staff member's HSA-id"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"), required=False)

    @property
    def describes_new_staff(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("first_name") or data.get("last_name") or data.get("email"))

    def clean(self):
        cleaned = super().clean()
        if self.describes_new_staff and not all(
            cleaned.get(name) for name in ("first_name", "last_name", "email")
        ):
            raise ValidationError(
                _("For a new staff member, give first name, last name and e-mail address.")
            )
        return cleaned

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stegvis.organisation.fields import PersonnummerField
from stegvis.organisation.identifiers import (
    normalise_hsa_id,
    validate_hsa_id,
)
from stegvis.organisation.models import UNIT_ROLES, Role


class HsaIdField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("HSA-id"))
        kwargs.setdefault("max_length", 31)
        kwargs.setdefault("help_text", _("For example SE2321000065-1234."))
        super().__init__(**kwargs)

    def clean(self, value):
        value = normalise_hsa_id(super().clean(value))
        if value:
            validate_hsa_id(value)
        return value


class StaffSearchForm(forms.Form):
    hsa_id = HsaIdField()


class GrantRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=[(r.value, r.label) for r in UNIT_ROLES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, trio: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.trio = trio

    def clean(self):
        cleaned = super().clean()
        roles = set(cleaned.get("roles") or [])
        if self.trio:
            roles |= {Role.PRACTITIONER, Role.CITIZEN_ADMIN, Role.DATA_ADMIN}
        if not roles:
            raise ValidationError(_("Choose at least one role."))
        cleaned["roles"] = sorted(roles)
        return cleaned


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    hsa_id = HsaIdField()


class AssignmentForm(forms.Form):
    hsa_id = HsaIdField(label=_("Staff member's HSA-id"))
    valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end date must be on or after the start date."))
        return cleaned


class CitizenSearchForm(forms.Form):
    personnummer = PersonnummerField()


class CitizenRegisterForm(forms.Form):
    personnummer = PersonnummerField()
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), required=False)

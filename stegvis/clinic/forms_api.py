"""The provider admin's form for a new API client (stegvis/api)."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.api.models import ApiClient
from stegvis.api.scopes import ALL_SCOPES
from stegvis.organisation.models import CareUnit


class ApiClientForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ApiClient.Kind.choices, widget=forms.RadioSelect
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=[(scope, scope) for scope in ALL_SCOPES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "system/… for a system acting for the provider, patient/… for a citizen's app, "
            "user/… for a staff app."
        ),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units"),
        queryset=CareUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every unit of the care provider."),
    )
    redirect_uris = forms.CharField(
        label=_("Redirect URIs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Apps only: one or more, separated by spaces or lines."),
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = CareUnit.objects.filter(
            provider=provider, is_active=True
        ).order_by("name")

    def clean_valid_until(self):
        day = self.cleaned_data.get("valid_until")
        if day is None:
            return None
        if day <= timezone.localdate():
            raise forms.ValidationError(_("Choose a day after today."))
        # Valid through the chosen day.
        return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))

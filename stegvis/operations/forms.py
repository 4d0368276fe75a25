"""The retention page's forms: one kind's period in days, with the version the admin saw."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.operations.models import MAX_DAYS


class _Seen(forms.Form):
    # The period's `changed_at` as the page showed it ("" for the default): a save made on a
    # page someone else has changed since is refused rather than overwriting theirs.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)


class PeriodForm(_Seen):
    days = forms.IntegerField(
        label=_("Period in days"),
        min_value=1,
        max_value=MAX_DAYS,
        error_messages={
            "required": _("Enter the number of days to keep this kind of data."),
            "invalid": _("Enter the period as a whole number of days, for example 3653."),
            "min_value": _("A period is at least one day."),
            "max_value": _("A period is at most %(limit_value)s days (100 years)."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ResetForm(_Seen):
    """Go back to the installation's default: nothing to enter but the version seen."""

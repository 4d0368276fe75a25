from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.organisation.models import CareUnit


class DateInput(forms.DateInput):
    """The browser's date picker, which takes only ISO dates whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class BulletinForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    starts_on = forms.DateField(label=_("Show from"), widget=DateInput)
    ends_on = forms.DateField(
        label=_("Show until (optional)"),
        required=False,
        widget=DateInput,
        help_text=_("After this day the message is only in the archive."),
    )
    to_all = forms.TypedChoiceField(
        label=_("Recipients"),
        choices=[("all", _("All units")), ("chosen", _("Chosen units"))],
        widget=forms.RadioSelect,
        initial="all",
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units"),
        queryset=CareUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only when the message is for chosen units."),
    )

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = CareUnit.objects.filter(
            provider=provider, is_active=True
        ).order_by("name")
        if not self.is_bound:
            self.initial.setdefault("starts_on", timezone.localdate())

    def clean(self):
        data = super().clean()
        if data.get("to_all") == "chosen" and not data.get("units"):
            self.add_error("units", _("Choose at least one unit, or send to all units."))
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        if data.get("to_all") == "all":
            data["units"] = []
        return data


class BulletinEditForm(BulletinForm):
    """Change a sent message: everything but its start date, from the version it was made of."""

    # Missing only from a hand-made request: then no check against another admin's change.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, bulletin, provider, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "title": bulletin.title,
                "body": bulletin.body,
                "ends_on": bulletin.ends_on,
                "to_all": "all" if bulletin.all_units else "chosen",
                "units": [unit.pk for unit in bulletin.units.all()],
                "version": bulletin.version,
            },
        )
        super().__init__(*args, provider=provider, **kwargs)
        del self.fields["starts_on"]
        self.bulletin = bulletin

    def clean(self):
        data = super().clean()
        ends = data.get("ends_on")
        if ends and ends < max(timezone.localdate(), self.bulletin.starts_on):
            self.add_error(
                "ends_on", _("The end date cannot be in the past or before the start date.")
            )
        return data

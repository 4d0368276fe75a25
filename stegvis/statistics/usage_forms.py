"""The usage page's filters: checked here, so bad input is a message on the page, never a 500."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.catalog.models import ProgramRelease
from stegvis.statistics.usage_scope import AGE_BANDS, BREAKDOWNS, GROUPS, SEXES, UsageScope

# Longer periods are refused: the historic figures are sized for a few years (docs/statistics.md).
LONGEST_PERIOD = dt.timedelta(days=5 * 366)


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve months up to today."""
    today = today or timezone.localdate()
    return today - dt.timedelta(days=364), today


def check_period(date_from: dt.date, date_to: dt.date) -> str | None:
    """Why the period cannot be used, or None."""
    if date_from > date_to:
        return str(_("The period's start must not be after its end."))
    if date_to - date_from > LONGEST_PERIOD:
        return str(_("Choose a period of at most five years."))
    return None


def program_choices(unit_ids: list[int]) -> list[tuple[str, str]]:
    """Programs ever activated at the units, by key (one query)."""
    names = dict(
        ProgramRelease.objects.filter(activations__unit_id__in=unit_ids)
        .order_by("program_key", "major", "minor")
        .values_list("program_key", "name")
    )
    return [("", _("All programs")), *sorted(names.items(), key=lambda item: item[1])]


class UsageFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)
    group = forms.ChoiceField(label=_("Group by"), choices=list(GROUPS.items()), required=False)
    breakdown = forms.ChoiceField(
        label=_("One row per"), choices=list(BREAKDOWNS.items()), required=False
    )
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int, required=False, empty_value=None)
    program = forms.ChoiceField(label=_("Program"), required=False)
    age_band = forms.ChoiceField(
        label=_("Age"),
        choices=[("", _("All ages"))] + [(k, k.replace("-", "–")) for k in AGE_BANDS],
        required=False,
    )
    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("", _("Both")), *list(SEXES.items())], required=False
    )

    def __init__(self, data=None, *, units, programs):
        super().__init__(data)
        self.units = units
        self.fields["program"].choices = programs
        if len(units) > 1:
            self.fields["unit"].choices = [("", _("All units"))] + [(u.pk, u.name) for u in units]
        else:
            del self.fields["unit"]

    def clean(self):
        data = super().clean()
        first, last = default_period()
        data["date_from"] = data.get("date_from") or first
        data["date_to"] = data.get("date_to") or last
        if problem := check_period(data["date_from"], data["date_to"]):
            self.add_error("date_to", problem)
        one_unit = len(self.units) == 1 or data.get("unit") is not None
        if data.get("breakdown") == "practitioner" and not one_unit:
            self.add_error("breakdown", _("Choose one unit to see figures per practitioner."))
        return data

    def scope(self) -> UsageScope:
        data = self.cleaned_data
        chosen = data.get("unit")
        return UsageScope(
            unit_ids=(chosen,) if chosen else tuple(u.pk for u in self.units),
            date_from=data["date_from"],
            date_to=data["date_to"],
            group=data.get("group") or "month",
            breakdown=data.get("breakdown") or "provider",
            program_key=data.get("program") or "",
            age_band=data.get("age_band") or "",
            sex=data.get("sex") or "",
        )

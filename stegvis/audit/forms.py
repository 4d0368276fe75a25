"""Forms of the log review. The personnummer and staff name arrive by POST only."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stegvis.audit.models import AccessEvent
from stegvis.audit.services.review import EventFilter, staff_named_in_log
from stegvis.organisation.identifiers import HSA_ID_RE, normalise_hsa_id, normalise_personnummer
from stegvis.organisation.models import CareUnit, Citizen, Staff

_ACTION_RE = re.compile(r"^[a-z0-9_.]*$")
# One answer for a citizen nobody knows and for another provider's citizen: the review must not
# tell them apart (PDL keeps providers apart).
CITIZEN_NOT_IN_LOG = _("The access log names no citizen with this personnummer.")
STAFF_NOT_IN_LOG = _("No staff member in the access log matches.")


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class _Period(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=_DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=_DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError(_("The start date must not be after the end date."))
        return data


class EventSearchForm(_Period):
    """The search: citizen by personnummer, staff by HSA-id or name, unit, period, kind, action.

    Resolves the people to ids (`event_filter`), so the result page's URL carries ids only.
    """

    personnummer = forms.CharField(
        label=_("Citizen's personnummer"),
        max_length=13,
        required=False,
        help_text=_("12 digits, for example 19121212-1212."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    staff = forms.CharField(
        label=_("Staff member"),
        max_length=100,
        required=False,
        help_text=_("HSA-id or name."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=CareUnit.objects.none(), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("Reads and changes")), *list(AccessEvent.Kind.choices)],
        required=False,
    )
    action = forms.CharField(
        label=_("Action"),
        max_length=64,
        required=False,
        help_text=_("The start of the action's code, for example enrollment or audit."),
    )
    field_order = ["personnummer", "staff", "unit", "date_from", "date_to", "kind", "action"]

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.provider = provider
        self.fields["unit"].queryset = CareUnit.objects.filter(provider=provider).order_by("name")

    def clean_personnummer(self) -> Citizen | None:
        """The citizen with this personnummer, if any; whether the log names them is the
        view's next step (a refusal is recorded, so it goes through the review service)."""
        value = self.cleaned_data["personnummer"].strip()
        if not value:
            return None
        digits = normalise_personnummer(value)
        citizen = Citizen.objects.filter(personnummer=digits).first()
        if citizen is None:
            raise ValidationError(CITIZEN_NOT_IN_LOG)
        return citizen

    def clean_staff(self) -> Staff | None:
        value = " ".join(self.cleaned_data["staff"].split())
        if not value:
            return None
        hsa_id = normalise_hsa_id(value)
        # Only staff this provider's log names: another provider's staff are not found.
        named = staff_named_in_log(self.provider)
        if HSA_ID_RE.match(hsa_id):
            matches = list(named.filter(hsa_id=hsa_id)[:2])
        else:
            by_name = Q()
            for word in value.split(" "):
                by_name &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
            matches = list(named.filter(by_name).order_by("pk")[:2])
        if not matches:
            raise ValidationError(STAFF_NOT_IN_LOG)
        if len(matches) > 1:
            raise ValidationError(_("Several staff members match; enter the HSA-id."))
        return matches[0]

    def clean_action(self) -> str:
        value = self.cleaned_data["action"].strip().lower()
        if not _ACTION_RE.match(value):
            raise ValidationError(_("Use letters, digits, dots and underscores only."))
        return value

    def event_filter(self) -> EventFilter:
        data = self.cleaned_data
        citizen, staff, unit = data.get("personnummer"), data.get("staff"), data.get("unit")
        return EventFilter(
            citizen_id=citizen.pk if citizen else None,
            actor_id=staff.pk if staff else None,
            unit_id=unit.pk if unit else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            kind=data.get("kind", ""),
            action=data.get("action", ""),
        )


class FilterQueryForm(forms.Form):
    """The resolved filter as it travels in the result page's URL: ids, dates and codes."""

    citizen = forms.IntegerField(required=False, min_value=1)
    actor = forms.IntegerField(required=False, min_value=1)
    unit = forms.IntegerField(required=False, min_value=1)
    date_from = forms.DateField(required=False)
    date_to = forms.DateField(required=False)
    kind = forms.ChoiceField(choices=[("", ""), *list(AccessEvent.Kind.choices)], required=False)
    action = forms.RegexField(regex=_ACTION_RE, max_length=64, required=False)

    def __init__(self, query, **kwargs):
        data = query.copy()
        # The URL says from/to; the form's fields cannot be named after Python keywords.
        data["date_from"], data["date_to"] = query.get("from", ""), query.get("to", "")
        super().__init__(data, **kwargs)

    def event_filter(self) -> EventFilter:
        data = self.cleaned_data
        return EventFilter(
            citizen_id=data.get("citizen"),
            actor_id=data.get("actor"),
            unit_id=data.get("unit"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            kind=data.get("kind") or "",
            action=data.get("action") or "",
        )


class PeriodForm(_Period):
    pass


class ReviewerGrantForm(forms.Form):
    hsa_id = forms.CharField(
        label=_("HSA-id"),
        max_length=31,
        help_text=_("For example SE2321000065-1234."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_hsa_id(self) -> Staff:
        hsa_id = normalise_hsa_id(self.cleaned_data["hsa_id"])
        staff = Staff.objects.filter(hsa_id=hsa_id, is_active=True).first() if hsa_id else None
        if staff is None:
            raise ValidationError(_("No active staff member has that HSA-id."))
        return staff

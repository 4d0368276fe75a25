"""The research export's forms: what to export and why, the key, and whom to authorise."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stegvis.catalog.models import ProgramRelease
from stegvis.organisation.identifiers import normalise_hsa_id
from stegvis.organisation.models import CareProvider, Staff
from stegvis.statistics.research.services import ExportRequest


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


def program_choices(provider: CareProvider) -> list[tuple[str, str]]:
    """The programs the provider owns or may use, by key (one query)."""
    rows = (
        ProgramRelease.objects.filter(Q(owner=provider) | Q(available_to=provider))
        .order_by("program_key", "major", "minor")
        .values_list("program_key", "name")
    )
    names = dict(rows)  # the latest release's name per key
    return sorted(names.items(), key=lambda item: item[1].lower())


class ResearchExportForm(forms.Form):
    program = forms.ChoiceField(label=_("Program"))
    date_from = forms.DateField(
        label=_("Enrollments started from"),
        widget=_DateInput(),
        help_text=_("For example 2025-01-01."),
    )
    date_to = forms.DateField(label=_("Up to and including"), widget=_DateInput())
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The study or follow-up, and its ethics approval or decision."),
    )
    include_free_text = forms.BooleanField(
        label=_("Include the citizens' free-text answers"),
        required=False,
    )
    free_text_reason = forms.CharField(
        label=_("Why free text is needed"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Free text may name people; include it only when the study needs it."),
    )

    def __init__(self, *args, provider: CareProvider, **kwargs):
        super().__init__(*args, **kwargs)
        self.provider = provider
        self.fields["program"].choices = [("", "—"), *program_choices(provider)]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The start date must not be after the end date."))
        if data.get("include_free_text") and not (data.get("free_text_reason") or "").strip():
            self.add_error(
                "free_text_reason", _("Say why free text is needed; otherwise leave it out.")
            )
        if "reason" in data and not data["reason"].strip():
            self.add_error("reason", _("Say why the data is exported."))
        return data

    def export_request(self) -> ExportRequest:
        data = self.cleaned_data
        return ExportRequest(
            provider=self.provider,
            program_key=data["program"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            reason=data["reason"],
            include_free_text=data["include_free_text"],
            free_text_reason=data.get("free_text_reason", ""),
        )


class ExportKeyForm(forms.Form):
    key = forms.CharField(
        label=_("The export's key"),
        max_length=100,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=True),
    )


class AuthoriseExporterForm(forms.Form):
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

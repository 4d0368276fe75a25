"""Forms of the catalog pages: withdrawal, program-file upload and agreements."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.catalog.files import MAX_ARCHIVE_BYTES
from stegvis.catalog.queries import visible_releases
from stegvis.catalog.services import external_owner_of
from stegvis.organisation.models import CareProvider


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the providers that use the release."),
    )


class ProgramFileForm(forms.Form):
    file = forms.FileField(
        label=_("Program file"),
        help_text=_("A .stegvis.zip file exported from Stegvis, at most %(limit)s MB.")
        % {"limit": MAX_ARCHIVE_BYTES // 2**20},
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ARCHIVE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": MAX_ARCHIVE_BYTES // 2**20}
            )
        return upload


class AgreementPeriodForm(forms.Form):
    valid_from = forms.DateField(label=_("Valid from"), widget=_date_input())
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=_date_input(),
        help_text=_("Leave empty for an agreement that runs until further notice."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example the agreement's reference, contact person or terms."),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end date cannot be before the start date."))
        return data


class AgreementForm(AgreementPeriodForm):
    """A new agreement; the acting provider must be one of the two parties."""

    program = forms.ChoiceField(label=_("Program"))
    user_provider = forms.ModelChoiceField(
        label=_("Using provider"),
        queryset=CareProvider.objects.none(),
        help_text=_("The provider that uses the program under this agreement."),
    )
    field_order = ["program", "user_provider", "valid_from", "valid_until", "notes"]

    def __init__(self, *args, provider: CareProvider, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("user_provider", provider.pk)
        kwargs["initial"].setdefault("valid_from", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.provider = provider
        programs = (
            visible_releases(provider)
            .order_by("name", "owner__name", "-major", "-minor")
            .values_list(
                "owner_id",
                "owner__name",
                "program_key",
                "name",
                "import_record__source_owner_code",
            )
        )
        choices, seen = [("", _("Choose a program"))], set()
        for owner_id, owner_name, key, name, source in programs:
            if (owner_id, key) not in seen:
                seen.add((owner_id, key))
                if owner_id == provider.pk and source and source != provider.code:
                    label = _("%(name)s (imported from %(source)s)") % {
                        "name": name,
                        "source": source,
                    }
                else:
                    label = f"{name} ({owner_name})"
                choices.append((f"{owner_id}:{key}", label))
        self.fields["program"].choices = choices
        self.fields["user_provider"].queryset = CareProvider.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        owner_id, _sep, key = (data.get("program") or "").partition(":")
        owner = CareProvider.objects.filter(pk=owner_id).first() if owner_id.isdigit() else None
        data["owner"], data["program_key"], data["external_owner"] = owner, key, ""
        user_provider = data.get("user_provider")
        if owner and owner == self.provider and (external := external_owner_of(owner, key)):
            # A program imported from another provider's file: the owner is outside.
            data["owner"], data["external_owner"] = None, external
            if user_provider and user_provider != self.provider:
                self.add_error(
                    "user_provider",
                    _("For an imported program, your provider is the using provider."),
                )
        elif owner and user_provider:
            if owner == user_provider:
                self.add_error(
                    "user_provider", _("A provider needs no agreement to use its own program.")
                )
            elif self.provider not in (owner, user_provider):
                self.add_error(
                    "user_provider",
                    _("Your provider must be one of the parties: the owner or the user."),
                )
        return data

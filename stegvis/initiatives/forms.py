from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.catalog.queries import visible_releases
from stegvis.initiatives.models import DECIDED, Status
from stegvis.initiatives.services import MAX_FILES_PER_STEP
from stegvis.messaging.forms import MultipleFileField
from stegvis.organisation.models import CareUnit


class DateInput(forms.DateInput):
    """The browser's date picker, which takes only ISO dates whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _files_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Attachments (optional)"),
        required=False,
        help_text=_(
            "PDF, JPEG or PNG, at most %(count)d files. If saving fails, choose the files again."
        )
        % {"count": MAX_FILES_PER_STEP},
    )


def _text(label, help_text="", rows=4, max_length=5000):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class InitiativeForm(forms.Form):
    title = forms.CharField(
        label=_("Program"),
        max_length=200,
        help_text=_("The program's name, or a short description of it."),
    )
    need = _text(_("Need"), _("Which need does the program meet, and why now?"))
    target_group = _text(_("Target group"), max_length=2000, rows=3)
    expected_volume = forms.CharField(
        label=_("Expected volume"),
        max_length=300,
        help_text=_("About how many patients a year."),
    )
    evidence = _text(_("Evidence"), _("Studies, guidelines or experience that support it."))
    origin = forms.CharField(
        label=_("Developed by or bought from"),
        max_length=300,
        help_text=_("For example another region, a company or your own unit."),
    )
    cost = _text(_("Cost"), _("Licences, staff time, training."), rows=3, max_length=2000)
    contact = forms.CharField(
        label=_("Contact"), max_length=300, help_text=_("Name, title and how to reach them.")
    )
    units_concerned = forms.ModelMultipleChoiceField(
        label=_("Units concerned"),
        queryset=CareUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units_concerned"].queryset = CareUnit.objects.filter(
            provider=provider, is_active=True
        ).order_by("name")
        self.fields["files"] = _files_field()


class ComplementForm(forms.Form):
    text = _text(_("The information you add"), rows=5)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"] = _files_field()


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Required when you ask for more information, approve or reject. The submitter "
            "reads it here in Stegvis."
        ),
    )
    decided_on = forms.DateField(
        label=_("Date of the decision"),
        required=False,
        widget=DateInput,
        help_text=_("For approval or rejection: the day of the management's decision."),
    )
    seen_status = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, initiative, **kwargs):
        super().__init__(*args, **kwargs)
        from stegvis.initiatives.services import NEXT

        allowed = NEXT.get(initiative.status, set())
        self.fields["status"].choices = [(s.value, s.label) for s in Status if s in allowed]
        if not self.is_bound:
            self.initial["seen_status"] = initiative.status
            self.initial["decided_on"] = timezone.localdate()

    def clean(self):
        data = super().clean()
        if data.get("status") not in DECIDED:
            data["decided_on"] = None
        return data


class LinkForm(forms.Form):
    release = forms.ModelChoiceField(label=_("Program in the catalog"), queryset=None)

    def __init__(self, *args, provider, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["release"].queryset = visible_releases(provider).order_by(
            "name", "-major", "-minor"
        )

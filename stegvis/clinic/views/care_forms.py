"""Forms of the staff portal's care pages (Mina, Alla, Starta moment, Hantera)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.care.models import Flag, Phase
from stegvis.care.services.enrollment import NEXT_PHASES, practitioners_at
from stegvis.catalog.services import active_releases
from stegvis.organisation.fields import PersonnummerField
from stegvis.organisation.models import CareUnit, User
from stegvis.organisation.training import in_training, test_patient_of


class PractitionerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.email


class ReleaseField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.version})"


class StartEnrollmentForm(forms.Form):
    release = ReleaseField(label=_("Program"), queryset=None, empty_label=_("Choose a program"))
    personnummer = PersonnummerField(
        help_text=_("12 digits, for example 19121212-1212. The citizen must be registered.")
    )
    practitioner = PractitionerField(
        label=_("Responsible practitioner"), queryset=None, empty_label=_("Choose a practitioner")
    )
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, unit: CareUnit, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["release"].queryset = active_releases(unit).order_by("name", "-major", "-minor")
        practitioners = practitioners_at(unit, training=in_training(actor))
        self.fields["practitioner"].queryset = practitioners
        if not self.is_bound:
            self.initial.setdefault("start_date", timezone.localdate())
            # In training, the program is for my test patient (a test personnummer) by default.
            patient = test_patient_of(actor) if in_training(actor) else None
            if patient is not None:
                self.initial.setdefault("personnummer", patient.personnummer_display)
            if practitioners.filter(pk=actor.pk).exists():
                self.initial.setdefault("practitioner", actor.pk)


class EnrollmentFilterForm(forms.Form):
    """Alla's filters: ids and codes only, so nothing about a citizen goes into the URL."""

    practitioner = forms.TypedChoiceField(
        label=_("Practitioner"), required=False, coerce=int, empty_value=None
    )
    program = forms.ChoiceField(label=_("Program"), required=False)
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, choices=[("", _("All phases")), *Phase.choices]
    )
    flag = forms.ChoiceField(
        label=_("Flag"),
        required=False,
        choices=[
            ("", _("All")),
            (Flag.Level.RED, _("Prioritised (red)")),
            (Flag.Level.YELLOW, _("Attention (yellow)")),
            (Flag.Level.GREEN, _("Good news (green)")),
            *[(value, label) for value, label in Flag.Kind.choices],
        ],
    )

    group = forms.TypedChoiceField(label=_("Group"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, practitioners, programs, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].choices = [("", _("All practitioners"))] + [
            (p.pk, p.get_full_name() or p.email) for p in practitioners
        ]
        self.fields["program"].choices = [("", _("All programs")), *programs]
        self.fields["group"].choices = [("", _("All groups")), *groups]
        if not groups:
            del self.fields["group"]


class GroupFilterForm(forms.Form):
    """Mina's filter: one of the unit's groups (an id)."""

    group = forms.TypedChoiceField(label=_("Group"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", _("All groups")), *groups]


class ModuleActionForm(forms.Form):
    ACTIONS = [("open", _("Unlock")), ("hide", _("Hide")), ("show", _("Show"))]
    module = forms.CharField(max_length=64)
    action = forms.ChoiceField(choices=ACTIONS)


class AssignForm(forms.Form):
    practitioner = PractitionerField(
        label=_("Responsible practitioner"), queryset=None, empty_label=_("Choose a practitioner")
    )

    def __init__(self, *args, unit: CareUnit, training: bool, **kwargs):
        kwargs.setdefault("prefix", "assign")
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners_at(unit, training=training)


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("New phase"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in the enrollment's history."),
    )

    def __init__(self, *args, current: str, **kwargs):
        kwargs.setdefault("prefix", "phase")
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [
            (phase.value, phase.label) for phase in NEXT_PHASES[Phase(current)]
        ]


class FeedbackResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Your response"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, feedback_id: int, **kwargs):
        kwargs.setdefault("prefix", f"feedback-{feedback_id}")
        super().__init__(*args, **kwargs)

"""Forms of the design tool: the program page's editor form and the release form."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from stegvis.organisation.models import CareProvider


class ProgramPageForm(WagtailAdminPageForm):
    def clean_program_key(self):
        from stegvis.design.models import ProgramPage

        key = self.cleaned_data.get("program_key", "")
        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        if key and parent is not None:
            clash = ProgramPage.objects.child_of(parent).filter(program_key=key)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError(_("Another program of this provider has this key."))
        return key


class ReleaseForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Kind of release"),
        choices=[
            (
                "minor",
                _(
                    "MINOR: texts, media and added optional content; running enrollments may "
                    "move to it"
                ),
            ),
            (
                "major",
                _("MAJOR: structure, questionnaires or rules change; running enrollments stay"),
            ),
        ],
        widget=forms.RadioSelect,
    )
    release_notes = forms.CharField(
        label=_("Release notes"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    providers = forms.ModelMultipleChoiceField(
        label=_("Release to providers"),
        queryset=CareProvider.objects.filter(is_active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )

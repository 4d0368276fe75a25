"""Forms for inviting a relative or guardian and changing what they may see."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.organisation.fields import PersonnummerField
from stegvis.relatives.models import RelativeGrant


class GrantForm(forms.Form):
    """What a grant gives: messages, and which of the release's modules may be read."""

    may_message = forms.BooleanField(
        label=_("May read and write messages in the conversation"), required=False
    )
    module_keys = forms.MultipleChoiceField(
        label=_("Modules they may read"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the content of the modules. Answers, results and diaries stay private."),
    )

    def __init__(self, *args, modules: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module_keys"].choices = modules


class InviteForm(GrantForm):
    personnummer = PersonnummerField()
    relation = forms.ChoiceField(
        label=_("Relation"),
        choices=RelativeGrant.Relation.choices,
        widget=forms.RadioSelect,
        initial=RelativeGrant.Relation.RELATIVE,
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        required=False,
        help_text=_("Needed only if the person has no account in Stegvis yet."),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        help_text=_("Needed only if the person has no account in Stegvis yet."),
    )

    field_order = [
        "personnummer",
        "first_name",
        "last_name",
        "relation",
        "may_message",
        "module_keys",
    ]

"""Forms for writing messages, picking a template and managing a unit's templates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.messaging import placeholders
from stegvis.messaging.attachments import MAX_FILES_PER_MESSAGE
from stegvis.messaging.models import MessageTemplate
from stegvis.messaging.services import MAX_BODY_LENGTH


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files; each is checked by the service (type, size, name)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_BODY_LENGTH,
        error_messages={"required": _("Write a message before sending.")},
    )
    files = MultipleFileField(
        label=_("Attachments (optional)"),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted per request: at import time it would freeze in the default language.
        self.fields["files"].help_text = _(
            "PDF, JPEG or PNG, at most %(count)d files. If sending fails, choose the files again."
        ) % {"count": MAX_FILES_PER_MESSAGE}


class DraftForm(forms.Form):
    body = forms.CharField(required=False, widget=forms.Textarea)


class TemplateChoiceForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Message template"), queryset=None, empty_label=_("Choose a template")
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = MessageTemplate.objects.filter(unit=unit)


class TemplateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_BODY_LENGTH,
        help_text=placeholders.HELP,
    )

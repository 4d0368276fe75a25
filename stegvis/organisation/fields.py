"""Form fields for the identifiers of people, shared by the staff portal's and relatives' forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.organisation.identifiers import normalise_personnummer


class PersonnummerField(forms.CharField):
    """A personnummer or samordningsnummer, cleaned to its 12 digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Personnummer or samordningsnummer"))
        kwargs.setdefault("max_length", 13)
        kwargs.setdefault("help_text", _("12 digits, for example 19121212-1212."))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"autocomplete": "off", "inputmode": "numeric"})
        return attrs

    def clean(self, value):
        value = super().clean(value)
        return normalise_personnummer(value) if value else value

"""The design tool's FHIR import: a designer uploads a Questionnaire and sees what came through.

The imported questionnaire is stored once for the whole Stegvis (like the built-in library) and
then offered in every questionnaire block under "Imported questionnaire (FHIR)".
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from stegvis.design import services
from stegvis.design.permissions import design_provider_ids
from stegvis.instruments.fhir import FhirImportError
from stegvis.instruments.models import StoredDefinition
from stegvis.instruments.services import DefinitionConflict
from stegvis.language import content_language
from stegvis.organisation.models import CareProvider

MAX_BYTES = 5 * 1024 * 1024
LISTED = 200


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("FHIR Questionnaire (JSON file)"),
        help_text=_("A FHIR R4 Questionnaire as JSON, at most 5 MB."),
    )
    provider = forms.ModelChoiceField(queryset=CareProvider.objects.none(), label=_("Imported for"))

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        if len(providers) == 1:
            self.fields["provider"].initial = next(iter(providers)).pk
            self.fields["provider"].widget = forms.HiddenInput()

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload.read()


class ImportQuestionnaireView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "design/questionnaire_import.html"
    page_title = _("Import a FHIR questionnaire")
    header_icon = "list-ul"

    def dispatch(self, request, *args, **kwargs):
        # The design guard (urls.py) has already refused staff without a design role.
        user = request.user
        providers = CareProvider.objects.filter(is_active=True).order_by("name")
        if not user.is_superuser:
            providers = providers.filter(pk__in=design_provider_ids(user))
        self.providers = providers
        if not providers:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self._form()))

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST, request.FILES)
        if form.is_valid():
            try:
                row, result = services.import_questionnaire(
                    actor=request.user,
                    provider=form.cleaned_data["provider"],
                    data=form.cleaned_data["file"],
                    filename=request.FILES["file"].name,
                )
            except (FhirImportError, DefinitionConflict) as error:
                form.add_error("file", error.message[content_language()])
            else:
                context = self.get_context_data(form=self._form(), row=row)
                context["report"] = _report(result)
                return self.render_to_response(context)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def _form(self, *args) -> ImportForm:
        return ImportForm(*args, providers=self.providers)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = content_language()
        rows = StoredDefinition.objects.order_by("-imported_at", "-id").values_list(
            "key", "version", "definition__title", "source", "imported_at"
        )[:LISTED]
        context["imported"] = [
            {
                "key": key,
                "version": version,
                "title": (title or {}).get(language) or key,
                "source": source,
                "imported_at": when,
            }
            for key, version, title, source, when in rows
        ]
        return context


def _report(result) -> dict:
    """What the page shows of an import: the questionnaire, its scoring and every note."""
    language = content_language()
    d = result.definition
    scoring = d.scoring
    scales = []
    if scoring.total is not None:
        scales.append(scoring.total)
    scales.extend(scoring.subscales)
    return {
        "title": d.title[language],
        "key": d.key,
        "version": d.version,
        "items": sum(1 for _ in d.walk()),
        "recognised": result.recognised,
        "scales": [
            {
                "label": s.label[language],
                "method": s.method,
                "items": ", ".join(s.items),
                "bands": len(s.bands),
            }
            for s in scales
        ],
        "notes": [
            {"item": n["linkId"] or "–", "feature": n["feature"], "message": n["message"][language]}
            for n in result.unsupported
        ],
        "adjusted": [
            {"item": n["linkId"] or "–", "feature": n["feature"], "message": n["message"][language]}
            for n in result.adjusted
        ],
    }

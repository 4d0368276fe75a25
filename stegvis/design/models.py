"""The program tree in the design tool: provider root → program → module → section → step.

A step is one page the citizen sees. These are drafts: the care side never reads them, only the
release documents built from them (release.py).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Page

from stegvis.catalog.opening import OpeningRule
from stegvis.design.blocks import STEP_BLOCKS, FlagRuleBlock, ScheduleBlock, key_validator
from stegvis.design.forms import ProgramPageForm
from stegvis.design.panels import ReleasesPanel


class PreviewInPageLanguage:
    """Preview a draft in its page's language, as the citizen will read it.

    The design tool itself follows the designer's chosen language (English for some), but a
    preview of a Swedish program must show the Swedish texts, built-in questionnaires included.
    The response is rendered inside the override: a lazy TemplateResponse would otherwise render
    after it, in the designer's language.
    """

    def serve_preview(self, request, mode_name):
        with translation.override(self.locale.language_code):
            response = super().serve_preview(request, mode_name)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        return response


def kept_key_field() -> models.CharField:
    """The key a page keeps in releases when it was made from a release document.

    Empty for pages made in the editor: their keys come from the page id (release.py).
    Not editable and not copied, so a key stays with the one page that earned it.
    """
    return models.CharField(_("key in releases"), max_length=64, blank=True, editable=False)


class ProviderRootPage(PreviewInPageLanguage, Page):
    """The top of one provider's programs; its designers and publishers work below it."""

    provider = models.OneToOneField(
        "organisation.CareProvider",
        on_delete=models.PROTECT,
        related_name="design_root",
        verbose_name=_("provider"),
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["design.ProgramPage"]
    content_panels = [FieldPanel("title", read_only=True)]
    promote_panels: list = []
    settings_panels: list = []
    template = "design/preview/provider.html"

    class Meta:
        verbose_name = _("provider's programs")

    @classmethod
    def can_create_at(cls, parent) -> bool:
        # Created by services.ensure_design_roots, never in the editor.
        return False


class ProgramPage(PreviewInPageLanguage, Page):
    class Mode(models.TextChoices):
        PRACTITIONER_LED = "practitioner_led", _("Practitioner-led")
        SELF_HELP = "self_help", _("Self-help")

    program_key = models.CharField(
        _("program key"),
        max_length=64,
        validators=[key_validator],
        help_text=_(
            "A short stable identifier, e.g. depression-icbt. It cannot change after the "
            "first release."
        ),
    )
    description = models.TextField(_("description"), blank=True)
    developed_by = models.CharField(_("developed by"), max_length=300, blank=True)
    target_group = models.TextField(_("target group"), max_length=1000, blank=True)
    mode = models.CharField(
        _("form of treatment"), max_length=20, choices=Mode.choices, default=Mode.PRACTITIONER_LED
    )
    citizen_may_write = models.BooleanField(_("citizens may write messages"), default=True)
    open = models.BooleanField(
        _("open program"),
        default=False,
        help_text=_("Citizens may start it themselves."),
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown to citizens before they start an open program."),
    )
    reminder_inactivity_days = models.PositiveSmallIntegerField(
        _("remind after days without activity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    schedules = StreamField(
        [("schedule", ScheduleBlock())], blank=True, verbose_name=_("scheduled questionnaires")
    )
    flag_rules = StreamField([("flag", FlagRuleBlock())], blank=True, verbose_name=_("flags"))

    parent_page_types = ["design.ProviderRootPage"]
    subpage_types = ["design.ModulePage"]
    template = "design/preview/program.html"
    base_form_class = ProgramPageForm

    content_panels = [
        *Page.content_panels,
        FieldPanel("program_key"),
        FieldPanel("description"),
        FieldPanel("developed_by"),
        FieldPanel("target_group"),
        FieldPanel("mode"),
        FieldPanel("citizen_may_write"),
        FieldPanel("open"),
        FieldPanel("intro"),
    ]
    rules_panels = [
        FieldPanel("schedules"),
        FieldPanel("reminder_inactivity_days"),
        FieldPanel("flag_rules"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Program")),
            ObjectList(rules_panels, heading=_("Rules")),
            ObjectList([ReleasesPanel()], heading=_("Releases")),
            ObjectList([FieldPanel("slug")], heading=_("Address")),
        ]
    )

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def clean(self):
        super().clean()
        errors = {}
        if self.open and not self.intro.strip():
            errors["intro"] = _("An open program needs an introduction for citizens.")
        if self.pk:
            saved = ProgramPage.objects.filter(pk=self.pk).values_list("program_key", flat=True)
            old_key = saved.first()
            if old_key and old_key != self.program_key and self._released_as(old_key):
                errors["program_key"] = _("The key cannot change after the first release.")
        if errors:
            raise ValidationError(errors)

    def _released_as(self, key: str) -> bool:
        from stegvis.catalog.models import ProgramRelease

        root = ProviderRootPage.objects.ancestor_of(self).first()
        return bool(
            root
            and ProgramRelease.objects.filter(owner_id=root.provider_id, program_key=key).exists()
        )

    def provider(self):
        root = ProviderRootPage.objects.ancestor_of(self).select_related("provider").first()
        return root.provider if root else None

    def releases(self):
        from stegvis.catalog.models import ProgramRelease

        root = ProviderRootPage.objects.ancestor_of(self).first()
        if root is None or not self.program_key:
            return ProgramRelease.objects.none()
        return ProgramRelease.objects.filter(
            owner_id=root.provider_id, program_key=self.program_key
        ).order_by("-major", "-minor")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = self.get_children().specific().type(ModulePage)
        return context


class ModulePage(PreviewInPageLanguage, Page):
    Opening = OpeningRule  # the vocabulary and its labels live in catalog.opening

    intro = models.TextField(_("introduction"), blank=True)
    opening_rule = models.CharField(
        _("opens"), max_length=20, choices=Opening.choices, default=Opening.PRACTITIONER
    )
    opening_days = models.PositiveSmallIntegerField(
        _("days after the start"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(3650)],
    )
    opening_date = models.DateField(_("opening date"), null=True, blank=True)

    release_key = kept_key_field()
    exclude_fields_in_copy = ["release_key"]

    parent_page_types = ["design.ProgramPage"]
    subpage_types = ["design.SectionPage"]
    template = "design/preview/module.html"

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("opening_rule"),
        FieldPanel("opening_days"),
        FieldPanel("opening_date"),
    ]
    promote_panels = [FieldPanel("slug")]
    settings_panels: list = []

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def clean(self):
        super().clean()
        if self.opening_rule == self.Opening.DAYS_AFTER_START and self.opening_days is None:
            raise ValidationError({"opening_days": _("Give the number of days after the start.")})
        if self.opening_rule == self.Opening.DATE and self.opening_date is None:
            raise ValidationError({"opening_date": _("Give the date the module opens.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = list(self.get_children().specific().type(SectionPage))
        for section in sections:
            section.preview_steps = list(section.get_children().specific().type(StepPage))
        context["sections"] = sections
        return context


class SectionPage(PreviewInPageLanguage, Page):
    release_key = kept_key_field()
    exclude_fields_in_copy = ["release_key"]

    parent_page_types = ["design.ModulePage"]
    subpage_types = ["design.StepPage"]
    template = "design/preview/section.html"
    promote_panels = [FieldPanel("slug")]
    settings_panels: list = []

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["steps"] = self.get_children().specific().type(StepPage)
        return context


class StepPage(PreviewInPageLanguage, Page):
    """One page the citizen sees, made of blocks."""

    body = StreamField(STEP_BLOCKS, blank=True, verbose_name=_("content"))

    release_key = kept_key_field()
    exclude_fields_in_copy = ["release_key"]

    parent_page_types = ["design.SectionPage"]
    subpage_types: list = []
    template = "design/preview/step.html"

    content_panels = [*Page.content_panels, FieldPanel("body")]
    promote_panels = [FieldPanel("slug")]
    settings_panels: list = []

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.pk:
            context["trail"] = [
                page.title for page in self.get_ancestors().specific().filter(depth__gte=3)
            ]
        return context

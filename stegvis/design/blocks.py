"""The blocks a designer puts on a step, and the rule blocks of a program.

Each step block maps 1:1 to a block type of the release document (stegvis/catalog/document.py);
release.py turns them into it. Validation that a designer can act on happens here, in the
editor, so a release rarely fails.
"""

import json
import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from stegvis.instruments.definition import DefinitionError, load_definition
from stegvis.instruments.library import BUILTIN_KEYS, builtin
from stegvis.language import content_language

KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
key_validator = RegexValidator(
    KEY_PATTERN,
    _("Use 1–64 lower-case letters (a–z), digits, - or _, starting with a letter or digit."),
)
RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "hr"]
IMAGE_EXTENSIONS = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}
IMAGE_EXTENSIONS["webp"] = "image/webp"
VIDEO_EXTENSIONS = {"mp4": "video/mp4"}
AUDIO_EXTENSIONS = {"mp3": "audio/mpeg", "m4a": "audio/mp4"}
CAPTION_EXTENSIONS = {"vtt": "text/vtt"}


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _struct_error(**errors: str) -> blocks.StructBlockValidationError:
    return blocks.StructBlockValidationError(
        block_errors={name: ValidationError(message) for name, message in errors.items()}
    )


class TextBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        label = _("Text")
        icon = "doc-full"
        template = "design/blocks/text.html"


class InfoBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("info", _("Information")), ("warning", _("Warning")), ("tip", _("Tip"))],
        default="info",
    )
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        label = _("Info box")
        icon = "info-circle"
        template = "design/blocks/info.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Alt text"),
        max_length=300,
        help_text=_("Describe what the image shows for people who cannot see it. Required."),
    )
    caption = blocks.CharBlock(label=_("Caption"), max_length=1000, required=False)

    class Meta:
        label = _("Image")
        icon = "image"
        template = "design/blocks/image.html"

    def clean(self, value):
        value = super().clean(value)
        image = value.get("image")
        if image is not None and extension(image.file.name) not in IMAGE_EXTENSIONS:
            raise _struct_error(image=_("Use a PNG, JPEG or WebP image."))
        return value


class _MediaBlock(blocks.StructBlock):
    """An uploaded video or audio file with its transcript (and captions for video)."""

    extensions: dict[str, str] = {}
    wrong_type_message = ""

    title = blocks.CharBlock(label=_("Title"), max_length=300)
    file = DocumentChooserBlock(label=_("File"))
    transcript = blocks.TextBlock(
        label=_("Transcript"),
        help_text=_("The full text of what is said and shown, for people who cannot hear or see."),
    )

    def clean(self, value):
        value = super().clean(value)
        document = value.get("file")
        if document is not None and extension(document.file.name) not in self.extensions:
            raise _struct_error(file=self.wrong_type_message)
        captions = value.get("captions")
        if captions is not None and extension(captions.file.name) not in CAPTION_EXTENSIONS:
            raise _struct_error(captions=_("Captions must be a WebVTT (.vtt) file."))
        return value


class VideoBlock(_MediaBlock):
    extensions = VIDEO_EXTENSIONS
    wrong_type_message = _("Upload the video as an MP4 file.")
    captions = DocumentChooserBlock(
        label=_("Captions (WebVTT)"),
        required=False,
        help_text=_("A .vtt file with the captions shown in the video player."),
    )

    class Meta:
        label = _("Video")
        icon = "media"
        template = "design/blocks/video.html"


class AudioBlock(_MediaBlock):
    extensions = AUDIO_EXTENSIONS
    wrong_type_message = _("Upload the audio as an MP3 or M4A file.")

    class Meta:
        label = _("Audio")
        icon = "media"
        template = "design/blocks/audio.html"


def _definition_messages(error: DefinitionError) -> str:
    language = content_language()
    return " ".join(f"{p.where}: {p.message[language]}" for p in error.problems)


def parse_definition(raw: str) -> dict:
    """Parse and check a questionnaire definition typed in the editor.

    Raise ValidationError with the instrument engine's messages in the current language.
    """
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ValidationError(
            _("The definition is not valid JSON (line %(line)s, column %(column)s).")
            % {"line": error.lineno, "column": error.colno}
        ) from None
    try:
        load_definition(data)
    except DefinitionError as error:
        raise ValidationError(_definition_messages(error)) from None
    key = data.get("key", "")
    if not re.match(KEY_PATTERN, key):
        raise ValidationError(
            _("The definition's key %(key)s may only use a–z, 0–9, - and _.") % {"key": key}
        )
    if key in BUILTIN_KEYS:
        raise ValidationError(
            _("The key %(key)s belongs to a built-in questionnaire; choose another key.")
            % {"key": key}
        )
    return data


def imported_choices() -> list[tuple[str, str]]:
    """Every version of every imported questionnaire (shared by all providers), newest first.

    Only keys a release document accepts are offered; the value is ``key@version``.
    """
    from stegvis.instruments.models import StoredDefinition

    rows = StoredDefinition.objects.order_by("key", "-imported_at", "-id").values_list(
        "key", "version", "definition__title"
    )
    language = content_language()
    return [
        (f"{key}@{version}", f"{(title or {}).get(language) or key} ({key} {version})")
        for key, version, title in rows
        if re.match(KEY_PATTERN, key) and key not in BUILTIN_KEYS
    ]


def imported_definition(choice: str):
    """The stored definition a block's ``imported`` value (``key@version``) names.

    Raise ``LookupError`` when there is no such questionnaire (any more).
    """
    from stegvis.instruments.services import get_definition

    key, _sep, version = choice.partition("@")
    if not key or not version:
        raise LookupError(choice)
    return get_definition(key, version)


def preview_definition(value):
    """The loaded definition a questionnaire block shows, or None if it does not load."""
    try:
        if value.get("builtin"):
            return builtin(value["builtin"])
        if value.get("imported"):
            return imported_definition(value["imported"])
        return load_definition(json.loads(value.get("definition") or ""))
    except (LookupError, ValueError, DefinitionError):
        return None


class QuestionnaireBlock(blocks.StructBlock):
    builtin = blocks.ChoiceBlock(
        label=_("Built-in questionnaire"),
        choices=[(key, key.upper()) for key in BUILTIN_KEYS],
        required=False,
        help_text=_("Choose one from the library, or define your own below."),
    )
    imported = blocks.ChoiceBlock(
        label=_("Imported questionnaire (FHIR)"),
        choices=imported_choices,
        required=False,
        help_text=_(
            "A FHIR Questionnaire imported under Questionnaires › Import FHIR, with its scoring."
        ),
    )
    definition = blocks.TextBlock(
        label=_("Own questionnaire (definition as JSON)"),
        required=False,
        help_text=_("A stegvis-instrument/1 definition; it is checked when you save."),
    )

    class Meta:
        label = _("Questionnaire")
        icon = "list-ul"
        template = "design/blocks/questionnaire.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["definition"] = preview_definition(value)
        return context

    def clean(self, value):
        value = super().clean(value)
        builtin, raw = value.get("builtin"), (value.get("definition") or "").strip()
        imported = value.get("imported")
        if sum(map(bool, (builtin, imported, raw))) != 1:
            raise _struct_error(
                builtin=_(
                    "Choose one: a built-in questionnaire, an imported one, or your own definition."
                )
            )
        if imported:
            try:
                imported_definition(imported)
            except LookupError:
                raise _struct_error(
                    imported=_("This imported questionnaire no longer exists; choose another.")
                ) from None
        if raw:
            try:
                parse_definition(raw)
            except ValidationError as error:
                raise blocks.StructBlockValidationError(
                    block_errors={"definition": error}
                ) from None
        return value


class HomeworkBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("Task"), help_text=_("The citizen answers in free text."))

    class Meta:
        label = _("Homework or exercise")
        icon = "edit"
        template = "design/blocks/homework.html"


class FieldBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=300)
    kind = blocks.ChoiceBlock(
        label=_("Type"),
        choices=[
            ("text", _("Short text")),
            ("long_text", _("Long text")),
            ("number", _("Number")),
            ("date", _("Date")),
            ("choice", _("Choice")),
        ],
        default="text",
    )
    choices = blocks.TextBlock(
        label=_("Choices"), required=False, help_text=_("For a choice field: one choice per line.")
    )
    required = blocks.BooleanBlock(label=_("Required"), required=False)

    class Meta:
        label = _("Field")

    def clean(self, value):
        value = super().clean(value)
        has_choices = bool(choice_lines(value.get("choices")))
        if value.get("kind") == "choice" and not has_choices:
            raise _struct_error(choices=_("A choice field needs at least one choice."))
        if value.get("kind") != "choice" and has_choices:
            raise _struct_error(choices=_("Only a choice field takes choices."))
        return value


def choice_lines(raw: str | None) -> list[str]:
    return [line.strip() for line in (raw or "").splitlines() if line.strip()]


class WorksheetBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=300)
    fields = blocks.ListBlock(FieldBlock(), label=_("Fields"), min_num=1)

    class Meta:
        label = _("Worksheet")
        icon = "form"
        template = "design/blocks/worksheet.html"


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=300)
    items = blocks.ListBlock(
        blocks.CharBlock(label=_("Item"), max_length=300), label=_("Items"), min_num=1
    )

    class Meta:
        label = _("Checklist")
        icon = "tasks"
        template = "design/blocks/checklist.html"


class DiaryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=300)
    fields = blocks.ListBlock(FieldBlock(), label=_("Fields"), min_num=1)
    chart_field = blocks.CharBlock(
        label=_("Chart this number field"),
        required=False,
        max_length=300,
        help_text=_("The label of a number field to show over time, e.g. Hours of sleep."),
    )

    class Meta:
        label = _("Diary")
        icon = "date"
        template = "design/blocks/diary.html"

    def clean(self, value):
        value = super().clean(value)
        chart = (value.get("chart_field") or "").strip()
        if chart:
            numbers = [f["label"] for f in value.get("fields", []) if f.get("kind") == "number"]
            if chart not in numbers:
                raise _struct_error(
                    chart_field=_("Name one of the diary's number fields exactly as labelled.")
                )
        return value


class VideoMeetingBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Link text"), max_length=300)
    url = blocks.URLBlock(label=_("Meeting address (https)"), max_length=2000)

    class Meta:
        label = _("Video meeting link")
        icon = "link"
        template = "design/blocks/video_meeting.html"

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("url") or "").startswith("https://"):
            raise _struct_error(url=_("The address must start with https://."))
        return value


class FeedbackBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(
        label=_("What the citizen sends for feedback"),
        help_text=_("The practitioner must respond before the citizen can go on."),
    )

    class Meta:
        label = _("Feedback moment")
        icon = "comment"
        template = "design/blocks/feedback.html"


STEP_BLOCKS = [
    ("text", TextBlock()),
    ("info", InfoBlock()),
    ("image", ImageBlock()),
    ("video", VideoBlock()),
    ("audio", AudioBlock()),
    ("questionnaire", QuestionnaireBlock()),
    ("homework", HomeworkBlock()),
    ("worksheet", WorksheetBlock()),
    ("checklist", ChecklistBlock()),
    ("diary", DiaryBlock()),
    ("video_meeting", VideoMeetingBlock()),
    ("feedback", FeedbackBlock()),
]


# Rules of a program.

QUESTIONNAIRE_KEY_HELP = _(
    "A built-in key (phq9, gad7, madrs-s, eq5d5l) or the key of an own questionnaire in a step."
)


def _questionnaire_key_block() -> blocks.CharBlock:
    """The questionnaire a schedule or a flag rule is about, by key."""
    return blocks.CharBlock(
        label=_("Questionnaire"),
        max_length=64,
        validators=[key_validator],
        help_text=QUESTIONNAIRE_KEY_HELP,
    )


class ScheduleBlock(blocks.StructBlock):
    questionnaire = _questionnaire_key_block()
    when = blocks.ChoiceBlock(
        label=_("When"),
        choices=[
            ("start", _("At the start")),
            ("before_module", _("Before a module")),
            ("every_n_days", _("Every N days")),
            ("end", _("At the end")),
            ("maintenance", _("In the maintenance phase, every N days")),
        ],
    )
    days = blocks.IntegerBlock(label=_("Days (N)"), required=False, min_value=1, max_value=3650)
    module = blocks.PageChooserBlock(
        label=_("Module"),
        page_type="design.ModulePage",
        required=False,
        help_text=_("Before which module; leave empty for before every module."),
    )

    class Meta:
        label = _("Scheduled questionnaire")
        icon = "time"

    def clean(self, value):
        value = super().clean(value)
        if value.get("when") in ("every_n_days", "maintenance") and not value.get("days"):
            raise _struct_error(days=_("Give the number of days."))
        return value


class FlagRuleBlock(blocks.StructBlock):
    questionnaire = _questionnaire_key_block()
    alert_level = blocks.ChoiceBlock(
        label=_("Item alert"),
        choices=[
            ("prioritised", _("Prioritised")),
            ("warning", _("Warning")),
            ("info", _("Information")),
        ],
    )
    item = blocks.CharBlock(
        label=pgettext_lazy("questionnaire item", "Item"),
        required=False,
        max_length=64,
        help_text=_("The item's linkId, e.g. 9. Leave empty for an alert on any item."),
    )
    flag = blocks.ChoiceBlock(
        label=_("Raises flag"), choices=[("red", _("Red")), ("yellow", _("Yellow"))]
    )

    class Meta:
        label = _("Flag rule")
        icon = "warning"

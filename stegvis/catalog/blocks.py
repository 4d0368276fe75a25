"""The blocks a step of a release document is made of (schema "stegvis-program/1").

Each block type is a frozen pydantic model, told apart by its `type`; `Block` is their union.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

KEY = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
TEXT = Annotated[str, Field(max_length=100_000)]
SHORT = Annotated[str, Field(min_length=1, max_length=300)]
# Blocks whose answers the citizen types (stored as Answer rows, keyed by the block's key).
ANSWER_BLOCKS = ("homework", "worksheet", "checklist", "feedback")


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TextBlock(StrictModel):
    type: Literal["text"]
    html: TEXT


class InfoBlock(StrictModel):
    type: Literal["info"]
    style: Literal["info", "warning", "tip"] = "info"
    html: TEXT


class ImageBlock(StrictModel):
    type: Literal["image"]
    media: SHORT
    alt: SHORT
    caption: Annotated[str, Field(max_length=1000)] = ""


class MediaBlock(StrictModel):
    type: Literal["video", "audio"]
    media: str = ""  # empty: a placeholder until the provider uploads the file
    title: SHORT
    transcript: TEXT
    captions: str = ""  # a WebVTT media name, for video


class QuestionnaireBlock(StrictModel):
    type: Literal["questionnaire"]
    key: KEY
    questionnaire: KEY


class HomeworkBlock(StrictModel):
    type: Literal["homework"]
    key: KEY
    prompt: TEXT


class WorksheetField(StrictModel):
    key: KEY
    label: SHORT
    kind: Literal["text", "long_text", "number", "date", "choice"] = "text"
    choices: tuple[SHORT, ...] = ()
    required: bool = False

    @model_validator(mode="after")
    def _choices_match_kind(self):
        if (self.kind == "choice") != bool(self.choices):
            raise ValueError("a choice field needs choices; other fields take none")
        return self


class WorksheetBlock(StrictModel):
    type: Literal["worksheet"]
    key: KEY
    title: SHORT
    fields: Annotated[tuple[WorksheetField, ...], Field(min_length=1)]


class ChecklistItem(StrictModel):
    key: KEY
    label: SHORT


class ChecklistBlock(StrictModel):
    type: Literal["checklist"]
    key: KEY
    title: SHORT
    items: Annotated[tuple[ChecklistItem, ...], Field(min_length=1)]


class DiaryBlock(StrictModel):
    type: Literal["diary"]
    key: KEY
    title: SHORT
    fields: Annotated[tuple[WorksheetField, ...], Field(min_length=1)]
    chart_field: str = ""  # a number field to chart over time


class VideoMeetingBlock(StrictModel):
    type: Literal["video_meeting"]
    label: SHORT
    url: Annotated[str, Field(pattern=r"^https://", max_length=2000)]


class FeedbackBlock(StrictModel):
    type: Literal["feedback"]
    key: KEY
    prompt: TEXT


Block = Annotated[
    TextBlock
    | InfoBlock
    | ImageBlock
    | MediaBlock
    | QuestionnaireBlock
    | HomeworkBlock
    | WorksheetBlock
    | ChecklistBlock
    | DiaryBlock
    | VideoMeetingBlock
    | FeedbackBlock,
    Field(discriminator="type"),
]

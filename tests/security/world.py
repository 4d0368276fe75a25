"""One rich world for the matrix: the `world` personas plus relatives and citizen data.

Every expectations module may define `build(sw)` to add the objects its URLs need (it runs after
the base objects exist, in module name order); `sw.<name> = ...` makes them available to URL
builders.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from stegvis.care.models import Answer, DiaryEntry, Feedback, Flag, QuestionnaireResponse
from stegvis.catalog.models import ProgramAgreement, ReleaseMedia
from stegvis.relatives.models import RelativeGrant
from tests.factories import CitizenFactory, FlagFactory
from tests.portal.fixtures import make_enrollment, make_release

# Text that appears only where the test citizen's data is shown: the access-log crawl looks for
# these in every page (a page showing them must have logged a read).
CITIZEN_LAST_NAME = "Markörsson"
ANSWER_MARKER = "Markörsvar-7741"
DIARY_MARKER = "Markördagbok-7742"


class SecurityWorld:
    """The base `world` (its attributes are reachable directly) plus the matrix's extras."""

    def __init__(self, base):
        self.base = base

    def __getattr__(self, name):
        # Only called for attributes not set on this object: fall back to the base world.
        return getattr(self.__dict__["base"], name)

    def persona(self, name: str):
        return None if name == "anonymous" else getattr(self, name)

    def citizen_markers(self) -> list[str]:
        citizen = self.citizen
        return [
            citizen.get_full_name(),
            CITIZEN_LAST_NAME,
            citizen.personnummer,
            citizen.personnummer_display,
            ANSWER_MARKER,
            DIARY_MARKER,
            *self.extra_markers,
        ]


def build_world(base) -> SecurityWorld:
    sw = SecurityWorld(base)
    sw.extra_markers = []  # area builders add text only the citizen's data contains
    citizen = base.citizen
    citizen.last_name = CITIZEN_LAST_NAME
    citizen.save(update_fields=["last_name"])

    sw.release = make_release(base.provider, base.unit)
    sw.enrollment = make_enrollment(citizen, base.unit, sw.release, practitioner=base.practitioner)
    enrollment = sw.enrollment
    now = timezone.now()
    sw.answer = Answer.objects.create(
        enrollment=enrollment, block_key="hw1", value={"text": ANSWER_MARKER}, updated_at=now
    )
    sw.diary_entry = DiaryEntry.objects.create(
        enrollment=enrollment,
        diary_key="d1",
        entry_date=timezone.localdate() - dt.timedelta(days=1),
        values={"hours": 2, "note": DIARY_MARKER},
    )
    sw.due = QuestionnaireResponse.objects.create(
        enrollment=enrollment,
        questionnaire_key="phq9",
        definition_version="1.0.0",
        occasion="schedule:start:1:phq9",
        due_at=enrollment.created_at,
    )
    sw.flag = FlagFactory(
        enrollment=enrollment,
        kind=Flag.Kind.ALERT,
        level=Flag.Level.RED,
        dedupe_key="security-matrix",
    )
    sw.feedback = Feedback.objects.create(enrollment=enrollment, block_key="fb1")
    sw.media = ReleaseMedia(
        release=sw.release, name="intro.png", content_type="image/png", sha256="0" * 64, size=4
    )
    sw.media.file.save("intro.png", ContentFile(b"\x89PNG"), save=True)
    sw.agreement = ProgramAgreement.objects.create(
        program_key=sw.release.program_key,
        program_name="Avtalat program",
        owner=base.provider,
        user_provider=base.other_provider,
        valid_from=timezone.localdate(),
    )

    sw.relative = CitizenFactory(first_name="Anhörig")
    sw.relative_grant = RelativeGrant.objects.create(
        enrollment=enrollment,
        relative=sw.relative,
        relation=RelativeGrant.Relation.RELATIVE,
        may_message=True,
        invited_by=citizen,
        approved_at=now,
        approval=RelativeGrant.Approval.CITIZEN,
    )
    sw.ended_relative = CitizenFactory(first_name="Före detta")
    sw.ended_relative_grant = RelativeGrant.objects.create(
        enrollment=enrollment,
        relative=sw.ended_relative,
        relation=RelativeGrant.Relation.RELATIVE,
        may_message=True,
        invited_by=citizen,
        approved_at=now,
        approval=RelativeGrant.Approval.CITIZEN,
        ended_at=now,
        ended_by=citizen,
    )
    return sw

"""Care delivery: a program release delivered to one citizen at one unit, and all it holds.

Everything here is citizen data: reads and changes go through services.py, which record access
events. Nothing is deleted; an enrollment is closed and kept.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stegvis.care.activities import ActivityKind, Payload, read_payload
from stegvis.db import SortIndex


class Phase(models.TextChoices):
    QUEUED = "queued", _("Waiting for a practitioner")
    TREATMENT = "treatment", _("Treatment phase")
    MAINTENANCE = "maintenance", _("Maintenance phase")
    CLOSED = "closed", _("Closed")


class Enrollment(models.Model):
    """Moment: one release delivered to one citizen at one unit, pinned to that release."""

    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("citizen"),
    )
    unit = models.ForeignKey(
        "organisation.CareUnit",
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("unit"),
    )
    release = models.ForeignKey(
        "catalog.ProgramRelease",
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("program"),
    )
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_for",
        verbose_name=_("responsible practitioner"),
    )
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices)
    start_date = models.DateField(_("start date"))
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    phase_changed_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Denormalised for the lists (Mina/Alla): updated by the services that change them.
    last_activity_at = models.DateTimeField(null=True, blank=True)
    is_training = models.BooleanField(default=False)
    # Unacknowledged red flags, kept by the services that raise and acknowledge flags
    # (care/services/flags.py) in the same transaction, so that the lists sort on it.
    open_red_flags = models.PositiveIntegerField(default=0)
    # The lists' first sort key, kept by the database: flagged on top, closed at the bottom.
    list_rank = models.GeneratedField(
        expression=models.Case(
            models.When(open_red_flags__gt=0, then=models.Value(0)),
            models.When(phase=Phase.CLOSED, then=models.Value(2)),
            default=models.Value(1),
        ),
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        indexes = [
            models.Index(fields=["unit", "phase"]),
            models.Index(fields=["practitioner", "phase"]),
            models.Index(fields=["citizen", "phase"]),
            # Alla's (and a unit's Mina's) order, read in order up to the page's LIMIT.
            SortIndex(
                F("unit"),
                F("is_training"),
                F("list_rank"),
                F("last_activity_at").desc(nulls_last=True),
                F("id").desc(),
                name="enrollment_list_order",
            ),
            # The lists' program filter: which releases have enrollments at the unit.
            models.Index(fields=["unit", "release"], name="enrollment_unit_release"),
            # Mina's "every enrollment at the unit with an open red flag": a few rows.
            models.Index(
                fields=["unit"], condition=Q(open_red_flags__gt=0), name="enrollment_red_flagged"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.release.name} #{self.pk}"

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED


class ModuleState(models.Model):
    """Whether a module of the release is open to the citizen, and when it was done."""

    class Visibility(models.TextChoices):
        LOCKED = "locked", _("Locked")
        OPEN = "open", _("Open")
        HIDDEN = "hidden", _("Hidden")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="modules")
    module_key = models.CharField(max_length=64)
    visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.LOCKED
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "module_key"], name="one_state_per_module"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}:{self.module_key}"


class StepProgress(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="steps")
    step_key = models.CharField(max_length=64)
    first_seen_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "step_key"], name="one_progress_per_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}:{self.step_key}"


class Answer(models.Model):
    """The citizen's answer to one answer block (homework, worksheet, checklist, feedback).

    Saved as they type (draft) and on submit; a submitted answer keeps its text.
    """

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="answers")
    block_key = models.CharField(max_length=64)
    value = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "block_key"], name="one_answer_per_block"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}:{self.block_key}"


class QuestionnaireResponse(models.Model):
    """One filling-in of a questionnaire; scored by the instrument engine when complete."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="questionnaire_responses"
    )
    questionnaire_key = models.CharField(max_length=64)
    definition_version = models.CharField(max_length=32)
    # The block it was answered in, or the schedule occasion ("schedule:<when>:<n>").
    occasion = models.CharField(max_length=100)
    answers = models.JSONField(default=dict)
    score = models.JSONField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "occasion"], name="one_response_per_occasion"
            ),
        ]
        indexes = [models.Index(fields=["enrollment", "questionnaire_key", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.enrollment_id}:{self.occasion}"


class DiaryEntry(models.Model):
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.PROTECT, related_name="diary_entries"
    )
    diary_key = models.CharField(max_length=64)
    entry_date = models.DateField()
    values = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-entry_date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.enrollment_id}:{self.diary_key}:{self.entry_date}"


class Feedback(models.Model):
    """A feedback moment: the citizen's text waits for the practitioner's response."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="feedback")
    block_key = models.CharField(max_length=64)
    submitted_at = models.DateTimeField(default=timezone.now)
    response = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "block_key"], name="one_feedback_per_block"
            ),
        ]
        # Feedback waiting for a response, per enrollment (the lists' count, Hantera's).
        indexes = [
            models.Index(
                fields=["enrollment"],
                condition=Q(responded_at__isnull=True),
                name="feedback_waiting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}:{self.block_key}"


class Flag(models.Model):
    class Kind(models.TextChoices):
        ALERT = "alert", _("Item alert")
        MODULE_DONE = "module_done", _("Module done")
        INACTIVITY = "inactivity", _("Inactive")
        OVERDUE = "overdue", _("Questionnaire overdue")
        FEEDBACK = "feedback", _("Feedback waiting")

    class Level(models.TextChoices):
        RED = "red", _("Prioritised")
        YELLOW = "yellow", _("Attention")
        GREEN = "green", _("Good news")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="flags")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    level = models.CharField(max_length=8, choices=Level.choices)
    # Why, for staff: e.g. the alert's message; never shown to the citizen or sent anywhere.
    reason = models.TextField(blank=True)
    # Makes raising idempotent: the same cause raises one flag.
    dedupe_key = models.CharField(max_length=150)
    raised_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "dedupe_key"], name="one_flag_per_cause"),
        ]
        indexes = [
            models.Index(fields=["enrollment", "acknowledged_at"]),
            # The lists' red-flag marker and Mina's "has an open red flag": a small index.
            models.Index(
                fields=["enrollment"],
                condition=Q(acknowledged_at__isnull=True, level="red"),
                name="flag_open_red",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}:{self.kind}"


class HistoryEvent(models.Model):
    """The enrollment's own history, shown in Hantera (the PDL log is separate, in audit)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="history")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(max_length=64)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.enrollment_id}:{self.action}"


class Activity(models.Model):
    """Due work found from timestamps: scheduled unlocks, questionnaires, reminders.

    The worker's periodic task scans `due_at <= now and done_at is null`, so a stopped worker
    catches up; `key` makes each occurrence unique and so each task idempotent.
    """

    Kind = ActivityKind

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="activities")
    key = models.CharField(max_length=150)
    kind = models.CharField(max_length=32, choices=ActivityKind.choices)
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    # Written and read only through stegvis.care.activities (one typed payload per kind).
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "key"], name="one_activity_per_key"),
        ]
        indexes = [
            models.Index(
                fields=["due_at"], condition=Q(done_at__isnull=True), name="activity_due_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}:{self.key}"

    @property
    def data(self) -> Payload:
        """The typed payload (raises PayloadError when the JSON does not fit the kind)."""
        return read_payload(self.kind, self.payload)


class Handover(models.Model):
    """Överlämning: a request to move an enrollment, with all it holds, to another unit.

    The sending unit's practitioner starts it (with the citizen's consent); the receiving unit's
    citizen admin approves or rejects it; the sender may withdraw it while it is pending. Only
    approval moves anything (see docs/adr/0005-handover.md). Rows are kept as the record.
    """

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("handover status", "Pending")
        APPROVED = "approved", pgettext_lazy("handover status", "Approved")
        REJECTED = "rejected", pgettext_lazy("handover status", "Rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("handover status", "Withdrawn")

    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="handovers")
    from_unit = models.ForeignKey(
        "organisation.CareUnit",
        on_delete=models.PROTECT,
        related_name="outgoing_handovers",
        verbose_name=_("sending unit"),
    )
    to_unit = models.ForeignKey(
        "organisation.CareUnit",
        on_delete=models.PROTECT,
        related_name="incoming_handovers",
        verbose_name=_("receiving unit"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    # The practitioner ticked that the citizen has consented; a handover needs it.
    consent_confirmed_at = models.DateTimeField()
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Who became responsible at the receiving unit on approval; the one before, for the record.
    new_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    previous_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Why the receiving unit said no: staff's words, shown to the sending unit in Hantera.
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=Q(status="pending"),
                name="one_pending_handover_per_enrollment",
            ),
        ]
        indexes = [models.Index(fields=["to_unit", "status"])]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.from_unit_id} → {self.to_unit_id} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class AccessBlock(models.Model):
    """Spärr: the citizen blocks a unit's (or a whole provider's) access to their information
    held by other units. The unit that holds a record keeps it (PDL); see
    docs/consent-and-blocking.md and care/blocking.py. Lifted, never deleted.
    """

    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_blocks"
    )
    # Always set: the blocked unit's provider, or the blocked provider itself.
    provider = models.ForeignKey(
        "organisation.CareProvider", on_delete=models.PROTECT, related_name="+"
    )
    # Null: the whole provider is blocked.
    unit = models.ForeignKey(
        "organisation.CareUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "unit"],
                condition=Q(lifted_at__isnull=True, unit__isnull=False),
                name="one_active_block_per_unit",
            ),
            models.UniqueConstraint(
                fields=["citizen", "provider"],
                condition=Q(lifted_at__isnull=True, unit__isnull=True),
                name="one_active_block_per_provider",
            ),
        ]
        indexes = [models.Index(fields=["citizen", "lifted_at"], name="block_citizen_lifted")]

    def __str__(self) -> str:
        return f"block #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


# The unit's groups of enrollments live in their own module (models_groups.py); imported here so
# Django and every `from stegvis.care.models import …` find them.
from stegvis.care.models_groups import EnrollmentGroup, GroupMembership  # noqa: E402, F401

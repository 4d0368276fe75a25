"""Which enrollments and responses a research export holds. Training data never.

An export holds the enrollments of one program at the provider's units that started in the
period, and every completed questionnaire response of those enrollments (a course is exported
whole, so pre and post stay together). The API's `$export` narrows a scope to a client's units
and to responses completed since a moment (stegvis/api/bulk/).
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from stegvis.care.models import Enrollment, HistoryEvent, ModuleState, QuestionnaireResponse
from stegvis.organisation.models import CareProvider


@dataclass(frozen=True)
class Scope:
    provider: CareProvider
    program_key: str
    date_from: date
    date_to: date
    # Only enrollments at these units (None: every unit of the provider).
    unit_ids: frozenset[int] | None = None
    # Only responses completed at or after this moment (None: every completed response).
    completed_since: datetime | None = None


def enrollments_in(scope: Scope) -> QuerySet:
    """The scope's enrollments, without training enrollments, test citizens or practitioners."""
    qs = Enrollment.objects.filter(unit__provider=scope.provider)
    if scope.unit_ids is not None:
        qs = qs.filter(unit_id__in=scope.unit_ids)
    return (
        qs.filter(
            release__program_key=scope.program_key,
            start_date__gte=scope.date_from,
            start_date__lte=scope.date_to,
            is_training=False,
            citizen__is_training=False,
        )
        .filter(Q(practitioner__isnull=True) | Q(practitioner__is_training=False))
        .order_by("pk")
    )


def responses_in(scope: Scope) -> QuerySet:
    """The completed questionnaire responses of the scope's enrollments."""
    qs = QuestionnaireResponse.objects.filter(
        enrollment__in=enrollments_in(scope).values("pk"), completed_at__isnull=False
    )
    if scope.completed_since is not None:
        qs = qs.filter(completed_at__gte=scope.completed_since)
    return qs.order_by("enrollment_id", "completed_at", "pk")


def _count_of(queryset) -> Coalesce:
    counted = queryset.values("enrollment").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def enrollment_rows(scope: Scope) -> QuerySet:
    """The values an enrollment row needs, one query (subqueries count modules and responses)."""
    reached_maintenance = HistoryEvent.objects.filter(
        enrollment=OuterRef("pk"), action="phase.changed", detail__new="maintenance"
    )
    return (
        enrollments_in(scope)
        .annotate(
            reached_maintenance=Exists(reached_maintenance),
            modules_completed=_count_of(
                ModuleState.objects.filter(enrollment=OuterRef("pk"), completed_at__isnull=False)
            ),
            responses_completed=_count_of(
                QuestionnaireResponse.objects.filter(
                    enrollment=OuterRef("pk"), completed_at__isnull=False
                )
            ),
        )
        .values_list(
            "pk",
            "citizen_id",
            "citizen__personnummer",
            "unit__hsa_id",
            "release__program_key",
            "release__major",
            "release__minor",
            "phase",
            "start_date",
            "closed_at",
            "reached_maintenance",
            "modules_completed",
            "responses_completed",
        )
    )


def response_rows(scope: Scope) -> QuerySet:
    return responses_in(scope).values_list(
        "pk",
        "enrollment_id",
        "enrollment__citizen_id",
        "enrollment__start_date",
        "questionnaire_key",
        "definition_version",
        "occasion",
        "completed_at",
        "due_at",
        "score",
        "answers",
    )

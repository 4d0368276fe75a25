"""How long each kind of data is kept (gallring), per care provider, and the defaults the law
and Stegvis set, with their sources: the one place that names them (docs/operations.md).

A provider's own period (`RetentionPeriod`, set with `manage.py operations retention-period`)
wins over the installation's default from the environment, which wins over the default here.
For closed enrollments a program's own period (`RETENTION_CLOSED_ENROLLMENT_DAYS_BY_PROGRAM`)
wins over both: it is the narrowest rule.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CLOSED_ENROLLMENTS = "closed_enrollments", _("Closed enrollments with answers and messages")
    ATTACHMENTS = "attachments", _("Message attachments")
    NOTIFICATIONS = "notifications", _("Notifications sent or failed")
    ACCESS_EVENTS = "access_events", _("Access log events (archived with their checkpoint)")


@dataclass(frozen=True)
class Default:
    days: int
    setting: str  # the installation's default, from the environment; "" for none
    counted_from: str  # translatable (lazy): shown on the clinic's retention page
    source: str  # translatable (lazy)


TEN_YEARS = 3653

DEFAULTS: dict[str, Default] = {
    Kind.CLOSED_ENROLLMENTS: Default(
        TEN_YEARS,
        "RETENTION_CLOSED_ENROLLMENT_DAYS",
        _("the enrollment's closing (its last entry)"),
        _(
            "Patientdatalagen (2008:355) 3 kap. 17 §: a patient record is kept at least ten years "
            "after the last entry. Stegvis is not the patient record: a region that copies what "
            "matters into its record may decide on less."
        ),
    ),
    Kind.ATTACHMENTS: Default(
        TEN_YEARS,
        "",
        _("the attachment's upload"),
        _(
            "As the enrollment they belong to (Patientdatalagen 3 kap. 17 §): a file sent in the "
            "care conversation is part of what was documented. A shorter period removes the file "
            "and its row; the message stays."
        ),
    ),
    Kind.NOTIFICATIONS: Default(
        365,
        "",
        _("the notification's creation"),
        _(
            "No statutory period: a notification holds no health data, only that a person was "
            "told something waits. Kept a year to answer 'was I notified?', then deleted under "
            "the GDPR's storage limitation (art. 5.1 e). Pending ones are never deleted."
        ),
    ),
    Kind.ACCESS_EVENTS: Default(
        TEN_YEARS,
        "ACCESS_LOG_RETENTION_DAYS",
        _("the event"),
        _(
            "The law requires the access log and its checks (Patientdatalagen 4 kap. 3 §) but sets "
            "no period: the provider decides; ten years is common, as long as the record it "
            "protects. Archived to a file with a signed base checkpoint, never deleted from the "
            "middle of the chain (ADR 0007)."
        ),
    ),
}


def installation_days(kind: str) -> int:
    """The installation's period for `kind`: its setting if it has one, else the default."""
    default = DEFAULTS[kind]
    return getattr(settings, default.setting, default.days) if default.setting else default.days


def days_by_provider(kind: str) -> dict[int, int]:
    """provider id -> days, for the providers with their own period for `kind`."""
    from stegvis.operations.models import RetentionPeriod

    return dict(RetentionPeriod.objects.filter(kind=kind).values_list("provider_id", "days"))


def period(kind: str, provider_id: int | None, own: dict[int, int]) -> timedelta:
    """The period of `kind` for the provider (`own`: days_by_provider's answer)."""
    return timedelta(days=own.get(provider_id, installation_days(kind)))

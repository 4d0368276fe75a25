"""What a citizen sees of the log: which providers, units and roles accessed their data."""

from django.db.models import Q, QuerySet

from stegvis.audit.models import AccessEvent
from stegvis.audit.services.lines import events_naming
from stegvis.organisation.models import User


def accesses_to(citizen: User) -> QuerySet:
    """Accesses by others to `citizen`'s data, newest first (their own actions are left out).

    Staff are shown by unit, role and provider, not by name (ADR 0006). The provider shown is
    the unit's: a search by another provider's staff is kept in the chain of the citizen's
    provider (ADR 0008), but it was the searcher's provider that accessed. A list page that
    showed the citizen (a compact list read naming them among others) is one line, as before.
    """
    return (
        AccessEvent.objects.filter(pk__in=events_naming(citizen.pk))
        .exclude(Q(actor_id=citizen.pk))
        .select_related("unit__provider", "provider")
        .only(
            "occurred_at",
            "kind",
            "action",
            "actor_role",
            "unit__name",
            "unit__provider__name",
            "provider__name",
        )
        .order_by("-occurred_at", "-id")
    )

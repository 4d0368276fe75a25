"""What a provider's catalog shows: row-level filters and the tabs All/Available/Active/Unpublished.

Every function returns a queryset whose size in queries does not grow with the data: the units
using each release and the agreement status come from one prefetch and one annotation.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q

from stegvis.catalog.models import ProgramAgreement, ProgramRelease, UnitActivation
from stegvis.catalog.services import has_agreement, valid_agreements
from stegvis.organisation.models import CareProvider

TABS = ("all", "available", "active", "unpublished")


def visible_releases(provider: CareProvider):
    """Releases in `provider`'s catalog: its own and those released to it."""
    return ProgramRelease.objects.filter(
        Q(
            pk__in=ProgramRelease.available_to.through.objects.filter(
                careprovider_id=provider.pk
            ).values("programrelease_id")
        )
        | Q(owner=provider)
    )


def _active_here(provider: CareProvider) -> Exists:
    return Exists(
        UnitActivation.objects.filter(
            release_id=OuterRef("pk"),
            unit__provider=provider,
            deactivated_at__isnull=True,
        )
    )


def catalog(provider: CareProvider, tab: str = "all"):
    """The catalog rows for one tab, annotated and prefetched for the list page.

    Each release gets `is_active_here`, `agreement_ok` (own program, or a valid agreement),
    `withdrawal` (select_related; None when published) and `units_using` (the provider's units
    where it is active now).
    """
    releases = (
        visible_releases(provider)
        .select_related("owner", "withdrawal", "import_record")
        .annotate(is_active_here=_active_here(provider))
        .annotate(agreement_ok=Q(owner=provider) | has_agreement(provider))
        .prefetch_related(
            Prefetch(
                "activations",
                queryset=UnitActivation.objects.filter(
                    unit__provider=provider, deactivated_at__isnull=True
                )
                .select_related("unit")
                .order_by("unit__name"),
                to_attr="units_using",
            )
        )
        .order_by("name", "-major", "-minor")
    )
    if tab == "available":
        releases = releases.filter(withdrawal__isnull=True, is_active_here=False)
    elif tab == "active":
        releases = releases.filter(is_active_here=True)
    elif tab == "unpublished":
        releases = releases.filter(withdrawal__isnull=False)
    return releases


def release_for(provider: CareProvider, release_id: int) -> ProgramRelease | None:
    """One release of `provider`'s catalog (annotated like `catalog`), or None."""
    return catalog(provider).filter(pk=release_id).first()


def agreements_for(provider: CareProvider):
    """Agreements where `provider` is a party, newest first, with validity today annotated."""
    return (
        ProgramAgreement.objects.filter(Q(owner=provider) | Q(user_provider=provider))
        .select_related("owner", "user_provider")
        .annotate(in_force=Exists(valid_agreements().filter(pk=OuterRef("pk"))))
        .order_by("program_name", "-valid_from")
    )


def other_versions(provider: CareProvider, release: ProgramRelease):
    """The program's other releases in `provider`'s catalog (annotated like `catalog`)."""
    return (
        catalog(provider)
        .filter(owner=release.owner, program_key=release.program_key)
        .exclude(pk=release.pk)
    )


def agreements_about(provider: CareProvider, release: ProgramRelease):
    """Agreements about `release`'s program where `provider` is a party.

    For a program imported from another provider's file: the provider's agreements as user
    (their owner may be outside this Stegvis).
    """
    agreements = agreements_for(provider).filter(program_key=release.program_key)
    record = release.provenance
    if record is not None and record.agreement_needed:
        return agreements.filter(user_provider=provider)
    return agreements.filter(owner=release.owner_id)

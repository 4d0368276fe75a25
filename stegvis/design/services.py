"""State changes of the design tool: provider spaces, group sync, the release action and
FHIR questionnaire imports."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from stegvis.audit.recording import record_change
from stegvis.catalog.models import ProgramRelease
from stegvis.catalog.services import create_release
from stegvis.db import atomic_write
from stegvis.design.models import ProgramPage, ProviderRootPage
from stegvis.design.permissions import design_provider_ids
from stegvis.design.release import ReleaseError, build_release
from stegvis.instruments.services import import_fhir_questionnaire
from stegvis.organisation.models import CareProvider, Role, RoleGrant, User
from stegvis.organisation.roles import forget_roles

GROUP_PREFIX = "design:"
DESIGNER_PAGE_PERMISSIONS = ["add_page", "change_page"]
PUBLISHER_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def group_name(provider: CareProvider, role: str) -> str:
    return f"{GROUP_PREFIX}{provider.code}:{role}"


def ensure_design_roots() -> list[ProviderRootPage]:
    """Give every active provider its design space; safe to call again (idempotent)."""
    return [
        ensure_design_space(provider) for provider in CareProvider.objects.filter(is_active=True)
    ]


@transaction.atomic
def ensure_design_space(provider: CareProvider) -> ProviderRootPage:
    """Create (once) the provider's root page, media collection, groups and review workflow.

    Designers may add and edit pages under the root and submit them for review; publishers may
    also publish, and approve in the review workflow. Both may use the provider's collection.
    """
    root = ProviderRootPage.objects.filter(provider=provider).first()
    if root is None:
        root = ProviderRootPage(
            title=provider.name, slug=f"provider-{provider.code}", provider=provider
        )
        Page.get_first_root_node().add_child(instance=root)
        root.save_revision().publish()
    designers, _created = Group.objects.get_or_create(name=group_name(provider, Role.DESIGNER))
    publishers, _created = Group.objects.get_or_create(name=group_name(provider, Role.PUBLISHER))
    for group, codenames in (
        (designers, DESIGNER_PAGE_PERMISSIONS),
        (publishers, PUBLISHER_PAGE_PERMISSIONS),
    ):
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        ):
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    collection = provider_collection(provider)
    for app_label, codename in COLLECTION_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for group in (designers, publishers):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )
    if not WorkflowPage.objects.filter(page=root).exists():
        workflow = Workflow.objects.create(name=_("%(provider)s: review") % {"provider": provider})
        task = GroupApprovalTask.objects.create(
            name=_("%(provider)s: publisher approves") % {"provider": provider}
        )
        task.groups.set([publishers])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.create(workflow=workflow, page=root)
    sync_design_groups_at(provider)
    return root


def provider_collection(provider: CareProvider) -> Collection:
    """The provider's collection of images and media (created if missing)."""
    name = f"{provider.name} ({provider.code})"
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def sync_design_groups(*, actor: User, create_spaces: bool = True) -> list[CareProvider]:
    """Make the actor's Wagtail groups match the design roles they hold now.

    Groups are a cache of the role grants, synced when roles change (design/signals.py: a grant
    or care assignment saved, a unit switched off, a sign-in, after migrate). Only reads unless
    something changed. A provider without a design space yet gets one here, or, with
    `create_spaces` False, is returned for the caller to create (with its groups) later.
    """
    wanted: set[str] = set()
    designer_of = design_provider_ids(actor, Role.DESIGNER)
    publisher_of = design_provider_ids(actor, Role.PUBLISHER)
    providers = list(CareProvider.objects.filter(pk__in=designer_of | publisher_of))
    spaceless = [p for p in providers if not ProviderRootPage.objects.filter(provider=p).exists()]
    for provider in providers:
        if provider.pk in designer_of:
            wanted.add(group_name(provider, Role.DESIGNER))
        if provider.pk in publisher_of:
            wanted.add(group_name(provider, Role.PUBLISHER))
    current = set(actor.groups.filter(name__startswith=GROUP_PREFIX).values_list("name", flat=True))
    to_create = spaceless if create_spaces else []
    if to_create or current != wanted:
        _apply_design_groups(actor, to_create, current, wanted)
    return [] if create_spaces else spaceless


@atomic_write
def _apply_design_groups(
    actor: User, spaceless: list[CareProvider], current: set[str], wanted: set[str]
) -> None:
    for provider in spaceless:
        ensure_design_space(provider)
    if current - wanted:
        actor.groups.remove(*Group.objects.filter(name__in=current - wanted))
    if wanted - current:
        actor.groups.add(*Group.objects.filter(name__in=wanted - current))


def sync_design_groups_at(provider: CareProvider) -> None:
    """Sync everyone holding a design role at `provider` (its space and groups now exist)."""
    holders = RoleGrant.objects.active().filter(
        provider=provider, unit__isnull=False, role__in=(Role.DESIGNER, Role.PUBLISHER)
    )
    for staff in User.objects.filter(pk__in=holders.values("staff_id")):
        forget_roles(staff)
        sync_design_groups(actor=staff, create_spaces=False)


def next_version(program_page: ProgramPage, level: str) -> tuple[int, int]:
    """MAJOR: latest major + 1 and minor 0; MINOR: same major, minor + 1; the first is 1.0."""
    latest = program_page.releases().first()
    if latest is None:
        return (1, 0)
    if level == "major":
        return (latest.major + 1, 0)
    return (latest.major, latest.minor + 1)


@transaction.atomic
def release_program(
    *,
    actor: User,
    program_page: ProgramPage,
    level: str,
    release_notes: str,
    providers: list[CareProvider],
) -> ProgramRelease:
    """Freeze the program's published tree into a new immutable release.

    Only a publisher of the program's provider may release. Raises ValidationError with every
    problem when the program cannot be released as it is.
    """
    if not actor.has_perm("design.release_program", program_page):
        raise PermissionDenied
    if level not in ("major", "minor"):
        raise ValidationError(_("Choose MAJOR or MINOR."))
    owner = program_page.provider()
    # Lock the program's root row so two publishers cannot take the same version number.
    ProviderRootPage.objects.select_for_update().filter(provider=owner).first()
    version = next_version(program_page, level)
    try:
        built = build_release(program_page, version)
    except ReleaseError as error:
        raise ValidationError(error.problems, code="invalid_program") from None
    # create_release refuses a MINOR version that changes more than ADR 0003 allows.
    return create_release(
        actor=actor,
        owner=owner,
        document=built.document,
        media=built.media,
        providers=list(providers) or [owner],
        release_notes=release_notes,
    )


def import_questionnaire(*, actor: User, provider: CareProvider, data: bytes, filename: str):
    """Import a FHIR Questionnaire a designer uploaded; designers of every provider may use it.

    Returns (the stored definition, the import report). Raises ``FhirImportError`` for a file
    that is not a usable Questionnaire and ``DefinitionConflict`` for a changed file with the
    version of one imported before; ``PermissionDenied`` unless the actor designs at
    ``provider``.
    """
    if provider.pk not in design_provider_ids(actor):
        raise PermissionDenied
    return _store_import(actor, provider, data, filename)


@atomic_write
def _store_import(actor: User, provider: CareProvider, data: bytes, filename: str):
    row, result = import_fhir_questionnaire(
        data, source=f"design tool {provider.code}: {filename}"[:500]
    )
    record_change(
        actor=actor, action="instrument.import", provider=provider, role=Role.DESIGNER, target=row
    )
    return row, result

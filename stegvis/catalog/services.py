"""Releasing programs and switching them on at units.

`create_release` is the one way a ProgramRelease comes to exist: the design tool's release
action and the program-file import both call it.
"""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.recording import record_change
from stegvis.catalog.document import DocumentError, content_hash, validate_document
from stegvis.catalog.models import ProgramRelease, ReleaseMedia, UnitActivation
from stegvis.organisation.models import CareProvider, CareUnit, Role, User


@transaction.atomic
def create_release(
    *,
    actor: User | None,
    owner: CareProvider,
    document: dict,
    media: dict[str, bytes] | None = None,
    providers: list[CareProvider] | None = None,
    release_notes: str = "",
    imported_from: str = "",
) -> ProgramRelease:
    """Freeze `document` (and its media) into a new immutable release.

    Refuses an invalid document, media that do not match the document's list (name, size,
    SHA-256), and a version that is not newer than the latest release of the same program.
    `providers` (default: the owner) may use the release.
    """
    try:
        parsed = validate_document(document)
    except DocumentError as error:
        raise ValidationError(
            _("The program cannot be released: %(problems)s") % {"problems": error},
            code="invalid_document",
        ) from None
    media = media or {}
    _check_media(parsed, media)
    data = parsed.to_json()
    latest = (
        ProgramRelease.objects.filter(owner=owner, program_key=parsed.program.key)
        .order_by("-major", "-minor")
        .first()
    )
    version = (parsed.version.major, parsed.version.minor)
    if latest is not None and version <= (latest.major, latest.minor):
        raise ValidationError(
            _("Version %(new)s is not newer than the released %(old)s.")
            % {"new": parsed.version, "old": latest.version},
            code="version_not_newer",
        )
    release = ProgramRelease.objects.create(
        program_key=parsed.program.key,
        name=parsed.program.name,
        owner=owner,
        developed_by=parsed.program.developed_by,
        major=parsed.version.major,
        minor=parsed.version.minor,
        document=data,
        content_hash=content_hash(data),
        released_by=actor,
        release_notes=release_notes,
        imported_from=imported_from,
        imported_at=timezone.now() if imported_from else None,
    )
    release.available_to.set(providers or [owner])
    for name, content in sorted(media.items()):
        meta = parsed.media[name]
        item = ReleaseMedia(
            release=release,
            name=name,
            content_type=meta.content_type,
            sha256=meta.sha256,
            size=meta.size,
        )
        item.file.save(f"{release.pk}-{name}", ContentFile(content), save=False)
        item.save()
    if actor is not None:
        record_change(
            actor=actor,
            action="release.create",
            provider=owner,
            role=Role.PUBLISHER,
            target=release,
        )
    return release


def _check_media(parsed, media: dict[str, bytes]) -> None:
    expected, given = set(parsed.media), set(media)
    if expected != given:
        missing = ", ".join(sorted(expected - given)) or "-"
        extra = ", ".join(sorted(given - expected)) or "-"
        raise ValidationError(
            _("The media files do not match the program (missing: %(missing)s; extra: %(extra)s).")
            % {"missing": missing, "extra": extra},
            code="media_mismatch",
        )
    for name, content in media.items():
        meta = parsed.media[name]
        if len(content) != meta.size or hashlib.sha256(content).hexdigest() != meta.sha256:
            raise ValidationError(
                _("The media file %(name)s does not match its checksum.") % {"name": name},
                code="media_checksum",
            )


def usable_by(provider: CareProvider) -> Q:
    """Releases a provider may use: released to it."""
    return Q(available_to=provider)


@transaction.atomic
def activate_release(*, actor: User, release: ProgramRelease, unit: CareUnit) -> UnitActivation:
    if not actor.has_perm("catalog.activate_release", unit):
        raise PermissionDenied
    if not ProgramRelease.objects.filter(pk=release.pk).filter(usable_by(unit.provider)).exists():
        raise ValidationError(
            _("This release is not available to %(provider)s.") % {"provider": unit.provider},
            code="not_available",
        )
    if not unit.is_active:
        raise ValidationError(_("The unit is not active."), code="unit_inactive")
    existing = UnitActivation.objects.filter(
        release=release, unit=unit, deactivated_at__isnull=True
    ).first()
    if existing:
        return existing
    activation = UnitActivation.objects.create(release=release, unit=unit, activated_by=actor)
    record_change(
        actor=actor,
        action="release.activate",
        unit=unit,
        role=Role.PROVIDER_ADMIN,
        target=activation,
    )
    return activation


@transaction.atomic
def deactivate_release(*, actor: User, release: ProgramRelease, unit: CareUnit) -> None:
    """Stop new starts of `release` at `unit`; running enrollments continue on it."""
    if not actor.has_perm("catalog.activate_release", unit):
        raise PermissionDenied
    for activation in UnitActivation.objects.select_for_update().filter(
        release=release, unit=unit, deactivated_at__isnull=True
    ):
        activation.deactivated_at = timezone.now()
        activation.deactivated_by = actor
        activation.save(update_fields=["deactivated_at", "deactivated_by"])
        record_change(
            actor=actor,
            action="release.deactivate",
            unit=unit,
            role=Role.PROVIDER_ADMIN,
            target=activation,
        )


def active_releases(unit: CareUnit):
    """Releases that may be started for citizens at `unit` now."""
    return ProgramRelease.objects.filter(
        activations__unit=unit, activations__deactivated_at__isnull=True
    ).distinct()

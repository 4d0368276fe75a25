"""Releasing programs and switching them on at units.

`create_release` is the one way a ProgramRelease comes to exist: the design tool's release
action and the program-file import both call it.
"""

import datetime as dt
import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.recording import record_change
from stegvis.catalog.compat import minor_problems
from stegvis.catalog.document import DocumentError, content_hash, validate_document
from stegvis.catalog.models import (
    ProgramAgreement,
    ProgramRelease,
    ReleaseMedia,
    ReleaseWithdrawal,
    UnitActivation,
)
from stegvis.organisation.models import CareProvider, CareUnit, Role, User
from stegvis.organisation.permissions import require_perm


def _record_admin_change(actor: User, action: str, target, **where) -> None:
    """Log a provider admin's change to the catalog; `where` is its `unit=` or `provider=`."""
    record_change(actor=actor, action=action, role=Role.PROVIDER_ADMIN, target=target, **where)


def _end_activations(actor: User, activations) -> None:
    """End each of `activations` now, one access-log event each; enrollments are untouched."""
    now = timezone.now()
    locked = activations.select_for_update(of=("self",)).select_related("unit")
    for activation in locked:
        activation.deactivated_at = now
        activation.deactivated_by = actor
        activation.save(update_fields=["deactivated_at", "deactivated_by"])
        _record_admin_change(actor, "release.deactivate", activation, unit=activation.unit)


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
    SHA-256), a version that is not newer than the latest release of the same program, and a
    MINOR version (same major) that changes more than ADR 0003 allows, whichever way the
    document came (the design tool or a program file). `providers` (default: the owner) may
    use the release.
    """
    parsed = _validated(document)
    media = media or {}
    _check_media(parsed, media)
    data = parsed.to_json()
    _check_version(owner, parsed, data)
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
    _store_media(release, parsed, media)
    if actor is not None:
        record_change(
            actor=actor,
            action="release.create",
            provider=owner,
            role=Role.PUBLISHER,
            target=release,
        )
    return release


def _validated(document: dict):
    try:
        return validate_document(document)
    except DocumentError as error:
        raise ValidationError(
            _("The program cannot be released: %(problems)s") % {"problems": error},
            code="invalid_document",
        ) from None


def _check_version(owner: CareProvider, parsed, data: dict) -> None:
    """Refuse a version not newer than the latest, and a MINOR one that breaks ADR 0003."""
    latest = (
        ProgramRelease.objects.filter(owner=owner, program_key=parsed.program.key)
        .order_by("-major", "-minor")
        .first()
    )
    if latest is None:
        return
    version = (parsed.version.major, parsed.version.minor)
    if version <= (latest.major, latest.minor):
        raise ValidationError(
            _("Version %(new)s is not newer than the released %(old)s.")
            % {"new": parsed.version, "old": latest.version},
            code="version_not_newer",
        )
    if parsed.version.major != latest.major:
        return
    changes = minor_problems(latest.document, data)
    if changes:
        raise ValidationError(
            _(
                "A MINOR release may not change %(changes)s; running enrollments would "
                "misread what they have done. Release it as MAJOR."
            )
            % {"changes": "; ".join(changes)},
            code="needs_major",
        )


def _store_media(release: ProgramRelease, parsed, media: dict[str, bytes]) -> None:
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


def valid_agreements(*, on: dt.date | None = None):
    """Agreements in force on `on` (default today)."""
    day = on or timezone.localdate()
    return ProgramAgreement.objects.filter(valid_from__lte=day).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


def has_agreement(provider: CareProvider) -> Exists:
    """For a queryset of releases: a valid agreement lets `provider` use the owner's program."""
    return Exists(
        valid_agreements().filter(
            owner_id=OuterRef("owner_id"),
            program_key=OuterRef("program_key"),
            user_provider=provider,
        )
    )


def usable_by(provider: CareProvider) -> Q:
    """Releases a provider may use: released to it and, if another provider owns the program,
    covered by an agreement (nyttjandeavtal) valid today. Withdrawn releases are not usable."""
    return (
        Q(available_to=provider)
        & (Q(owner=provider) | has_agreement(provider))
        & Q(withdrawal__isnull=True)
    )


@transaction.atomic
def activate_release(*, actor: User, release: ProgramRelease, unit: CareUnit) -> UnitActivation:
    require_perm(actor, "catalog.activate_release", unit)
    if ReleaseWithdrawal.objects.filter(release=release).exists():
        raise ValidationError(
            _("This release has been withdrawn and cannot be activated."), code="withdrawn"
        )
    if not ProgramRelease.objects.filter(pk=release.pk).filter(usable_by(unit.provider)).exists():
        if (
            release.owner_id != unit.provider_id
            and release.available_to.filter(pk=unit.provider_id).exists()
        ):
            raise ValidationError(
                _(
                    "%(provider)s has no valid agreement for using this program; record the "
                    "agreement first."
                )
                % {"provider": unit.provider},
                code="no_agreement",
            )
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
    _record_admin_change(actor, "release.activate", activation, unit=unit)
    return activation


@transaction.atomic
def deactivate_release(*, actor: User, release: ProgramRelease, unit: CareUnit) -> None:
    """Stop new starts of `release` at `unit`; running enrollments continue on it."""
    require_perm(actor, "catalog.activate_release", unit)
    _end_activations(
        actor,
        UnitActivation.objects.filter(release=release, unit=unit, deactivated_at__isnull=True),
    )


def active_releases(unit: CareUnit):
    """Releases that may be started for citizens at `unit` now (withdrawn ones never)."""
    return ProgramRelease.objects.filter(
        activations__unit=unit,
        activations__deactivated_at__isnull=True,
        withdrawal__isnull=True,
    ).distinct()


@transaction.atomic
def withdraw_release(*, actor: User, release: ProgramRelease, reason: str) -> ReleaseWithdrawal:
    """Take `release` out of the catalog: no new activations and no new starts anywhere.

    Only a provider admin of the owner may. Current activations end (each with an audit event);
    enrollments already running on the release are untouched. Withdrawing twice is refused.
    """
    require_perm(actor, "catalog.withdraw_release", release)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the release is withdrawn.")}, code="required")
    release = ProgramRelease.objects.select_for_update().get(pk=release.pk)
    if ReleaseWithdrawal.objects.filter(release=release).exists():
        raise ValidationError(_("This release is already withdrawn."), code="already_withdrawn")
    withdrawal = ReleaseWithdrawal.objects.create(
        release=release, withdrawn_by=actor, reason=reason
    )
    _end_activations(
        actor, UnitActivation.objects.filter(release=release, deactivated_at__isnull=True)
    )
    _record_admin_change(actor, "release.withdraw", withdrawal, provider=release.owner)
    return withdrawal


AGREEMENT_FIELDS = ("valid_from", "valid_until", "notes")


def _check_agreement_dates(valid_from, valid_until) -> None:
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError(
            {"valid_until": _("The end date cannot be before the start date.")},
            code="invalid_range",
        )


@transaction.atomic
def create_agreement(
    *,
    actor: User,
    provider: CareProvider,
    owner: CareProvider | None,
    user_provider: CareProvider,
    program_key: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    notes: str = "",
    external_owner: str = "",
) -> ProgramAgreement:
    """Record that `user_provider` uses `owner`'s program `program_key` (a nyttjandeavtal).

    `provider` is the provider the actor administers; it must be one of the two parties, and the
    parties must differ. The program must have a release by `owner`. With `owner` None the owner
    is outside this Stegvis (`external_owner` names it): the program must then be one the
    provider imported from another provider's file, and the provider is the using party.
    """
    require_perm(actor, "catalog.manage_agreements", provider)
    if owner is None:
        latest = _external_program(provider, user_provider, program_key, external_owner)
        external_owner = external_owner.strip()[:300]
    else:
        latest = _owned_program(provider, owner, user_provider, program_key)
        external_owner = ""
    _check_agreement_dates(valid_from, valid_until)
    agreement = ProgramAgreement.objects.create(
        program_key=program_key,
        program_name=latest.name,
        owner=owner,
        external_owner=external_owner,
        user_provider=user_provider,
        valid_from=valid_from,
        valid_until=valid_until,
        notes=notes,
        created_by=actor,
    )
    _record_admin_change(actor, "agreement.create", agreement, provider=provider)
    return agreement


def _external_program(
    provider: CareProvider, user_provider: CareProvider, program_key: str, external_owner: str
) -> ProgramRelease:
    """The imported program an agreement with an outside owner is about (provider uses it)."""
    latest = _imported_needing_agreement(provider, program_key)
    if user_provider.pk != provider.pk:
        raise PermissionDenied
    if latest is None or not external_owner.strip():
        raise ValidationError(
            {"program": _("Your provider has imported no such program from another provider.")},
            code="unknown_program",
        )
    return latest


def _owned_program(
    provider: CareProvider, owner: CareProvider, user_provider: CareProvider, program_key: str
) -> ProgramRelease:
    """The latest release of `owner`'s program; `provider` must be one of two different parties."""
    if provider.pk not in (owner.pk, user_provider.pk):
        raise PermissionDenied
    if owner.pk == user_provider.pk:
        raise ValidationError(
            {"user_provider": _("A provider needs no agreement to use its own program.")},
            code="same_party",
        )
    latest = (
        ProgramRelease.objects.filter(owner=owner, program_key=program_key)
        .order_by("-major", "-minor")
        .first()
    )
    if latest is None:
        raise ValidationError(
            {"program": _("%(owner)s has released no such program.") % {"owner": owner}},
            code="unknown_program",
        )
    return latest


def _imported_needing_agreement(provider: CareProvider, program_key: str):
    """The provider's latest release of `program_key` imported from another provider's file."""
    return (
        ProgramRelease.objects.filter(
            owner=provider,
            program_key=program_key,
            import_record__agreement_needed=True,
        )
        .select_related("import_record")
        .order_by("-major", "-minor")
        .first()
    )


def external_owner_of(provider: CareProvider, program_key: str) -> str:
    """How to name the outside owner of an imported program: its name and code in the file."""
    release = _imported_needing_agreement(provider, program_key)
    if release is None:
        return ""
    record = release.import_record
    if record.source_owner_name:
        return f"{record.source_owner_name} ({record.source_owner_code})"
    return record.source_owner_code


@transaction.atomic
def update_agreement(
    *, actor: User, provider: CareProvider, agreement: ProgramAgreement, **changes
) -> ProgramAgreement:
    """Change an agreement's period or notes; the parties and the program stay as recorded."""
    require_perm(actor, "catalog.manage_agreements", provider)
    if provider.pk not in (agreement.owner_id, agreement.user_provider_id):
        raise PermissionDenied
    unknown = set(changes) - set(AGREEMENT_FIELDS)
    if unknown:
        raise ValueError(f"Cannot change {', '.join(sorted(unknown))} of an agreement")
    agreement = ProgramAgreement.objects.select_for_update().get(pk=agreement.pk)
    for field, value in changes.items():
        setattr(agreement, field, value)
    _check_agreement_dates(agreement.valid_from, agreement.valid_until)
    agreement.save(update_fields=list(changes))
    _record_admin_change(actor, "agreement.update", agreement, provider=provider)
    return agreement

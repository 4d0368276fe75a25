"""Opening, hiding and showing an enrollment's modules.

A practitioner unlocks, hides and shows modules by hand; the release's opening rules open them
on their own (at start, N days after start, on a date: the runtime; when the previous module is
done: the citizen's services call `open_module` with the citizen as actor).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.care.models import Enrollment, ModuleState
from stegvis.care.services.audit import record_enrollment_change
from stegvis.care.services.history import add_history
from stegvis.care.services.program import document_of
from stegvis.care.subjects import about_enrollment
from stegvis.catalog.opening import OpeningRule
from stegvis.notifications.services import Kind as NotificationKind
from stegvis.notifications.services import notify
from stegvis.organisation.models import User

Visibility = ModuleState.Visibility


def _check_actor(enrollment: Enrollment, module_key: str, actor: User | None) -> str:
    """Return the cause of the change, or refuse an actor who may not make it."""
    if actor is None:
        return "rule"
    if actor.is_authenticated and actor.is_care_staff:
        if not actor.has_perm("care.manage_modules", enrollment):
            raise PermissionDenied
        return "practitioner"
    # The citizen opens the next module only by finishing the previous one.
    module = _module(enrollment, module_key)
    if (
        actor.pk == enrollment.citizen_id
        and actor.has_perm("care.work_on_enrollment", enrollment)
        and module.opening.rule == OpeningRule.PREVIOUS_DONE
    ):
        return OpeningRule.PREVIOUS_DONE.value
    raise PermissionDenied


def _module(enrollment: Enrollment, module_key: str):
    module = document_of(enrollment.release).module(module_key)
    if module is not None:
        return module
    raise ValidationError(_("The program has no such module."), code="unknown_module")


def _state(enrollment: Enrollment, module_key: str) -> ModuleState:
    _module(enrollment, module_key)
    state, _created = ModuleState.objects.select_for_update().get_or_create(
        enrollment=enrollment, module_key=module_key
    )
    return state


@transaction.atomic
def open_module(
    enrollment: Enrollment, module_key: str, *, actor: User | None, cause: str = ""
) -> ModuleState:
    """Unlock a module for the citizen. Opening an open module changes nothing.

    A module the practitioner hid is opened again only by a practitioner, never by a rule.
    """
    checked_cause = _check_actor(enrollment, module_key, actor)
    state = _state(enrollment, module_key)
    if state.visibility == Visibility.OPEN:
        return state
    if state.visibility == Visibility.HIDDEN and checked_cause != "practitioner":
        return state
    state.visibility = Visibility.OPEN
    if state.opened_at is None:
        state.opened_at = timezone.now()
        state.opened_by = actor if checked_cause == "practitioner" else None
    state.save(update_fields=["visibility", "opened_at", "opened_by"])
    add_history(
        enrollment,
        actor=actor,
        action="module.opened",
        module=module_key,
        cause=cause or checked_cause,
    )
    record_enrollment_change(enrollment, actor=actor, action="care.module_open", target=state)
    opens_at_start = _module(enrollment, module_key).opening.rule == OpeningRule.AT_START
    if checked_cause == "practitioner" or (checked_cause == "rule" and not opens_at_start):
        # At start the citizen hears of the new enrollment instead.
        notify(
            enrollment.citizen,
            NotificationKind.MODULE_OPENED,
            key=f"module:{enrollment.pk}:{module_key}",
            subject=about_enrollment(enrollment),
        )
    from stegvis.care.services.runtime import on_module_opened

    on_module_opened(enrollment, module_key, actor=actor)
    return state


@transaction.atomic
def hide_module(enrollment: Enrollment, module_key: str, *, actor: User) -> ModuleState:
    """Hide a module from the citizen (its answers are kept)."""
    _check_practitioner(enrollment, actor)
    state = _state(enrollment, module_key)
    if state.visibility != Visibility.HIDDEN:
        state.visibility = Visibility.HIDDEN
        state.save(update_fields=["visibility"])
        add_history(enrollment, actor=actor, action="module.hidden", module=module_key)
        record_enrollment_change(enrollment, actor=actor, action="care.module_hide", target=state)
    return state


@transaction.atomic
def show_module(enrollment: Enrollment, module_key: str, *, actor: User) -> ModuleState:
    """Show a hidden module again: open if it had been opened, otherwise locked."""
    _check_practitioner(enrollment, actor)
    state = _state(enrollment, module_key)
    if state.visibility == Visibility.HIDDEN:
        state.visibility = Visibility.OPEN if state.opened_at else Visibility.LOCKED
        state.save(update_fields=["visibility"])
        add_history(enrollment, actor=actor, action="module.shown", module=module_key)
        record_enrollment_change(enrollment, actor=actor, action="care.module_show", target=state)
    return state


def _check_practitioner(enrollment: Enrollment, actor: User) -> None:
    if not actor.has_perm("care.manage_modules", enrollment):
        raise PermissionDenied

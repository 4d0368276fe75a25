"""Gallring: the provider admin sees and sets how long each kind of data is kept.

Each kind shows its period, whether it is the default, where it is counted from and the legal
source; the admin sets a period of their own or goes back to the default (the operations
service records both in the access log). A save made on a page that someone else has changed
since is refused with the period as it is now (409), never an overwrite. "What would be removed
now" is a dry run: counts only, no names, nothing changed.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from stegvis.operations import periods, retention
from stegvis.operations.forms import PeriodForm, ResetForm
from stegvis.operations.models import RetentionPeriod
from stegvis.operations.periods import Kind
from stegvis.operations.services import parse_seen, set_retention_period
from stegvis.organisation.access import provider_permission_required

MANAGE = "operations.manage_retention"


@dataclass
class KindRow:
    """One kind of data on the page, with its forms (bound when this kind was just posted)."""

    kind: Kind
    default: periods.Default
    installation_days: int
    own: RetentionPeriod | None
    form: PeriodForm
    reset_form: ResetForm
    problem: str = ""

    @property
    def days(self) -> int:
        return self.own.days if self.own else self.installation_days

    @property
    def years(self) -> float | int:
        years = round(self.days / 365.25, 1)
        return int(years) if years.is_integer() else years


def _seen(own: RetentionPeriod | None) -> str:
    return own.changed_at.isoformat() if own else ""


def _rows(provider, posted: Kind | None = None, form=None, problem: str = "") -> list[KindRow]:
    own = {
        period.kind: period
        for period in RetentionPeriod.objects.filter(provider=provider).select_related("changed_by")
    }
    rows = []
    for kind in Kind:
        period = own.get(kind.value)
        initial = {"seen": _seen(period), "days": period.days if period else None}
        row = KindRow(
            kind=kind,
            default=periods.DEFAULTS[kind],
            installation_days=periods.installation_days(kind),
            own=period,
            form=PeriodForm(initial=initial, prefix=kind.value),
            reset_form=ResetForm(initial=initial, prefix=f"{kind.value}-reset"),
        )
        if kind == posted:
            row.problem = problem
            if isinstance(form, PeriodForm):
                row.form = form
            elif isinstance(form, ResetForm):
                row.reset_form = form
        rows.append(row)
    return rows


def _page(request, rows: list[KindRow], status: int = 200):
    due = retention.due_counts(request.provider)
    summary = [(kind, due[kind]) for kind in Kind]
    context = {
        "rows": rows,
        "summary": summary,
        "programs_with_own_period": bool(settings.RETENTION_CLOSED_ENROLLMENT_DAYS_BY_PROGRAM),
    }
    return render(request, "clinic/retention.html", context, status=status)


def _kind(value: str) -> Kind:
    if value not in Kind.values:
        raise Http404
    return Kind(value)


@never_cache
@provider_permission_required(MANAGE)
@require_GET
def retention_page(request):
    return _page(request, _rows(request.provider))


def _save(request, kind: Kind, form, days_of):
    """Validate `form`, ask the service, and answer: redirect, the form's errors, or 409."""
    if not form.is_valid():
        return _page(request, _rows(request.provider, kind, form))
    try:
        set_retention_period(
            actor=request.user,
            provider=request.provider,
            kind=kind.value,
            days=days_of(form),
            seen=parse_seen(form.cleaned_data["seen"]),
        )
    except ValidationError as error:
        changed = getattr(error, "code", None) == "changed"
        if not changed:
            form.add_error(None, error)
            return _page(request, _rows(request.provider, kind, form))
        # Fresh forms with the period as it is now, and why nothing was saved.
        rows = _rows(request.provider, kind, problem=" ".join(error.messages))
        return _page(request, rows, status=409)
    return None


@never_cache
@provider_permission_required(MANAGE)
@require_POST
def retention_set(request, kind: str):
    chosen = _kind(kind)
    form = PeriodForm(request.POST, prefix=chosen.value)
    refused = _save(request, chosen, form, lambda valid: valid.cleaned_data["days"])
    if refused is not None:
        return refused
    days = form.cleaned_data["days"]
    messages.success(
        request,
        _("%(kind)s are now kept %(days)s days.") % {"kind": chosen.label, "days": days},
    )
    return redirect("clinic:retention")


@never_cache
@provider_permission_required(MANAGE)
@require_POST
def retention_reset(request, kind: str):
    chosen = _kind(kind)
    form = ResetForm(request.POST, prefix=f"{chosen.value}-reset")
    refused = _save(request, chosen, form, lambda valid: None)
    if refused is not None:
        return refused
    messages.success(
        request,
        _("%(kind)s are kept by the default period again (%(days)s days).")
        % {"kind": chosen.label, "days": periods.installation_days(chosen)},
    )
    return redirect("clinic:retention")

"""Behandlingsresultat: treatment outcomes for data admins (their units) and provider admins.

The filters are a GET form of codes, ids and dates (no health data in the address); a bad
filter re-renders the form with its message. Figures are aggregates with small groups
suppressed (stegvis/statistics/outcomes.py), so no single citizen's record is read here.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from stegvis.organisation.access import staff_required
from stegvis.organisation.models import CareUnit
from stegvis.statistics.outcomes import Selection, outcomes, programs_of, versions_of
from stegvis.statistics.outcomes_charts import outcome_chart
from stegvis.statistics.outcomes_table import COLUMNS, UNIT_COLUMNS, cells, row, shown
from stegvis.statistics.permissions import units_with_statistics
from stegvis.statistics.summaries.refresh import refreshed_as_of


class OutcomeFilterForm(forms.Form):
    program = forms.ChoiceField(label=gettext_lazy("Program"))
    version = forms.ChoiceField(label=gettext_lazy("Version"), required=False)
    unit = forms.TypedChoiceField(
        label=gettext_lazy("Unit"), required=False, coerce=int, empty_value=None
    )
    started_from = forms.DateField(
        label=gettext_lazy("Started from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    started_to = forms.DateField(
        label=gettext_lazy("Started to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, data, *, programs, versions, units):
        super().__init__(data)
        self.fields["program"].choices = programs
        self.fields["version"].choices = [("", _("All versions"))] + [
            (f"{major}.{minor}", f"{major}.{minor}") for major, minor in versions
        ]
        self.fields["unit"].choices = [("", _("All units"))] + [(u.pk, u.name) for u in units]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("started_from"), cleaned.get("started_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start of the period must not be after its end."))
        return cleaned


def _scope(request):
    """The provider and the units whose outcomes the user may see here; 403 for none."""
    place = request.workplace
    provider = place.provider or (place.unit.provider if place.unit else None)
    if provider is None:
        return None, []
    allowed = units_with_statistics(request.user, provider)
    units = list(CareUnit.objects.filter(provider=provider, pk__in=allowed).order_by("name"))
    if not units:
        raise PermissionDenied
    return provider, units


@staff_required
@require_GET
def outcomes_page(request):
    provider, units = _scope(request)
    if provider is None:
        return redirect("clinic:workplace")
    unit_ids = tuple(u.pk for u in units)
    programs = programs_of(provider, unit_ids)
    data = request.GET.copy()
    if programs and not data.get("program"):
        data["program"] = programs[0][0]
    program = data.get("program", "")
    versions = versions_of(provider, unit_ids, program) if program in dict(programs) else []
    form = OutcomeFilterForm(data, programs=programs, versions=versions, units=units)
    results = []
    if programs and form.is_valid():
        selection = _selection(provider, unit_ids, form.cleaned_data)
        found = outcomes(selection, by_unit=len(selection.unit_ids) > 1)
        results = [_result(outcome) for outcome in found]
    context = {
        "refreshed": refreshed_as_of() if programs and form.is_valid() else None,
        "form": form,
        "programs": programs,
        "results": results,
        "unit_headings": [label for name, label in COLUMNS if name in UNIT_COLUMNS],
    }
    return render(request, "clinic/statistics/outcomes.html", context, status=_status(form))


def _status(form) -> int:
    return 400 if form.is_bound and form.errors and form.data.get("program") else 200


def _selection(provider, unit_ids, cleaned) -> Selection:
    version = cleaned.get("version")
    return Selection(
        provider=provider,
        program_key=cleaned["program"],
        unit_ids=(cleaned["unit"],) if cleaned.get("unit") else unit_ids,
        version=tuple(int(p) for p in version.split(".")) if version else None,
        started_from=cleaned.get("started_from"),
        started_to=cleaned.get("started_to"),
    )


def _result(outcome) -> dict:
    return {
        "outcome": outcome,
        "cells": cells(row(outcome)),
        "chart": outcome_chart(outcome),
        "units": [(unit.group, _unit_cells(unit)) for unit in outcome.units],
    }


def _unit_cells(outcome) -> list[str]:
    figures = row(outcome)
    return [shown(name, figures[name]) for name in UNIT_COLUMNS]

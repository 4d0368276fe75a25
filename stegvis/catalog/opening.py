"""When a module opens: the opening-rule vocabulary, in one place.

A module's opening rule is chosen in the design tool, frozen in the release document
(`modules[].opening.rule`), run by the care runtime and described on three pages. The values
and every label live here; the pages word the same rule for their own readers (the designer
choosing it, the catalog describing a release, Hantera describing an enrollment's module).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class OpeningRule(models.TextChoices):
    """The rule values; the labels are the design tool's (a designer choosing a rule)."""

    AT_START = "at_start", gettext_lazy("At the start")
    PRACTITIONER = "practitioner", gettext_lazy("When the practitioner opens it")
    PREVIOUS_DONE = "previous_done", gettext_lazy("When the previous module is done")
    DAYS_AFTER_START = "days_after_start", gettext_lazy("N days after the start")
    DATE = "date", gettext_lazy("On a date")


# The document schema's type of a rule: pydantic checks a value against these (and words its
# error as it always has, "Input should be 'at_start', 'practitioner', ...").
OpeningRuleValue = Literal[tuple(OpeningRule.values)]

# Rules the runtime opens on a day it can compute; the others wait for a person or a module.
SCHEDULED = (OpeningRule.AT_START, OpeningRule.DAYS_AFTER_START, OpeningRule.DATE)
WAITING = (OpeningRule.PRACTITIONER, OpeningRule.PREVIOUS_DONE)

# How the catalog describes a release's module.
CATALOG_LABELS = {
    OpeningRule.AT_START: gettext_lazy("Open from the start"),
    OpeningRule.PRACTITIONER: gettext_lazy("Opened by the practitioner"),
    OpeningRule.PREVIOUS_DONE: gettext_lazy("Opens when the previous module is done"),
    OpeningRule.DAYS_AFTER_START: gettext_lazy("Opens some days after the start"),
    OpeningRule.DATE: gettext_lazy("Opens on a date"),
}

# How Hantera describes an enrollment's module (with its days or date, see `staff_label`).
STAFF_LABELS = {
    OpeningRule.AT_START: gettext_lazy("At start"),
    OpeningRule.PRACTITIONER: gettext_lazy("By the practitioner"),
    OpeningRule.PREVIOUS_DONE: gettext_lazy("When the previous module is done"),
    OpeningRule.DAYS_AFTER_START: gettext_lazy("Days after start"),
    OpeningRule.DATE: gettext_lazy("On a date"),
}


def staff_label(rule: str, days: int | None = None, date: dt.date | None = None) -> str:
    """Hantera's words for a module's rule: "7 days after start", "On 2026-03-01", ..."""
    if rule == OpeningRule.DAYS_AFTER_START:
        return _("%(days)s days after start") % {"days": days}
    if rule == OpeningRule.DATE and date is not None:
        return _("On %(date)s") % {"date": date.isoformat()}
    return str(STAFF_LABELS[OpeningRule(rule)])


def catalog_label(rule: str) -> str:
    """The catalog's words for a module's rule."""
    try:
        return str(CATALOG_LABELS[OpeningRule(rule)])
    except ValueError:
        return rule

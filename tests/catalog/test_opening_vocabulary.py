"""The opening-rule vocabulary lives in catalog.opening; every reader takes it from there."""

import datetime as dt
from typing import get_args

from django.utils import translation

from stegvis.catalog.document import Opening
from stegvis.catalog.opening import (
    CATALOG_LABELS,
    STAFF_LABELS,
    OpeningRule,
    OpeningRuleValue,
    catalog_label,
    staff_label,
)
from stegvis.design.models import ModulePage


def test_the_document_schema_accepts_exactly_the_rules():
    assert set(get_args(OpeningRuleValue)) == set(OpeningRule.values)
    assert Opening.model_fields["rule"].annotation == OpeningRuleValue


def test_every_rule_has_a_label_on_every_page():
    assert set(CATALOG_LABELS) == set(OpeningRule) == set(STAFF_LABELS)


def test_the_design_tool_chooses_from_the_same_rules():
    assert ModulePage.Opening is OpeningRule
    assert ModulePage._meta.get_field("opening_rule").choices == OpeningRule.choices


def test_hantera_names_the_days_and_the_date():
    with translation.override("en"):
        assert staff_label("days_after_start", days=7) == "7 days after start"
        assert staff_label("date", date=dt.date(2026, 3, 1)) == "On 2026-03-01"
        assert staff_label("previous_done") == "When the previous module is done"
    assert catalog_label("unknown") == "unknown"

"""The richer release document for care tests: several modules with opening rules and every
answer block. The `release`, `other_unit_release` and `start` fixtures built on it are a plugin
(tests/plugins/care.py)."""

import datetime as dt

from django.utils import timezone

from tests.documents import program_document, step


def care_document(key: str = "depression", major: int = 1, minor: int = 0) -> dict:
    document = program_document(
        key,
        "Depressionshjälpen test",
        [
            {
                "key": "intro",
                "title": "Introduktion",
                "opening": {"rule": "at_start"},
                "sections": [
                    {
                        "key": "intro-s1",
                        "title": "Välkommen",
                        "steps": [
                            step(
                                "intro-1",
                                "Hur mår du?",
                                {"type": "text", "html": "<p>Hej</p>"},
                                {
                                    "type": "questionnaire",
                                    "key": "intro-phq9",
                                    "questionnaire": "phq9",
                                },
                            ),
                            step(
                                "intro-2",
                                "Mål",
                                {"type": "homework", "key": "goals", "prompt": "<p>Dina mål</p>"},
                                {
                                    "type": "worksheet",
                                    "key": "plan",
                                    "title": "Plan",
                                    "fields": [
                                        {"key": "what", "label": "Vad", "required": True},
                                        {"key": "hours", "label": "Timmar", "kind": "number"},
                                    ],
                                },
                            ),
                        ],
                    }
                ],
            },
            {
                "key": "activation",
                "title": "Beteendeaktivering",
                "opening": {"rule": "previous_done"},
                "sections": [
                    {
                        "key": "act-s1",
                        "title": "Aktiviteter",
                        "steps": [
                            step(
                                "act-1",
                                "Checklista",
                                {
                                    "type": "checklist",
                                    "key": "act-check",
                                    "title": "Gjort",
                                    "items": [{"key": "walk", "label": "Promenad"}],
                                },
                                {
                                    "type": "diary",
                                    "key": "mood",
                                    "title": "Humördagbok",
                                    "fields": [{"key": "mood", "label": "Humör", "kind": "number"}],
                                    "chart_field": "mood",
                                },
                            ),
                            step(
                                "act-2",
                                "Återkoppling",
                                {
                                    "type": "feedback",
                                    "key": "act-feedback",
                                    "prompt": "<p>Hur gick det?</p>",
                                },
                            ),
                        ],
                    }
                ],
            },
            {
                "key": "sleep",
                "title": "Sömn",
                "opening": {"rule": "days_after_start", "days": 14},
                "sections": [
                    {
                        "key": "sleep-s1",
                        "title": "Sömn",
                        "steps": [
                            step("sleep-1", "Sömnråd", {"type": "text", "html": "<p>Sov</p>"})
                        ],
                    }
                ],
            },
            {
                "key": "relapse",
                "title": "Återfallsprevention",
                "opening": {"rule": "practitioner"},
                "sections": [
                    {
                        "key": "relapse-s1",
                        "title": "Framåt",
                        "steps": [
                            step(
                                "relapse-1",
                                "Plan framåt",
                                {
                                    "type": "questionnaire",
                                    "key": "relapse-gad7",
                                    "questionnaire": "gad7",
                                },
                            )
                        ],
                    }
                ],
            },
        ],
        major=major,
        minor=minor,
        questionnaires=("phq9", "gad7"),
        schedules=[
            {"questionnaire": "phq9", "when": "start"},
            {"questionnaire": "phq9", "when": "every_n_days", "days": 7},
            {"questionnaire": "gad7", "when": "before_module", "module": "relapse"},
            {"questionnaire": "phq9", "when": "end"},
            {"questionnaire": "phq9", "when": "maintenance", "days": 30},
        ],
        flags=[
            {"questionnaire": "phq9", "alert_level": "prioritised", "flag": "red"},
            {"questionnaire": "gad7", "alert_level": "warning", "flag": "yellow"},
        ],
        intro="<p>Ett program om nedstämdhet.</p>",
    )
    document["reminders"] = {"inactivity_days": 5}
    return document


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)

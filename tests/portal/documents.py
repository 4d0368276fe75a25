"""A release document with every block type, for the citizen's tests (tests/documents.py)."""

import copy

from tests.documents import program_document, step

SMOKING = {
    "schema": "stegvis-instrument/1",
    "key": "smoking",
    "version": "1.0.0",
    "title": {"sv": "Rökning", "en": "Smoking"},
    "items": [
        {
            "linkId": "smokes",
            "type": "choice",
            "required": True,
            "text": {"sv": "Röker du?", "en": "Do you smoke?"},
            "options": [
                {"code": "y", "label": {"sv": "Ja", "en": "Yes"}},
                {"code": "n", "label": {"sv": "Nej", "en": "No"}},
            ],
        },
        {
            "linkId": "per-day",
            "type": "integer",
            "required": True,
            "min": 0,
            "max": 100,
            "text": {"sv": "Hur många cigaretter per dag?", "en": "How many cigarettes a day?"},
            "enableWhen": [{"item": "smokes", "operator": "=", "value": "y"}],
        },
    ],
}


def with_conditional_step(document: dict) -> dict:
    """Add a step "habits" to the first module with a questionnaire whose second item shows
    only when the first is answered "y"."""
    document = copy.deepcopy(document)
    document["questionnaires"]["smoking"] = copy.deepcopy(SMOKING)
    document["modules"][0]["sections"][1]["steps"].append(
        step("habits", "Vanor", {"type": "questionnaire", "key": "q2", "questionnaire": "smoking"})
    )
    return document


def care_document(
    key: str = "mood", *, mode: str = "practitioner_led", open_: bool = False
) -> dict:
    """Three modules: the first open at start (text, questionnaire, homework, worksheet,
    checklist), the second opening when the first is done (diary, video meeting, feedback),
    the third opened by the practitioner."""
    return program_document(
        key,
        "Må bättre",
        [
            {
                "key": "m1",
                "title": "Kom igång",
                "opening": {"rule": "at_start"},
                "sections": [
                    {
                        "key": "s1",
                        "title": "Välkommen",
                        "steps": [
                            step(
                                "intro",
                                "Om programmet",
                                {"type": "text", "html": "<p>Välkommen till programmet.</p>"},
                                {
                                    "type": "info",
                                    "style": "tip",
                                    "html": "<p>Ta det lugnt.</p>",
                                },
                                {
                                    "type": "video",
                                    "media": "",
                                    "title": "Introduktion",
                                    "transcript": "Hej och välkommen.",
                                },
                            ),
                            step(
                                "mood-check",
                                "Hur mår du?",
                                {"type": "questionnaire", "key": "q1", "questionnaire": "phq9"},
                            ),
                        ],
                    },
                    {
                        "key": "s2",
                        "title": "Övningar",
                        "steps": [
                            step(
                                "exercises",
                                "Hemuppgifter",
                                {"type": "homework", "key": "hw1", "prompt": "<p>Skriv.</p>"},
                                {
                                    "type": "worksheet",
                                    "key": "ws1",
                                    "title": "Aktiviteter",
                                    "fields": [
                                        {"key": "what", "label": "Vad", "required": True},
                                        {"key": "hours", "label": "Timmar", "kind": "number"},
                                        {"key": "day", "label": "Dag", "kind": "date"},
                                        {
                                            "key": "mood",
                                            "label": "Humör",
                                            "kind": "choice",
                                            "choices": ["Bra", "Dåligt"],
                                        },
                                    ],
                                },
                                {
                                    "type": "checklist",
                                    "key": "cl1",
                                    "title": "Att göra",
                                    "items": [
                                        {"key": "walk", "label": "Promenera"},
                                        {"key": "call", "label": "Ring en vän"},
                                    ],
                                },
                            ),
                        ],
                    },
                ],
            },
            {
                "key": "m2",
                "title": "Vardagen",
                "opening": {"rule": "previous_done"},
                "sections": [
                    {
                        "key": "s3",
                        "title": "Dagbok",
                        "steps": [
                            step(
                                "sleep",
                                "Sömndagbok",
                                {
                                    "type": "diary",
                                    "key": "d1",
                                    "title": "Sömn",
                                    "fields": [
                                        {"key": "hours", "label": "Timmar", "kind": "number"},
                                        {"key": "note", "label": "Anteckning"},
                                    ],
                                    "chart_field": "hours",
                                },
                                {
                                    "type": "video_meeting",
                                    "label": "Videomöte",
                                    "url": "https://meet.example/room",
                                },
                            ),
                            step(
                                "reflect",
                                "Återkoppling",
                                {"type": "feedback", "key": "fb1", "prompt": "<p>Berätta.</p>"},
                            ),
                        ],
                    }
                ],
            },
            {
                "key": "m3",
                "title": "Framåt",
                "opening": {"rule": "practitioner"},
                "sections": [
                    {
                        "key": "s4",
                        "title": "Plan",
                        "steps": [
                            step("ahead", "Min plan", {"type": "text", "html": "<p>Plan</p>"})
                        ],
                    }
                ],
            },
            {
                "key": "m4",
                "title": "Uppföljning",
                "opening": {"rule": "days_after_start", "days": 14},
                "sections": [
                    {
                        "key": "s5",
                        "title": "Efteråt",
                        "steps": [step("after", "Efteråt", {"type": "text", "html": "<p>Ok</p>"})],
                    }
                ],
            },
        ],
        mode=mode,
        open=open_,
        intro="<p>Ett program om nedstämdhet.</p>",
        description="Om nedstämdhet",
    )


def phq9_answers(item9: str = "0", value: str = "1") -> dict:
    answers = {str(i): value for i in range(1, 9)}
    answers["9"] = item9
    answers["10"] = "0"
    return answers

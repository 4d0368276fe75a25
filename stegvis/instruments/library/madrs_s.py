"""MADRS-S, the self-rated Montgomery–Åsberg Depression Rating Scale (Svanborg & Åsberg 1994).

Only the name of each area is shipped. The full item texts and the descriptions of the
scale steps are published with the scale; a provider adds them when it has confirmed its
right to use them (see ``licence``). Scoring, bands and the alert are complete.
"""

from ._build import band, choice, t, total

STEPS = [{"code": str(i), "label": t(str(i), str(i)), "score": i} for i in range(7)]

AREAS = [
    ("1", "Sinnesstämning", "Mood"),
    ("2", "Oroskänslor", "Feelings of unease"),
    ("3", "Sömn", "Sleep"),
    ("4", "Matlust", "Appetite"),
    ("5", "Koncentrationsförmåga", "Ability to concentrate"),
    ("6", "Initiativförmåga", "Initiative"),
    ("7", "Känslomässigt engagemang", "Emotional involvement"),
    ("8", "Pessimism", "Pessimism"),
    ("9", "Livslust", "Zest for life"),
]

DEFINITION = {
    "key": "madrs-s",
    "version": "1.0.0",
    "title": t(
        "MADRS-S (självskattning av depressionssymtom)",
        "MADRS-S (self-rated depression symptoms)",
    ),
    "source": (
        "Svanborg P, Åsberg M. A new self-rating scale for depression and anxiety states based "
        "on the Comprehensive Psychopathological Rating Scale. Acta Psychiatr Scand "
        "1994;89(1):21-8. Montgomery SA, Åsberg M. Br J Psychiatry 1979;134:382-9."
    ),
    "licence": (
        "Item texts and step descriptions are not shipped: add the published MADRS-S wording "
        "after confirming the right to use it. Each item is rated 0–6 (total 0–54). Severity "
        "bands follow common Swedish clinical use and can be configured per provider."
    ),
    "items": [
        {
            "linkId": "intro",
            "type": "display",
            "text": t(
                "Markera det steg (0–6) som bäst beskriver hur du har mått de senaste tre dagarna.",
                "Mark the step (0–6) that best describes how you have felt over the last three "
                "days.",
            ),
        },
        *[choice(link, sv, en, STEPS) for link, sv, en in AREAS],
    ],
    "scoring": {
        "total": total(
            [a[0] for a in AREAS],
            [
                band(0, 12, "minimal", 0, "Ingen eller minimal depression", "None or minimal"),
                band(13, 19, "mild", 1, "Lindrig depression", "Mild depression"),
                band(20, 34, "moderate", 2, "Måttlig depression", "Moderate depression"),
                band(35, 54, "severe", 3, "Svår depression", "Severe depression"),
            ],
        ),
        "alerts": [
            {
                "item": "9",
                "operator": ">=",
                "value": 4,
                "level": "prioritised",
                "message": t(
                    "Fråga 9 (livslust) är skattad till 4 eller mer. Bedöm suicidrisken.",
                    "Item 9 (zest for life) is rated 4 or higher. Assess the suicide risk.",
                ),
            }
        ],
    },
}

"""GAD-7, Generalized Anxiety Disorder 7-item scale (Spitzer et al. 2006).

Swedish text: Pfizer's free Swedish translation (www.phqscreeners.com). Version 1.0.1 fixed
item 1 ("väldigt stressad", not "på helspänn").
"""

from ._build import band, choice, loinc, scored_options, t, total

FREQUENCY = scored_options(
    [
        ("Inte alls", "Not at all"),
        ("Flera dagar", "Several days"),
        ("Mer än hälften av dagarna", "More than half the days"),
        ("Nästan varje dag", "Nearly every day"),
    ]
)

QUESTIONS = [
    (
        "1",
        "69725-0",
        "Känt dig nervös, ängslig eller väldigt stressad",
        "Feeling nervous, anxious, or on edge",
    ),
    (
        "2",
        "68509-9",
        "Inte kunnat sluta oroa dig eller kontrollera din oro",
        "Not being able to stop or control worrying",
    ),
    (
        "3",
        "69733-4",
        "Oroat dig för mycket för olika saker",
        "Worrying too much about different things",
    ),
    ("4", "69734-2", "Haft svårt att slappna av", "Trouble relaxing"),
    (
        "5",
        "69735-9",
        "Varit så rastlös att du haft svårt att sitta still",
        "Being so restless that it is hard to sit still",
    ),
    ("6", "69689-8", "Blivit lätt irriterad eller retlig", "Becoming easily annoyed or irritable"),
    (
        "7",
        "69736-7",
        "Känt dig rädd, som om något hemskt skulle kunna hända",
        "Feeling afraid, as if something awful might happen",
    ),
]

DEFINITION = {
    "key": "gad7",
    "version": "1.0.1",
    "title": t("GAD-7 (Generalized Anxiety Disorder 7)", "GAD-7 (Generalized Anxiety Disorder 7)"),
    "codes": loinc("69737-5"),
    "source": (
        "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized "
        "anxiety disorder: the GAD-7. Arch Intern Med 2006;166(10):1092-7."
    ),
    "licence": (
        "GAD-7 copyright © Pfizer Inc. Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, "
        "Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission "
        "required to reproduce, translate, display or distribute. Swedish wording: Pfizer's "
        "free Swedish translation (Swedish for Sweden, www.phqscreeners.com)."
    ),
    "items": [
        {
            "linkId": "intro",
            "type": "display",
            "text": t(
                "Under de senaste två veckorna, hur ofta har du besvärats av något av följande "
                "problem?",
                "Over the last 2 weeks, how often have you been bothered by the following "
                "problems?",
            ),
        },
        *[choice(link, sv, en, FREQUENCY, codes=loinc(code)) for link, code, sv, en in QUESTIONS],
    ],
    "scoring": {
        "total": total(
            [q[0] for q in QUESTIONS],
            [
                band(0, 4, "minimal", 0, "Minimal ångest", "Minimal anxiety"),
                band(5, 9, "mild", 1, "Lindrig ångest", "Mild anxiety"),
                band(10, 14, "moderate", 2, "Måttlig ångest", "Moderate anxiety"),
                band(15, 21, "severe", 3, "Svår ångest", "Severe anxiety"),
            ],
        ),
        # Reliable change: √2 · 3.41 · √(1 − 0.83) = 1.99, so 1.96 · 1.99 = 3.9 points (the
        # 4 points NHS Talking Therapies uses).
        "change": {
            "scale": "total",
            "better": "lower",
            "reliability": {
                "value": 0.83,
                "source": (
                    "Spitzer RL, Kroenke K, Williams JB, Löwe B. A brief measure for assessing "
                    "generalized anxiety disorder: the GAD-7. Arch Intern Med "
                    "2006;166(10):1092-7. Test–retest intraclass correlation 0.83."
                ),
            },
            "sd": {
                "value": 3.41,
                "source": (
                    "Löwe B, Decker O, Müller S, et al. Validation and standardization of the "
                    "Generalized Anxiety Disorder Screener (GAD-7) in the general population. "
                    "Med Care 2008;46(3):266-74. General population norm SD 3.41."
                ),
            },
            "cutoff": {
                "value": 8,
                "source": (
                    "Kroenke K, Spitzer RL, Williams JB, Monahan PO, Löwe B. Anxiety disorders "
                    "in primary care: prevalence, impairment, comorbidity, and detection. Ann "
                    "Intern Med 2007;146(5):317-25. A score of 8 or more: an anxiety disorder "
                    "likely (also the caseness cut-off of NHS Talking Therapies)."
                ),
            },
        },
    },
}

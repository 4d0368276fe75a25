"""PHQ-9, Patient Health Questionnaire (Kroenke, Spitzer & Williams 2001).

Swedish text: Pfizer's free Swedish translation (www.phqscreeners.com). Version 1.0.1 fixed
two deviations from it: "TV" (item 7) and "andra människor" (item 10).
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

# (linkId, LOINC, Swedish, English)
QUESTIONS = [
    (
        "1",
        "44250-9",
        "Lite intresse eller glädje i att göra saker",
        "Little interest or pleasure in doing things",
    ),
    (
        "2",
        "44255-8",
        "Känt dig nedstämd, deprimerad eller känt att framtiden ser hopplös ut",
        "Feeling down, depressed, or hopeless",
    ),
    (
        "3",
        "44259-0",
        "Svårt att somna eller sova utan avbrott, eller sovit för mycket",
        "Trouble falling or staying asleep, or sleeping too much",
    ),
    (
        "4",
        "44254-1",
        "Känt dig trött eller haft lite energi",
        "Feeling tired or having little energy",
    ),
    ("5", "44251-7", "Dålig aptit eller ätit för mycket", "Poor appetite or overeating"),
    (
        "6",
        "44258-2",
        "Dålig självkänsla – eller känt att du är misslyckad eller att du har svikit dig själv "
        "eller din familj",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down",
    ),
    (
        "7",
        "44252-5",
        "Svårt att koncentrera dig, till exempel när du läser tidningen eller tittar på TV",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
    ),
    (
        "8",
        "44253-3",
        "Rört dig eller talat så långsamt att andra kunnat märka det? Eller motsatsen – varit så "
        "nervös eller rastlös att du rört dig mycket mer än vanligt",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual",
    ),
    (
        "9",
        "44260-8",
        "Tankar på att det vore bättre om du var död eller att skada dig själv på något sätt",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
]

KROENKE_2001 = (
    "Kroenke K, Spitzer RL, Williams JB. The PHQ-9: validity of a brief depression severity "
    "measure. J Gen Intern Med 2001;16(9):606-13."
)

# Reliable change (docs/statistics.md): √2 · 3.52 · √(1 − 0.84) = 1.99, so 1.96 · 1.99 = 3.9
# points with the norm SD. NHS Talking Therapies (IAPT) uses 6 points, derived from a clinical
# sample's SD; that convention is not stored here because its SD's source is not the paper.
DEFINITION = {
    "key": "phq9",
    "version": "1.0.1",
    "title": t("PHQ-9 (Patient Health Questionnaire)", "PHQ-9 (Patient Health Questionnaire)"),
    "codes": loinc("44249-1"),
    "source": KROENKE_2001 + " Instructions: www.phqscreeners.com.",
    "licence": (
        "PHQ-9 copyright © Pfizer Inc. Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, "
        "Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission "
        "required to reproduce, translate, display or distribute. Swedish wording: Pfizer's "
        "free Swedish translation (Swedish for Sweden, www.phqscreeners.com); the stem, the "
        "answer options and the nine items follow it word for word."
    ),
    "items": [
        {
            "linkId": "intro",
            "type": "display",
            "text": t(
                "Under de senaste två veckorna, hur ofta har du besvärats av något av följande "
                "problem?",
                "Over the last 2 weeks, how often have you been bothered by any of the following "
                "problems?",
            ),
        },
        *[choice(link, sv, en, FREQUENCY, codes=loinc(code)) for link, code, sv, en in QUESTIONS],
        {
            "linkId": "10",
            "type": "choice",
            "codes": loinc("69722-7"),
            "text": t(
                "Om du har haft något av dessa problem, hur svårt har de gjort det för dig att "
                "utföra ditt arbete, ta hand om saker hemma eller komma överens med andra "
                "människor?",
                "If you checked off any problems, how difficult have these problems made it for "
                "you to do your work, take care of things at home, or get along with other people?",
            ),
            "options": [
                {"code": "0", "label": t("Inte alls svårt", "Not difficult at all")},
                {"code": "1", "label": t("Ganska svårt", "Somewhat difficult")},
                {"code": "2", "label": t("Mycket svårt", "Very difficult")},
                {"code": "3", "label": t("Extremt svårt", "Extremely difficult")},
            ],
        },
    ],
    "scoring": {
        "total": total(
            [q[0] for q in QUESTIONS],
            [
                band(0, 4, "minimal", 0, "Inga eller minimala symtom", "None–minimal"),
                band(5, 9, "mild", 1, "Lindriga", "Mild"),
                band(10, 14, "moderate", 2, "Måttliga", "Moderate"),
                band(15, 19, "moderately-severe", 3, "Medelsvåra", "Moderately severe"),
                band(20, 27, "severe", 4, "Svåra", "Severe"),
            ],
        ),
        "change": {
            "scale": "total",
            "better": "lower",
            "reliability": {"value": 0.84, "source": KROENKE_2001 + " Test–retest r = 0.84."},
            "sd": {
                "value": 3.52,
                "source": (
                    "Kocalevent RD, Hinz A, Brähler E. Standardization of the depression screener "
                    "Patient Health Questionnaire (PHQ-9) in the general population. Gen Hosp "
                    "Psychiatry 2013;35(5):551-5. General population norm SD 3.52."
                ),
            },
            "cutoff": {
                "value": 10,
                "source": KROENKE_2001 + " A score of 10 or more: major depression likely.",
            },
        },
        "alerts": [
            {
                "item": "9",
                "operator": ">",
                "value": 0,
                "level": "prioritised",
                "message": t(
                    "Fråga 9 (tankar på att vara död eller att skada sig själv) är besvarad "
                    "med mer än ”Inte alls”. Bedöm suicidrisken.",
                    "Item 9 (thoughts of being better off dead or of self-harm) is answered "
                    "above “Not at all”. Assess the suicide risk.",
                ),
            }
        ],
    },
}

"""EQ-5D-5L: the five-digit profile, the EQ VAS and the Swedish index values.

The EQ-5D-5L wording is licensed by the EuroQol Research Foundation and is not shipped. The
texts below are placeholders that a provider with a licence replaces with the official
Swedish and English wording.
"""

from ._build import t

DIMENSIONS = [
    ("MO", "rörlighet", "mobility"),
    ("SC", "personlig vård", "self-care"),
    ("UA", "vanliga aktiviteter", "usual activities"),
    ("PD", "smärtor/besvär", "pain/discomfort"),
    ("AD", "oro/nedstämdhet", "anxiety/depression"),
]


def _dimension(link: str, sv: str, en: str) -> dict:
    return {
        "linkId": link,
        "type": "choice",
        "required": True,
        "text": t(f"[Licensierad EQ-5D-text: {sv}]", f"[Licensed EQ-5D text: {en}]"),
        "options": [
            {"code": str(level), "label": t(f"[Nivå {level}]", f"[Level {level}]"), "score": level}
            for level in range(1, 6)
        ],
    }


DEFINITION = {
    "key": "eq5d5l",
    "version": "1.0.0",
    "title": t("EQ-5D-5L", "EQ-5D-5L"),
    "source": (
        "Herdman M, et al. Development and preliminary testing of the new five-level version of "
        "EQ-5D (EQ-5D-5L). Qual Life Res 2011;20:1727-36. Swedish value sets: Sun S, et al. "
        "Health Qual Life Outcomes 2022;20:167 (sweden-2022); Burström K, et al. "
        "PharmacoEconomics 2020 (sweden-2020)."
    ),
    "licence": (
        "EQ-5D is a trade mark of the EuroQol Research Foundation. The questionnaire text is "
        "licensed by EuroQol and is not included: every text here is a placeholder that a "
        "licensed provider replaces with the official wording (euroqol.org). Scoring uses the "
        "published Swedish value sets."
    ),
    "items": [
        *[_dimension(link, sv, en) for link, sv, en in DIMENSIONS],
        {
            "linkId": "VAS",
            "type": "slider",
            "required": True,
            "min": 0,
            "max": 100,
            "text": t("[Licensierad EQ VAS-text]", "[Licensed EQ VAS text]"),
        },
    ],
    "scoring": {
        "index": {
            "method": "eq5d5l",
            "dimensions": {link: link for link, _, _ in DIMENSIONS},
            "vas": "VAS",
            "defaultValueSet": "sweden-2022",
        },
    },
}

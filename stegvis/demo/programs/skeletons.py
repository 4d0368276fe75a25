"""Short skeletons for the rest of the region's catalog: one module, one step of text.

The facts (name, purpose, developer, users) follow /work/shared/data/program-catalog.md; the
text is written for Stegvis.
"""

from dataclasses import dataclass

from stegvis.demo.programs._build import module, program, section, step, text
from stegvis.instruments.library import builtin_data


@dataclass(frozen=True)
class Skeleton:
    key: str
    name: str
    description: str
    developed_by: str
    target_group: str = ""
    questionnaires: tuple[str, ...] = ()


PSYKOLOGPARTNERS = "Psykologpartners W & W AB"

SKELETONS = (
    Skeleton(
        "oroshjalpen",
        "Oroshjälpen",
        "Internetbaserad KBT för dig som oroar dig mycket och har svårt att släppa oron.",
        PSYKOLOGPARTNERS,
        "Vuxna med generaliserat ångestsyndrom",
        ("gad7",),
    ),
    Skeleton(
        "sovhjalpen",
        "Sovhjälpen",
        "Internetbaserad KBT vid sömnsvårigheter: sömnvanor, sömnschema och tankar om sömn.",
        PSYKOLOGPARTNERS,
        "Vuxna med långvariga sömnbesvär",
    ),
    Skeleton(
        "stresshjalpen",
        "Stresshjälpen",
        "Internetbaserad KBT för dig som känner dig stressad och utmattad i vardagen.",
        PSYKOLOGPARTNERS,
        "Vuxna med stressrelaterade besvär",
    ),
    Skeleton(
        "angesthjalpen",
        "Ångesthjälpen",
        "Internetbaserad KBT vid paniksyndrom och annan ångest.",
        PSYKOLOGPARTNERS,
        "Vuxna med ångestbesvär",
        ("gad7",),
    ),
    Skeleton(
        "angesthjalpen-ung",
        "Ångesthjälpen ung",
        "Internetbaserad KBT vid ångest, anpassad för ungdomar.",
        PSYKOLOGPARTNERS,
        "Ungdomar 13–17 år med ångestbesvär",
    ),
    Skeleton(
        "angesthjalpen-ung-foraldrastod",
        "Ångesthjälpen ung föräldrastöd",
        "Stöd till föräldrar vars barn går i Ångesthjälpen ung.",
        PSYKOLOGPARTNERS,
        "Föräldrar till ungdomar med ångest",
    ),
    Skeleton(
        "adhd-hjalpen",
        "ADHD-hjälpen",
        "Internetbaserad KBT med strategier för planering, struktur och fokus vid ADHD.",
        PSYKOLOGPARTNERS,
        "Vuxna med ADHD",
    ),
    Skeleton(
        "barn-med-sprakstorning",
        "Barn med språkstörning – stöd från logopeden",
        "Stöd till vårdnadshavare till förskolebarn med språkstörning, mellan besöken hos "
        "logopeden. Personalen går en utbildning innan de använder programmet.",
        "Västra Götalandsregionen",
        "Vårdnadshavare till förskolebarn med språkstörning",
    ),
    Skeleton(
        "lara-kanna",
        "Lära-känna-programmet",
        "Stöd till föräldrar till barn med funktionsnedsättning.",
        "Region Kronoberg, barnhälsovården",
        "Föräldrar till barn med funktionsnedsättning",
    ),
    Skeleton(
        "sjukskrivningskollen",
        "Sjukskrivningskollen",
        "Stöd för dig som är sjukskriven, och ett verktyg för rehabiliteringskoordinatorn.",
        "Landstinget i Kalmar län",
        "Sjukskrivna vuxna",
    ),
    Skeleton(
        "tobakshjalpen",
        "Tobakshjälpen",
        "För dig som vill sluta röka eller snusa, med stöd av en tobaksavvänjare.",
        "Region Jönköpings län",
        "Vuxna som vill sluta med tobak",
    ),
    Skeleton(
        "hjartskola",
        "Hjärtskola för dig med kranskärlssjukdom",
        "Hjärtskola vid kranskärlssjukdom, som komplement eller alternativ till den som ges "
        "på sjukhuset.",
        "Västra Götalandsregionen",
        "Vuxna med kranskärlssjukdom",
    ),
    Skeleton(
        "min-vardplan-cancer",
        "Min vårdplan cancer",
        "Vårdplan vid flera cancerdiagnoser: information för delaktighet, förståelse och trygghet.",
        "Regionala cancercentrum i samverkan (RCC)",
        "Personer med cancer och deras närstående",
    ),
    Skeleton(
        "ny-vikt-pa-sikt",
        "Ny vikt på sikt",
        "Viktprogram som kombinerar digitala och fysiska vårdkontakter enligt stegvis vård.",
        "Region Kronoberg",
        "Vuxna med övervikt eller fetma",
    ),
)


def document(skeleton: Skeleton) -> dict:
    """One module with one step of text; questionnaires, if any, on the same step."""
    blocks = [
        text(
            skeleton.description,
            "Det här är en förenklad version av programmet i Stegvis demomiljö. Innehållet "
            "byggs ut i designverktyget.",
        )
    ]
    blocks += [
        {"type": "questionnaire", "key": f"{q}-start", "questionnaire": q}
        for q in skeleton.questionnaires
    ]
    return program(
        key=skeleton.key,
        name=skeleton.name,
        description=skeleton.description,
        developed_by=skeleton.developed_by,
        target_group=skeleton.target_group,
        modules=[
            module(
                "introduktion",
                "Introduktion",
                "",
                {"rule": "at_start"},
                section("om", "Om programmet", step("valkommen", "Välkommen", *blocks)),
            )
        ],
        questionnaires={q: builtin_data(q) for q in skeleton.questionnaires},
    )

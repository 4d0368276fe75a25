"""MADRS-S och EQ-5D vid ECT: rating scales around a series of electroconvulsive therapy.

A measurement-only program (the region's "MADRA-S, MADRA-S och EQ-5D vid ECT"): no treatment
content, only the citizen's self-ratings and short information, for the psychiatric unit that
gives ECT. MADRS-S and EQ-5D-5L before the series (at the start), MADRS-S every week during it,
both again after it (when the practitioner opens "Efter ECT-serien" at the last treatment) and
MADRS-S monthly in the maintenance phase. A prioritised MADRS-S answer (item 9, thoughts of
life and death) raises a red flag. Original text, written for Stegvis.
"""

from stegvis.demo.programs._build import bullets, info, module, program, section, step, text
from stegvis.instruments.library import builtin_data

KEY = "madrs-s-eq5d-ect"
NAME = "MADRS-S och EQ-5D vid ECT"
AFTER = "efter-ect"


def _scales(prefix: str) -> list[dict]:
    return [
        {"type": "questionnaire", "key": f"madrs-{prefix}", "questionnaire": "madrs-s"},
        {"type": "questionnaire", "key": f"eq5d-{prefix}", "questionnaire": "eq5d5l"},
    ]


def _before() -> dict:
    return module(
        "fore-ect",
        "Före ECT-serien",
        "<p>Innan din första behandling skattar du hur du mår.</p>",
        {"rule": "at_start"},
        section(
            "om-skattningarna",
            "Om skattningarna",
            step(
                "varfor",
                "Varför vi ber dig skatta",
                text(
                    "Du ska få en serie behandlingar med ECT (elektrokonvulsiv terapi). För att "
                    "du och din vårdpersonal ska kunna följa hur du mår ber vi dig fylla i två "
                    "korta formulär före, under och efter behandlingsserien.",
                    "MADRS-S handlar om hur du har mått de senaste tre dagarna: nedstämdhet, "
                    "sömn, aptit, koncentration och ork. EQ-5D handlar om din hälsa i dag: "
                    "rörlighet, egenvård, vanliga aktiviteter, smärta och oro.",
                ),
                info(
                    "Om du har tankar på att ta ditt liv: ring 112 eller kontakta "
                    "psykiatriska akutmottagningen direkt. Formulären läses inte av någon "
                    "på kvällar och helger."
                ),
            ),
            step(
                "skattning-fore",
                "Skattning före första behandlingen",
                text("Fyll i båda formulären innan din första behandling."),
                *_scales("fore"),
            ),
        ),
    )


def _during() -> dict:
    return module(
        "under-ect",
        "Under ECT-serien",
        "<p>Under serien skattar du ditt mående en gång i veckan.</p>",
        {"rule": "practitioner"},
        section(
            "under-serien",
            "Under behandlingsserien",
            step(
                "varje-vecka",
                "En gång i veckan",
                bullets(
                    "Så går det till under serien:",
                    [
                        "Du får en påminnelse om MADRS-S en gång i veckan.",
                        "Fyll i den helst samma dag som du har behandling, före behandlingen.",
                        "Din behandlare ser resultatet och tar upp det med dig vid nästa besök.",
                    ],
                ),
                text(
                    "Det är vanligt att minnet påverkas tillfälligt under en ECT-serie. Skriv "
                    "gärna upp frågor du vill ställa, så tar vi dem vid nästa behandling."
                ),
            ),
        ),
    )


def _after() -> dict:
    return module(
        AFTER,
        "Efter ECT-serien",
        "<p>När serien är klar skattar du igen, så att vi ser hur behandlingen har hjälpt.</p>",
        {"rule": "practitioner"},
        section(
            "efter-serien",
            "Efter behandlingsserien",
            step(
                "skattning-efter",
                "Skattning efter sista behandlingen",
                text(
                    "Serien är avslutad. Fyll i båda formulären igen. Dina svar jämförs med "
                    "dem du gav före serien."
                ),
                *_scales("efter"),
            ),
            step(
                "uppfoljning",
                "Uppföljning",
                text(
                    "Under uppföljningen får du MADRS-S en gång i månaden. Om du mår sämre "
                    "igen, kontakta din mottagning: ibland behövs fler behandlingar."
                ),
            ),
        ),
    )


def document() -> dict:
    return program(
        key=KEY,
        name=NAME,
        description=(
            "Skattningsskalor före, under och efter behandling med elektrokonvulsiv terapi "
            "(ECT): MADRS-S och EQ-5D-5L."
        ),
        developed_by="Region Kronoberg, specialistpsykiatrin",
        target_group="Vuxna som får ECT",
        intro="<p>Här skattar du hur du mår före, under och efter din ECT-serie.</p>",
        modules=[_before(), _during(), _after()],
        questionnaires={"madrs-s": builtin_data("madrs-s"), "eq5d5l": builtin_data("eq5d5l")},
        schedules=[
            {"questionnaire": "madrs-s", "when": "every_n_days", "days": 7},
            {"questionnaire": "madrs-s", "when": "before_module", "module": AFTER},
            {"questionnaire": "eq5d5l", "when": "before_module", "module": AFTER},
            {"questionnaire": "madrs-s", "when": "maintenance", "days": 30},
        ],
        flags=[{"questionnaire": "madrs-s", "alert_level": "prioritised", "flag": "red"}],
    )

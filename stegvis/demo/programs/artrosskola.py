"""Artrosskola: information and exercises for people with osteoarthritis, for the Stegvis demo.

Original text. Exercise videos and an audio relaxation are placeholders (no media file yet, a
transcript always); an exercise diary charts pain from 0 to 10. EQ-5D-5L at start and end.
"""

from stegvis.demo.programs._build import bullets, field, info, module, program, section, step, text
from stegvis.instruments.library import builtin_data

KEY = "artrosskola"


def _video(title: str, transcript: str) -> dict:
    # An empty media name is a placeholder until the unit uploads its own film.
    return {"type": "video", "media": "", "title": title, "transcript": transcript}


def _exercise(key: str, title: str, how: str, transcript: str) -> dict:
    return step(
        key,
        title,
        text(how),
        _video(f"Film: {title.lower()}", transcript),
    )


def document() -> dict:
    return program(
        key=KEY,
        name="Artrosskola",
        description=(
            "Information och träning för dig med artros i höft, knä eller hand: vad artros är, "
            "varför rörelse hjälper, övningar att göra hemma och en träningsdagbok."
        ),
        developed_by="Region Kronoberg",
        target_group="Vuxna med artros i höft, knä eller hand",
        intro="<p>Välkommen till artrosskolan. Här får du kunskap och övningar för vardagen.</p>",
        modules=[
            module(
                "om-artros",
                "Om artros",
                "<p>Vad som händer i leden, och vad du själv kan göra.</p>",
                {"rule": "at_start"},
                section(
                    "kunskap",
                    "Kunskap om artros",
                    step(
                        "vad-ar-artros",
                        "Vad är artros?",
                        text(
                            "Artros är en vanlig ledsjukdom. Brosket i leden blir tunnare och "
                            "benet under förändras. Det kan göra ont, kännas stelt och göra det "
                            "svårare att röra sig, särskilt efter vila.",
                            "Artros är inte samma sak som att leden är utsliten. Leden påverkas "
                            "av hur du använder den, och rätt belastning gör den starkare.",
                        ),
                        {
                            "type": "questionnaire",
                            "key": "eq5d-start",
                            "questionnaire": "eq5d5l",
                        },
                    ),
                    step(
                        "rorelse-hjalper",
                        "Varför rörelse hjälper",
                        text(
                            "Träning är den behandling som hjälper flest personer med artros. "
                            "Starkare muskler avlastar leden, och rörelse gör brosket mer "
                            "motståndskraftigt. Smärtan minskar ofta efter några veckors "
                            "regelbunden träning."
                        ),
                        info(
                            "Det är normalt att det gör lite ont under träningen. Smärtan ska ha "
                            "lagt sig inom ett dygn. Gör den inte det, träna lite lättare nästa "
                            "gång.",
                            style="tip",
                        ),
                        {
                            "type": "checklist",
                            "key": "vardagsrad",
                            "title": "Det här vill jag prova i vardagen",
                            "items": [
                                {"key": "promenad", "label": "Promenera en stund varje dag"},
                                {"key": "trappor", "label": "Ta trappan när jag kan"},
                                {"key": "vila", "label": "Växla mellan att sitta och röra mig"},
                            ],
                        },
                    ),
                ),
            ),
            module(
                "ovningar",
                "Övningar hemma",
                "<p>Övningar att göra två till tre gånger i veckan.</p>",
                {"rule": "previous_done"},
                section(
                    "knahoft",
                    "Övningar för knä och höft",
                    _exercise(
                        "uppresning",
                        "Uppresning från stol",
                        "Sitt längst fram på en stol med fötterna i golvet. Res dig upp utan "
                        "att ta hjälp av armarna och sätt dig långsamt igen. Gör tio gånger.",
                        "En person sitter på en stol, reser sig lugnt och sätter sig igen. "
                        "Rösten säger: Res dig upp utan att ta hjälp av armarna. Sätt dig "
                        "långsamt. Andas lugnt. Upprepa tio gånger.",
                    ),
                    _exercise(
                        "tahavning",
                        "Tåhävning",
                        "Stå med stöd mot en stolsrygg. Gå upp på tå och sänk dig långsamt. Gör "
                        "femton gånger.",
                        "En person står bakom en stol och håller i ryggstödet, går upp på tå och "
                        "sänker sig sakta. Rösten säger: Upp på tå, och sakta ner. Femton gånger.",
                    ),
                    _exercise(
                        "sidolyft",
                        "Sidolyft med benet",
                        "Ligg på sidan med det nedre benet böjt. Lyft det övre benet rakt upp "
                        "och sänk långsamt. Gör tio gånger per sida.",
                        "En person ligger på sidan på en matta och lyfter det övre benet. "
                        "Rösten säger: Lyft benet rakt upp, håll en sekund, sänk långsamt.",
                    ),
                ),
                section(
                    "hand",
                    "Övningar för handen",
                    _exercise(
                        "knyta-handen",
                        "Knyt och sträck handen",
                        "Knyt handen mjukt och sträck sedan ut fingrarna så långt det går. Gör "
                        "tio gånger med varje hand.",
                        "Närbild på en hand som knyts mjukt och sträcks ut. Rösten säger: Knyt "
                        "handen, sträck ut fingrarna. Tio gånger.",
                    ),
                    step(
                        "avslappning",
                        "Avslappning",
                        text("Lyssna på avslappningen när du vill varva ner efter träningen."),
                        {
                            "type": "audio",
                            "media": "",
                            "title": "Avslappning, tio minuter",
                            "transcript": "Sätt dig eller lägg dig bekvämt. Blunda om du vill. "
                            "Andas in genom näsan, och ut genom munnen. Känn hur axlarna sjunker "
                            "lite för varje utandning. Låt benen vila tungt mot underlaget.",
                        },
                    ),
                ),
            ),
            module(
                "traningsdagbok",
                "Träningsdagbok och uppföljning",
                "<p>Följ din träning och din smärta över tid.</p>",
                {"rule": "previous_done"},
                section(
                    "dagbok",
                    "Min träningsdagbok",
                    step(
                        "dagboken",
                        "Träningsdagbok",
                        text(
                            "Skriv in varje gång du tränar. Skatta din smärta från 0 (ingen "
                            "smärta) till 10 (värsta tänkbara). Diagrammet visar hur den "
                            "förändras vecka för vecka."
                        ),
                        {
                            "type": "diary",
                            "key": "traning",
                            "title": "Träningsdagbok",
                            "fields": [
                                field(
                                    "ovning",
                                    "Vad tränade du?",
                                    "choice",
                                    ("Knä och höft", "Hand", "Promenad", "Annat"),
                                    True,
                                ),
                                field("minuter", "Hur många minuter?", "number"),
                                field("smarta", "Smärta 0–10", "number", (), True),
                                field("kommentar", "Kommentar", "long_text"),
                            ],
                            "chart_field": "smarta",
                        },
                    ),
                    step(
                        "uppfoljning",
                        "Uppföljning",
                        bullets(
                            "Efter några veckor är det dags att se tillbaka:",
                            [
                                "Har smärtan förändrats?",
                                "Vilka övningar passar dig bäst?",
                                "Hur vill du fortsätta träna när artrosskolan är slut?",
                            ],
                        ),
                        {
                            "type": "questionnaire",
                            "key": "eq5d-slut",
                            "questionnaire": "eq5d5l",
                        },
                        {
                            "type": "feedback",
                            "key": "artros-aterkoppling",
                            "prompt": "<p>Berätta för din fysioterapeut hur träningen har gått "
                            "och vad du vill fortsätta med.</p>",
                        },
                    ),
                ),
            ),
        ],
        questionnaires={"eq5d5l": builtin_data("eq5d5l")},
        schedules=[{"questionnaire": "eq5d5l", "when": "end"}],
        reminders={"inactivity_days": 14},
    )

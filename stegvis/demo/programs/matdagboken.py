"""Matdagboken: a food diary kept before a visit to the dietitian, for the Stegvis demo."""

from stegvis.demo.programs._build import bullets, field, info, module, program, section, step, text

KEY = "matdagboken"

MEALS = ("Frukost", "Lunch", "Middag", "Mellanmål", "Kvällsmål")


def document() -> dict:
    return program(
        key=KEY,
        name="Matdagboken",
        description=(
            "En matdagbok att fylla i under några dagar före besöket hos dietisten: vad, när "
            "och hur mycket du äter och dricker, och hur hungrig du är."
        ),
        developed_by="Region Kronoberg",
        target_group="Vuxna som ska träffa en dietist",
        intro="<p>Fyll i matdagboken i tre till fyra dagar före ditt besök.</p>",
        modules=[
            module(
                "matdagbok",
                "Min matdagbok",
                "<p>Så här fyller du i dagboken, och själva dagboken.</p>",
                {"rule": "at_start"},
                section(
                    "infor",
                    "Inför besöket",
                    step(
                        "sa-fyller-du-i",
                        "Så fyller du i dagboken",
                        text(
                            "Dietisten vill få en bild av hur du äter en vanlig vecka. Det finns "
                            "inget rätt eller fel. Ät som du brukar och skriv ner allt, även en "
                            "kaffe eller en näve nötter."
                        ),
                        bullets(
                            "Tänk på att:",
                            [
                                "skriva så snart som möjligt efter måltiden",
                                "ta med minst en dag i helgen",
                                "uppskatta mängder i vanliga mått, till exempel ”två skivor” "
                                "eller ”en tallrik”",
                            ],
                        ),
                        info(
                            "Det du skriver ser bara du och din dietist.",
                        ),
                    ),
                ),
                section(
                    "dagbok",
                    "Dagboken",
                    step(
                        "maltider",
                        "Mina måltider",
                        {
                            "type": "diary",
                            "key": "maltid",
                            "title": "Matdagbok",
                            "fields": [
                                field("maltid", "Måltid", "choice", MEALS, True),
                                field("vad", "Vad åt och drack du?", "long_text", (), True),
                                field("mangd", "Ungefär hur mycket?"),
                                field("hunger", "Hur hungrig var du före? (0–10)", "number"),
                                field("kansla", "Hur kändes det efteråt?"),
                            ],
                            "chart_field": "hunger",
                        },
                    ),
                    step(
                        "infor-besoket",
                        "Frågor till dietisten",
                        {
                            "type": "feedback",
                            "key": "fragor-dietist",
                            "prompt": "<p>Finns det något du vill ta upp vid besöket? Skriv det "
                            "här så kan dietisten förbereda sig.</p>",
                        },
                    ),
                ),
            )
        ],
        reminders={"inactivity_days": 2},
    )

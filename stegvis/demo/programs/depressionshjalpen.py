"""Depressionshjälpen: internet-delivered CBT for depression, written for the Stegvis demo.

Original text (not taken from any real program): four modules — understanding depression,
behavioural activation, thoughts and rumination, keeping what works — with homework,
worksheets and feedback moments. PHQ-9 and MADRS-S at the start, every seventh day and at the
end; a prioritised alert (thoughts of death or self-harm) raises a red flag.
"""

from stegvis.demo.programs._build import (
    bullets,
    field,
    info,
    module,
    program,
    section,
    step,
    text,
)
from stegvis.instruments.library import builtin_data

KEY = "depressionshjalpen"

SAFETY = info(
    "Om du får tankar på att skada dig själv eller på att inte vilja leva: vänta inte på "
    "nästa meddelande. Ring 112 vid akut fara, eller 1177 för rådgivning dygnet runt. Du kan "
    "också ringa Mind Självmordslinjen på 90101.",
    style="warning",
)


def _module_1() -> dict:
    return module(
        "forsta-depression",
        "Att förstå depression",
        "<p>Här lär du känna programmet och får en bild av vad depression är och hur den "
        "hålls vid liv. Du sätter också upp dina egna mål.</p>",
        {"rule": "at_start"},
        section(
            "borja",
            "Att börja",
            step(
                "valkommen",
                "Välkommen",
                text(
                    "Välkommen till Depressionshjälpen. Att du har börjat här är ett steg i sig, "
                    "även om det kanske inte känns så just nu.",
                    "Programmet bygger på kognitiv beteendeterapi, KBT. Du arbetar i din egen "
                    "takt, ungefär en modul i veckan, och din behandlare följer dig hela vägen. "
                    "Hen läser det du skriver, svarar på dina frågor och hjälper dig att komma "
                    "vidare när det tar emot.",
                ),
                bullets(
                    "Några saker som brukar hjälpa:",
                    [
                        "Bestäm en fast tid i veckan för programmet, gärna samma dag varje vecka.",
                        "Hellre en kvart ofta än två timmar sällan.",
                        "Det finns inga rätta svar i övningarna. Skriv som det är för dig.",
                    ],
                ),
                SAFETY,
            ),
            step(
                "skattning-start",
                "Hur mår du just nu?",
                text(
                    "Innan vi börjar vill vi veta hur du har haft det den senaste tiden. Du "
                    "kommer att fylla i samma frågor en gång i veckan. Då kan både du och din "
                    "behandlare se hur det går och ändra i upplägget om det behövs."
                ),
                {"type": "questionnaire", "key": "phq9-start", "questionnaire": "phq9"},
                {"type": "questionnaire", "key": "madrs-start", "questionnaire": "madrs-s"},
            ),
        ),
        section(
            "vad-ar-depression",
            "Vad är depression?",
            step(
                "symtom",
                "Hur depression märks",
                text(
                    "Depression är vanligt. Ungefär var femte person får en depression någon "
                    "gång i livet. Det är inte ett tecken på svaghet och inget man kan rycka upp "
                    "sig ur med viljekraft.",
                    "Depression märks på flera sätt samtidigt: i känslorna, i tankarna, i kroppen "
                    "och i det man gör.",
                ),
                bullets(
                    "Vanliga tecken är att man:",
                    [
                        "känner sig nedstämd, tom eller likgiltig större delen av dagen",
                        "inte längre tycker om sådant som brukade vara roligt",
                        "sover sämre eller mycket mer än vanligt",
                        "har svårt att koncentrera sig och att fatta beslut",
                        "känner sig trött och orkeslös även efter vila",
                        "är hård mot sig själv och tänker att allt är ens eget fel",
                    ],
                ),
            ),
            step(
                "onda-cirkeln",
                "Den onda cirkeln",
                text(
                    "När man mår dåligt är det naturligt att dra sig undan. Man ställer in en "
                    "träff, skjuter upp tvätten och stannar hellre i sängen. Det ger lättnad en "
                    "stund. Men på sikt blir det färre saker i livet som ger glädje och mening, "
                    "och då sjunker måendet ännu mer.",
                    "Det kallas ofta för den onda cirkeln: nedstämdhet leder till mindre "
                    "aktivitet, som leder till mer nedstämdhet. Det goda är att cirkeln också "
                    "går att vända. Små förändringar i vad du gör kan steg för steg påverka hur "
                    "du mår.",
                ),
                info(
                    "Du behöver inte vänta tills du har lust. I depression kommer lusten ofta "
                    "efter att man har börjat, inte före.",
                    style="tip",
                ),
            ),
        ),
        section(
            "min-situation",
            "Din situation och dina mål",
            step(
                "kartlaggning",
                "Hur ser det ut för dig?",
                text(
                    "Fundera på hur depressionen märks i just ditt liv. Skriv några rader. Din "
                    "behandlare läser och återkommer till dig."
                ),
                {
                    "type": "worksheet",
                    "key": "min-cirkel",
                    "title": "Min onda cirkel",
                    "fields": [
                        field("kanslor", "Hur mår du oftast nu för tiden?", "long_text", (), True),
                        field("slutat", "Vad har du slutat med eller gör mindre av?", "long_text"),
                        field("foljd", "Vad händer med måendet när du avstår?", "long_text"),
                    ],
                },
            ),
            step(
                "mal",
                "Mina mål",
                text(
                    "Tänk dig att behandlingen har hjälpt. Vad gör du då som du inte gör i dag? "
                    "Skriv mål som går att se, till exempel ”promenera med en vän varje vecka” "
                    "snarare än ”må bättre”."
                ),
                {
                    "type": "worksheet",
                    "key": "mina-mal",
                    "title": "Mina mål med behandlingen",
                    "fields": [
                        field("mal1", "Mål 1", "text", (), True),
                        field("mal2", "Mål 2"),
                        field("mal3", "Mål 3"),
                    ],
                },
                {
                    "type": "homework",
                    "key": "hemuppgift-1",
                    "prompt": "<p>Under veckan: lägg märke till en stund då du mådde lite "
                    "bättre och en då du mådde sämre. Vad gjorde du just då? Skriv ner det "
                    "här.</p>",
                },
                {
                    "type": "feedback",
                    "key": "aterkoppling-1",
                    "prompt": "<p>Hur var det att arbeta med den första modulen? Skriv gärna "
                    "vad som kändes viktigt och om något var svårt. Din behandlare svarar.</p>",
                },
            ),
        ),
    )


def _module_2() -> dict:
    return module(
        "beteendeaktivering",
        "Aktivitet och mående",
        "<p>Här undersöker du sambandet mellan det du gör och hur du mår, och börjar lägga in "
        "fler aktiviteter som ger glädje, mening eller en känsla av att ha fått något gjort.</p>",
        {"rule": "previous_done"},
        section(
            "registrera",
            "Vad gör du, och hur mår du?",
            step(
                "varfor-registrera",
                "Att se sitt eget mönster",
                text(
                    "Det är lätt att minnas en vecka som bara grå. När man skriver ner vad man "
                    "gör och hur man mår, timme för timme, brukar bilden bli mer nyanserad. Några "
                    "stunder är lite bättre än andra, och det är de stunderna vi letar efter.",
                    "Skriv in några aktiviteter per dag i dagboken nedan och skatta ditt mående "
                    "från 0 (sämsta tänkbara) till 10 (bästa tänkbara).",
                ),
                {
                    "type": "diary",
                    "key": "aktivitetsdagbok",
                    "title": "Aktivitetsdagbok",
                    "fields": [
                        field("aktivitet", "Vad gjorde du?", "text", (), True),
                        field("maende", "Mående 0–10", "number", (), True),
                        field("med-vem", "Med vem?"),
                    ],
                    "chart_field": "maende",
                },
            ),
        ),
        section(
            "planera",
            "Att planera in det som ger",
            step(
                "tre-sorter",
                "Tre sorters aktiviteter",
                bullets(
                    "Aktiviteter som brukar lyfta måendet är av tre slag:",
                    [
                        "<strong>Glädje:</strong> sådant du tycker om, som att lyssna på musik "
                        "eller fika med någon.",
                        "<strong>Mening:</strong> sådant som är viktigt för dig, som att hjälpa "
                        "någon eller vara en närvarande förälder.",
                        "<strong>Måsten:</strong> sådant som blir gjort, som att betala en "
                        "räkning. Det ger ofta lättnad och en känsla av kontroll.",
                    ],
                ),
                {
                    "type": "checklist",
                    "key": "aktivitetsforslag",
                    "title": "Aktiviteter jag vill prova",
                    "items": [
                        {"key": "promenad", "label": "En kort promenad"},
                        {"key": "ringa", "label": "Ringa eller skriva till någon"},
                        {"key": "laga-mat", "label": "Laga en enkel måltid"},
                        {"key": "musik", "label": "Lyssna på musik jag tycker om"},
                        {"key": "stada", "label": "Göra en liten sak hemma i tio minuter"},
                    ],
                },
            ),
            step(
                "smaa-steg",
                "Små steg och en plan",
                text(
                    "Välj en eller två aktiviteter och bestäm när du ska göra dem. Gör stegen "
                    "så små att de går att genomföra även en dålig dag. Fem minuters promenad "
                    "räknas. Det som räknas är att du gör det, inte hur det kändes."
                ),
                {
                    "type": "worksheet",
                    "key": "veckoplan",
                    "title": "Min plan för veckan",
                    "fields": [
                        field("aktivitet1", "Aktivitet", "text", (), True),
                        field("nar1", "När?", "date", (), True),
                        field("hinder", "Vad kan komma i vägen, och vad gör jag då?", "long_text"),
                    ],
                },
                {
                    "type": "homework",
                    "key": "hemuppgift-2",
                    "prompt": "<p>Genomför din plan och fortsätt fylla i aktivitetsdagboken. "
                    "Skriv här hur det gick, även om det inte blev som tänkt.</p>",
                },
                {
                    "type": "feedback",
                    "key": "aterkoppling-2",
                    "prompt": "<p>Vad lade du märke till när du jämförde aktiviteter och "
                    "mående?</p>",
                },
            ),
        ),
    )


def _module_3() -> dict:
    return module(
        "tankar",
        "Tankar och grubbel",
        "<p>Här lär du dig känna igen depressiva tankar och grubbel, och prövar andra sätt att "
        "förhålla dig till dem.</p>",
        {"rule": "practitioner"},
        section(
            "depressiva-tankar",
            "Tankar som drar ner",
            step(
                "tankefallor",
                "När tankarna blir mörka",
                text(
                    "I en depression blir tankarna ofta hårda och svartvita: ”Jag klarar "
                    "ingenting”, ”Det kommer aldrig att bli bättre”. De känns sanna, men de är "
                    "tankar, inte fakta. De färgas av hur man mår.",
                ),
                bullets(
                    "Några vanliga tankefällor:",
                    [
                        "<strong>Allt eller inget:</strong> antingen perfekt eller misslyckat.",
                        "<strong>Tankeläsning:</strong> att vara säker på vad andra tycker.",
                        "<strong>Spådom:</strong> att veta att det kommer att gå dåligt.",
                        "<strong>Att bortse från det positiva:</strong> ”det där räknas inte”.",
                    ],
                ),
            ),
            step(
                "prova-tanken",
                "Pröva en tanke",
                text(
                    "Välj en situation från veckan då du kände dig nedstämd. Skriv vad som "
                    "hände, vilken tanke som dök upp, och försök sedan hitta ett annat sätt att "
                    "se på saken, som om du pratade med en god vän."
                ),
                {
                    "type": "worksheet",
                    "key": "tankeschema",
                    "title": "Tankeschema",
                    "fields": [
                        field("situation", "Situation", "text", (), True),
                        field("tanke", "Tanken som dök upp", "text", (), True),
                        field("styrka", "Hur mycket trodde du på den? (0–100)", "number"),
                        field("alternativ", "Ett annat sätt att se på det", "long_text"),
                    ],
                },
            ),
        ),
        section(
            "grubbel",
            "Att kliva ur grubblet",
            step(
                "grubbel-vad",
                "Vad är grubbel?",
                text(
                    "Grubbel är att tänka samma tankar om och om igen utan att komma fram till "
                    "något: ”Varför är jag sådan här?”. Det känns som att lösa problem, men "
                    "brukar göra en mer nedstämd.",
                    "Ett sätt att bryta grubblet är att fråga sig: leder det här tänkandet "
                    "någonstans? Om inte, flytta uppmärksamheten till något du gör med "
                    "händerna eller kroppen, eller till det som finns runt omkring dig.",
                ),
                {
                    "type": "homework",
                    "key": "hemuppgift-3",
                    "prompt": "<p>Lägg märke till när du grubblar under veckan. Skriv ner när "
                    "det brukar hända och vad du gjorde för att kliva ur det.</p>",
                },
                {
                    "type": "feedback",
                    "key": "aterkoppling-3",
                    "prompt": "<p>Vilken tanke var svårast att pröva? Din behandlare hjälper "
                    "dig gärna vidare.</p>",
                },
            ),
        ),
    )


def _module_4() -> dict:
    return module(
        "halla-i",
        "Att hålla i förändringen",
        "<p>Den sista modulen handlar om att sammanfatta det du har lärt dig och göra en plan "
        "för hur du tar hand om dig framöver.</p>",
        {"rule": "previous_done"},
        section(
            "sammanfatta",
            "Det här har hjälpt mig",
            step(
                "tillbakablick",
                "En tillbakablick",
                text(
                    "Titta tillbaka på dina skattningar och din aktivitetsdagbok. Vad har "
                    "förändrats sedan du började? Vad gjorde skillnad?"
                ),
                {
                    "type": "worksheet",
                    "key": "lardomar",
                    "title": "Mina viktigaste lärdomar",
                    "fields": [
                        field("hjalpt", "Det här har hjälpt mig mest", "long_text", (), True),
                        field("fortsatta", "Det här vill jag fortsätta med", "long_text"),
                    ],
                },
            ),
        ),
        section(
            "plan-framat",
            "Min plan framåt",
            step(
                "varningstecken",
                "Tidiga varningstecken",
                text(
                    "Det är vanligt att ha dåliga perioder även efter en behandling. Ju "
                    "tidigare du märker att det är på väg nedåt, desto lättare är det att "
                    "vända. Skriv ner dina egna varningstecken och vad du gör då."
                ),
                {
                    "type": "worksheet",
                    "key": "vidmakthallandeplan",
                    "title": "Min vidmakthållandeplan",
                    "fields": [
                        field("tecken", "Mina tidiga varningstecken", "long_text", (), True),
                        field("gora", "Det här gör jag då", "long_text", (), True),
                        field("kontakt", "Den här personen kan jag prata med"),
                    ],
                },
                SAFETY,
            ),
            step(
                "avslut",
                "Avslutning",
                text(
                    "Du har gjort ett stort arbete. Fortsätt att använda det som har hjälpt, "
                    "också de veckor då du mår bra. Om en månad får du fylla i skattningarna "
                    "igen, så att du och din behandlare kan se att förbättringen håller i sig."
                ),
                {"type": "questionnaire", "key": "phq9-slut", "questionnaire": "phq9"},
                {
                    "type": "feedback",
                    "key": "aterkoppling-slut",
                    "prompt": "<p>Hur har det varit att gå igenom programmet? Vad tar du med "
                    "dig?</p>",
                },
            ),
        ),
    )


def document() -> dict:
    return program(
        key=KEY,
        name="Depressionshjälpen",
        description=(
            "Internetbaserad KBT vid lätt till måttlig depression: förstå depressionen, öka "
            "aktiviteter som ger glädje och mening, hantera grubbel och göra en plan för att "
            "behålla det som hjälper. Fyra moduler med stöd av en behandlare."
        ),
        developed_by="Psykologpartners W & W AB",
        target_group="Vuxna med lätt till måttlig depression",
        intro=(
            "<p>Ett program i fyra moduler för dig som känner dig nedstämd. Du arbetar hemma i "
            "din egen takt, med stöd av en behandlare.</p>"
        ),
        modules=[_module_1(), _module_2(), _module_3(), _module_4()],
        questionnaires={"phq9": builtin_data("phq9"), "madrs-s": builtin_data("madrs-s")},
        schedules=[
            {"questionnaire": "phq9", "when": "every_n_days", "days": 7},
            {"questionnaire": "madrs-s", "when": "every_n_days", "days": 7},
            {"questionnaire": "phq9", "when": "end"},
            {"questionnaire": "madrs-s", "when": "end"},
            {"questionnaire": "phq9", "when": "maintenance", "days": 30},
        ],
        reminders={"inactivity_days": 7},
        flags=[
            {"questionnaire": "phq9", "alert_level": "prioritised", "flag": "red"},
            {"questionnaire": "madrs-s", "alert_level": "prioritised", "flag": "red"},
            {"questionnaire": "phq9", "alert_level": "warning", "flag": "yellow"},
        ],
    )

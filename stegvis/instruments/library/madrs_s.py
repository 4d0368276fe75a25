"""MADRS-S, the self-rated Montgomery–Åsberg Depression Rating Scale (Svanborg & Åsberg 1994).

Each of the nine items has a heading (``text``), the question (``help``) and descriptions of
the steps 0, 2, 4 and 6; the steps 1, 3 and 5 lie between two descriptions and are shown by
their number only (``between``), with an accessible name that says so. The Swedish wording
follows the published self-rating form; the English wording is a plain translation for the
English interface, not a validated version.
"""

from ._build import band, choice, t, total

# (linkId, heading sv, heading en, question sv, question en, [(sv, en) for steps 0, 2, 4, 6])
ITEMS = [
    (
        "1",
        "Sinnesstämning",
        "Mood",
        "Här ska du beskriva om du känner dig ledsen, tungsint eller dyster inombords. Tänk "
        "efter hur du har känt dig de senaste tre dagarna, om du har skiftat i humöret eller om "
        "det varit i stort sett detsamma hela tiden. Försök särskilt komma ihåg om du har känt "
        "dig lättare till sinnes, om det har hänt något positivt.",
        "Here you should describe whether you feel sad, gloomy or dejected inside. Think about "
        "how you have felt over the last three days, whether your mood has changed or stayed "
        "much the same all the time. Try in particular to recall whether you have felt more "
        "cheerful when something good has happened.",
        [
            (
                "Jag kan känna mig glad eller ledsen, allt efter omständigheterna.",
                "I can feel happy or sad, depending on the circumstances.",
            ),
            (
                "Jag känner mig nedstämd för det mesta, men ibland kan det kännas lättare.",
                "I feel low most of the time, but sometimes it feels easier.",
            ),
            (
                "Jag känner mig genomgående nedstämd och dyster. Jag kan inte glädja mig åt "
                "sådant som vanligen skulle göra mig glad.",
                "I feel low and gloomy all the time. I cannot enjoy things that would usually "
                "make me happy.",
            ),
            (
                "Jag är så totalt nedstämd och olycklig att jag inte kan tänka mig värre.",
                "I am so utterly low and unhappy that I cannot imagine feeling worse.",
            ),
        ],
    ),
    (
        "2",
        "Oroskänslor",
        "Feelings of unease",
        "Här ska du markera i vilken utsträckning du haft känslor av inre spänning, olust och "
        "ångest eller odefinierad rädsla under de senaste tre dagarna. Tänk särskilt på hur "
        "intensiva känslorna varit, och om de kommit och gått eller funnits nästan hela tiden.",
        "Here you should indicate to what extent you have had feelings of inner tension, "
        "unease and anxiety or vague fear over the last three days. Think in particular about "
        "how intense the feelings have been, and whether they have come and gone or been there "
        "almost all the time.",
        [
            ("Jag känner mig mestadels lugn.", "I feel calm most of the time."),
            (
                "Ibland har jag obehagliga känslor av inre oro.",
                "Sometimes I have unpleasant feelings of inner unease.",
            ),
            (
                "Jag har ofta en känsla av inre oro som ibland kan bli mycket stark, och som jag "
                "måste anstränga mig för att bemästra.",
                "I often have a feeling of inner unease that can sometimes become very strong, "
                "and that I must make an effort to master.",
            ),
            (
                "Jag har fruktansvärda, långvariga eller outhärdliga ångestkänslor.",
                "I have dreadful, lasting or unbearable feelings of anxiety.",
            ),
        ],
    ),
    (
        "3",
        "Sömn",
        "Sleep",
        "Här ska du beskriva hur bra du sover. Tänk efter hur länge du sovit och hur god sömnen "
        "varit under de senaste tre nätterna. Bedömningen ska avse hur du faktiskt sovit, "
        "oavsett om du tagit sömnmedel eller ej. Om du sover mer än vanligt, sätt din markering "
        "vid 0.",
        "Here you should describe how well you sleep. Think about how long you have slept and "
        "how good your sleep has been over the last three nights. Rate how you actually slept, "
        "whether or not you took sleeping pills. If you sleep more than usual, choose 0.",
        [
            (
                "Jag sover lugnt och bra och tillräckligt länge för mina behov. Jag har inga "
                "särskilda svårigheter att somna.",
                "I sleep calmly and well and long enough for my needs. I have no particular "
                "difficulty falling asleep.",
            ),
            (
                "Jag har vissa sömnsvårigheter. Ibland har jag svårt att somna eller sover "
                "ytligare eller oroligare än vanligt.",
                "I have some difficulty sleeping. Sometimes I find it hard to fall asleep, or I "
                "sleep more lightly or restlessly than usual.",
            ),
            (
                "Jag sover minst två timmar mindre per natt än normalt. Jag vaknar ofta under "
                "natten, även om ingen stör mig.",
                "I sleep at least two hours less a night than normal. I often wake during the "
                "night, even when nobody disturbs me.",
            ),
            (
                "Jag sover mindre än två eller tre timmar per natt.",
                "I sleep less than two or three hours a night.",
            ),
        ],
    ),
    (
        "4",
        "Matlust",
        "Appetite",
        "Här ska du ta ställning till hur din aptit är, och tänka efter om den på något sätt "
        "skilt sig från vad som är normalt för dig. Om du skulle ha bättre aptit än vanligt, "
        "sätt din markering vid 0.",
        "Here you should consider your appetite, and whether it has differed in any way from "
        "what is normal for you. If your appetite is better than usual, choose 0.",
        [
            ("Min aptit är som vanligt.", "My appetite is as usual."),
            ("Min aptit är sämre än vanligt.", "My appetite is poorer than usual."),
            (
                "Min aptit är nästan helt borta. Maten smakar inte och jag måste tvinga mig att "
                "äta.",
                "My appetite is almost gone. Food has no taste and I have to force myself to eat.",
            ),
            (
                "Jag vill inte ha någon mat. Om jag ska få någonting i mig, måste jag övertalas "
                "att äta.",
                "I do not want any food. If I am to eat anything, I have to be persuaded.",
            ),
        ],
    ),
    (
        "5",
        "Koncentrationsförmåga",
        "Ability to concentrate",
        "Här ska du försöka ta ställning till din förmåga att hålla tankarna samlade och "
        "koncentrera dig på olika aktiviteter. Tänk igenom hur du fungerar vid olika "
        "sysselsättningar, som kräver olika grad av koncentrationsförmåga, t.ex. läsning av "
        "komplicerad text, lätt tidningstext och TV-tittande.",
        "Here you should consider your ability to collect your thoughts and concentrate on "
        "different activities. Think about how you manage things that need different degrees "
        "of concentration, such as reading a complicated text, reading a light newspaper "
        "article and watching TV.",
        [
            ("Jag har inga koncentrationssvårigheter.", "I have no difficulty concentrating."),
            (
                "Jag har tillfälligt svårt att hålla tankarna samlade på sådant som normalt "
                "skulle fånga min uppmärksamhet (t.ex. läsning eller TV-tittande).",
                "At times I find it hard to keep my mind on things that would normally hold my "
                "attention (such as reading or watching TV).",
            ),
            (
                "Jag har påtagligt svårt att koncentrera mig på sådant som normalt inte kräver "
                "någon ansträngning från min sida (t.ex. läsning eller samtal med andra "
                "människor).",
                "I find it clearly hard to concentrate on things that normally take no effort "
                "(such as reading or talking with other people).",
            ),
            (
                "Jag kan överhuvudtaget inte koncentrera mig på någonting.",
                "I cannot concentrate on anything at all.",
            ),
        ],
    ),
    (
        "6",
        "Initiativförmåga",
        "Initiative",
        "Här ska du försöka värdera din handlingskraft. Frågan gäller om du har lätt eller "
        "svårt att komma igång med sådant som du tycker att du bör göra, och i vilken "
        "utsträckning du måste övervinna ett inre motstånd när du ska ta itu med något.",
        "Here you should try to judge your drive. The question is whether you find it easy or "
        "hard to get started with things you feel you ought to do, and how far you must "
        "overcome an inner resistance when you take something on.",
        [
            (
                "Jag har inga svårigheter att ta itu med nya uppgifter.",
                "I have no difficulty taking on new tasks.",
            ),
            (
                "När jag ska ta itu med något, tar det emot på ett sätt som inte är normalt för "
                "mig.",
                "When I am to take something on, I feel a reluctance that is not normal for me.",
            ),
            (
                "Det krävs en stor ansträngning för mig att ens komma igång med enkla uppgifter "
                "som jag vanligtvis utför mer eller mindre rutinmässigt.",
                "It takes a great effort even to get started with simple tasks that I usually "
                "do more or less routinely.",
            ),
            (
                "Jag kan inte förmå mig att ta itu med de enklaste vardagssysslor.",
                "I cannot bring myself to take on the simplest everyday chores.",
            ),
        ],
    ),
    (
        "7",
        "Känslomässigt engagemang",
        "Emotional involvement",
        "Här ska du ta ställning till ditt intresse för omvärlden och för andra människor, och "
        "för sådana aktiviteter som brukar bereda dig nöje och glädje.",
        "Here you should consider your interest in the world around you and in other people, "
        "and in the activities that usually give you pleasure and joy.",
        [
            (
                "Jag är intresserad av omvärlden och engagerar mig i den, och det bereder mig "
                "både nöje och glädje.",
                "I am interested in the world around me and involved in it, and it gives me "
                "both pleasure and joy.",
            ),
            (
                "Jag känner mindre starkt för sådant som brukar engagera mig. Jag har svårare "
                "än vanligt att bli glad eller svårare att bli arg när det är befogat.",
                "I feel less strongly about things that usually engage me. I find it harder "
                "than usual to feel happy, or to feel angry when there is reason to.",
            ),
            (
                "Jag kan inte känna något intresse för omvärlden, inte ens för vänner och bekanta.",
                "I cannot feel any interest in the world around me, not even in friends and "
                "acquaintances.",
            ),
            (
                "Jag har slutat uppleva några känslor. Jag känner mig smärtsamt likgiltig även "
                "för mina närmaste.",
                "I have stopped having any feelings. I feel painfully indifferent even towards "
                "those closest to me.",
            ),
        ],
    ),
    (
        "8",
        "Pessimism",
        "Pessimism",
        "Frågan gäller hur du ser på din egen framtid och hur du uppfattar ditt eget värde. "
        "Tänk efter i vilken utsträckning du ger uttryck för självförebråelser, om du plågas "
        "av skuldkänslor, och om du oroat dig oftare än vanligt för till exempel din ekonomi "
        "eller din hälsa.",
        "The question is how you see your own future and how you judge your own worth. Think "
        "about how far you reproach yourself, whether you are troubled by feelings of guilt, "
        "and whether you have worried more often than usual about, for example, your money or "
        "your health.",
        [
            (
                "Jag ser på framtiden med tillförsikt. Jag är på det hela taget ganska nöjd med "
                "mig själv.",
                "I look at the future with confidence. On the whole I am fairly content with "
                "myself.",
            ),
            (
                "Ibland klandrar jag mig själv och tycker att jag är mindre värd än andra.",
                "Sometimes I blame myself and think I am worth less than others.",
            ),
            (
                "Jag grubblar ofta över mina misslyckanden och känner mig mindervärdig eller "
                "dålig, även om andra tycker annorlunda.",
                "I often brood over my failures and feel inferior or bad, even if others think "
                "otherwise.",
            ),
            (
                "Jag ser allting i svart och kan inte se någon ljusning. Det känns som om jag var "
                "en alltigenom dålig människa, och som om jag aldrig skulle kunna få förlåtelse "
                "för det hemska jag gjort.",
                "I see everything in black and can see no light. It feels as if I were a "
                "thoroughly bad person, and as if I could never be forgiven for the terrible "
                "things I have done.",
            ),
        ],
    ),
    (
        "9",
        "Livslust",
        "Zest for life",
        "Frågan gäller din livslust, och om du känt livsleda. Har du tankar på självmord, och i "
        "så fall, i vilken utsträckning upplever du detta som en verklig utväg?",
        "The question is about your zest for life, and whether you have felt weary of life. "
        "Do you have thoughts of suicide, and if so, how far do you feel it is a real way "
        "out?",
        [
            ("Jag har normal aptit på livet.", "I have a normal appetite for life."),
            (
                "Livet känns inte särskilt meningsfullt men jag önskar ändå inte att jag vore död.",
                "Life does not feel very meaningful, but I still do not wish I were dead.",
            ),
            (
                "Jag tycker ofta det vore bättre att vara död, och trots att jag egentligen inte "
                "önskar det, kan självmord ibland kännas som en möjlig utväg.",
                "I often think it would be better to be dead, and although I do not really "
                "wish it, suicide can sometimes feel like a possible way out.",
            ),
            (
                "Jag är egentligen övertygad om att min enda utväg är att dö, och jag tänker "
                "mycket på hur jag bäst ska kunna ta mitt eget liv.",
                "I am really convinced that my only way out is to die, and I think a lot about "
                "how best to take my own life.",
            ),
        ],
    ),
]


def steps(anchors: list[tuple[str, str]]) -> list[dict]:
    """Options 0–6: the described steps 0, 2, 4, 6 and the steps between them."""
    out = []
    for score in range(7):
        if score % 2 == 0:
            sv, en = anchors[score // 2]
            out.append({"code": str(score), "label": t(sv, en), "score": score})
        else:
            label = t(
                f"{score} (mellan {score - 1} och {score + 1})",
                f"{score} (between {score - 1} and {score + 1})",
            )
            out.append({"code": str(score), "label": label, "score": score, "between": True})
    return out


DEFINITION = {
    "key": "madrs-s",
    "version": "1.1.0",
    "title": t(
        "MADRS-S (självskattning av depressionssymtom)",
        "MADRS-S (self-rated depression symptoms)",
    ),
    "source": (
        "Svanborg P, Åsberg M. A new self-rating scale for depression and anxiety states based "
        "on the Comprehensive Psychopathological Rating Scale. Acta Psychiatr Scand "
        "1994;89(1):21-8. Montgomery SA, Åsberg M. A new depression scale designed to be "
        "sensitive to change. Br J Psychiatry 1979;134:382-9. Swedish item texts and step "
        "descriptions: the MADRS-S self-rating form (Svanborg & Åsberg 1994)."
    ),
    "licence": (
        "MADRS-S is free to use in health care and research. The Swedish item texts and step "
        "descriptions follow the published self-rating form; the English texts are a plain "
        "translation for the English interface, not a validated version. Each item is rated "
        "0–6 (total 0–54); the steps 1, 3 and 5 lie between two descriptions. Severity bands "
        "follow common Swedish clinical use and can be configured per provider."
    ),
    "items": [
        {
            "linkId": "intro",
            "type": "display",
            "text": t(
                "Avsikten med formuläret är att ge en bild av hur du mår. Formuläret innehåller "
                "en rad påståenden om hur man kan må i olika avseenden. Påståendena uttrycker "
                "olika grader av obehag, från frånvaro av obehag (0) till maximalt uttalat "
                "obehag (6). Välj det steg som du tycker bäst stämmer med hur du mått de "
                "senaste tre dagarna. Använd gärna stegen mellan påståendena (1, 3 och 5). "
                "Tänk inte alltför länge, utan försök arbeta snabbt.",
                "The purpose of this form is to give a picture of how you feel. It contains "
                "statements about how one can feel in different respects. The statements "
                "express different degrees of discomfort, from none (0) to the greatest (6). "
                "Choose the step that best matches how you have felt over the last three "
                "days. Feel free to use the steps between the statements (1, 3 and 5). Do not "
                "think too long; try to work quickly.",
            ),
        },
        *[
            choice(link, sv, en, steps(anchors), help=t(q_sv, q_en))
            for link, sv, en, q_sv, q_en, anchors in ITEMS
        ],
    ],
    "scoring": {
        "total": total(
            [item[0] for item in ITEMS],
            [
                band(0, 12, "minimal", 0, "Ingen eller minimal depression", "None or minimal"),
                band(13, 19, "mild", 1, "Lindrig depression", "Mild depression"),
                band(20, 34, "moderate", 2, "Måttlig depression", "Moderate depression"),
                band(35, 54, "severe", 3, "Svår depression", "Severe depression"),
            ],
        ),
        # Only the cut-off: no test–retest reliability of MADRS-S is stored, since we could
        # not confirm a published figure (and its SD) well enough to cite it. Without them
        # MADRS-S gets no reliable change classification (docs/statistics.md).
        "change": {
            "scale": "total",
            "better": "lower",
            "cutoff": {
                "value": 13,
                "source": (
                    "Common Swedish clinical convention (a score of 13 or more: at least mild "
                    "depression), as in the severity bands above; not a figure from Svanborg & "
                    "Åsberg 1994 or 2001."
                ),
            },
        },
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

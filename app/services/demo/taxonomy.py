"""The demo's moderation: strategy themes linked to Agenda 2030, keywords with their meaning
("innebörd") written from the example proposals, and how the moderators tagged them."""

# (name, description, Agenda 2030 goals)
THEMES = (
    ("Trygga och levande bostadsområden",
     "Mötesplatser, närvarande vuxna och ett starkt föreningsliv i alla delar av kommunen.",
     (11, 16)),
    ("Hållbara resor och klimatsmart vardag",
     "Kollektivtrafik, cykel och laddning, förnybar energi och mindre svinn.",
     (7, 11, 12, 13)),
    ("Lärande och vägar till arbete",
     "Från förskola till vuxenutbildning, lärlingsplatser och eget företagande.",
     (4, 8)),
    ("Hälsa och gemenskap i alla åldrar",
     "Rörelse, kultur och omsorg som motverkar ensamhet och främjar psykisk hälsa.",
     (3, 10)),
    ("En kommun att bo och verka i",
     "Bostäder, service och information som gör att fler vill flytta hit och stanna.",
     (9, 11)),
)

# (name, meaning, theme index)
KEYWORDS = (
    ("Trygghet", "Att kunna röra sig ute på kvällen utan oro: ljus, närvarande vuxna och "
     "grannar som känner varandra.", 0),
    ("Mötesplatser", "Platser där unga och äldre träffas utan krav på att köpa något: "
     "skolgårdar, fritidsgårdar, träffpunkter.", 0),
    ("Föreningsliv", "Föreningarna som bär gemenskapen; invånarna vill ha enklare bidrag och "
     "billigare lokaler.", 0),
    ("Delaktighet", "Att dialogen fortsätter och att kommunen berättar vad som blev av "
     "förslagen, på fler språk.", 0),
    ("Cykel och gång", "Säkra, upplysta och sammanhängande vägar, och parkering som går att "
     "lita på.", 1),
    ("Kollektivtrafik", "Tätare turer till ytterområdena och väderskydd vid hållplatserna.",
     1),
    ("Förnybar energi", "Solceller och laddstolpar på kommunens egna tak och parkeringar.", 1),
    ("Resurssnålhet", "Mindre matsvinn, mer återbruk och grönytor som får vara ängar.", 1),
    ("Skola och lärande", "Studiero, mindre grupper och läxhjälp: skolan ska ge alla samma "
     "chans.", 2),
    ("Vägar till arbete", "Sommarjobb, lärlingsplatser, vuxenutbildning och stöd till den som "
     "startar företag.", 2),
    ("Rörelse och idrott", "Utegym, spontanidrott, motionsspår och simhall som är öppna när "
     "folk har tid.", 3),
    ("Omsorg och ensamhet", "Mer tid i hemtjänsten och träffpunkter för äldre; psykisk hälsa "
     "hos unga.", 3),
    ("Kultur", "Kulturskola och kultur som alla har råd med.", 3),
    ("Bostäder", "Hyresrätter för unga, tomter och enklare bygglov.", 4),
    ("Levande centrum och landsbygd", "Torghandel, besöksmål och bredband i hela "
     "kommunen.", 4),
)

# The keywords of each example proposal, by its place in demo_proposals.PROPOSALS. The last
# ones are left untagged, for the moderator to do.
TAGS = {
    0: ("Trygghet", "Cykel och gång"), 1: ("Mötesplatser", "Trygghet"), 2: ("Trygghet",),
    3: ("Trygghet",), 4: ("Föreningsliv",), 5: ("Trygghet", "Cykel och gång"),
    6: ("Mötesplatser",), 7: ("Delaktighet",), 8: ("Förnybar energi",),
    9: ("Förnybar energi",), 10: ("Kollektivtrafik",), 11: ("Resurssnålhet",),
    12: ("Resurssnålhet",), 13: ("Resurssnålhet", "Mötesplatser"), 14: ("Resurssnålhet",),
    15: ("Cykel och gång",), 16: ("Skola och lärande",), 17: ("Vägar till arbete",),
    18: ("Vägar till arbete", "Skola och lärande"), 19: ("Vägar till arbete",),
    20: ("Skola och lärande",), 21: ("Vägar till arbete",), 22: ("Skola och lärande",),
    23: ("Vägar till arbete",), 24: ("Rörelse och idrott",), 25: ("Rörelse och idrott",),
    26: ("Omsorg och ensamhet",), 27: ("Kultur",), 28: ("Rörelse och idrott",),
    29: ("Rörelse och idrott", "Trygghet"), 30: ("Omsorg och ensamhet", "Mötesplatser"),
    31: ("Omsorg och ensamhet",), 32: ("Bostäder",),
}

# Agenda 2030 goals the moderators added beyond those of the themes.
GOALS = {11: (2, 12), 20: (4,), 31: (3,), 34: (9,)}

# The municipality's answers given so far: (status, text); {ksau} is the day KSAU formulates
# the goals, {dialogue} the dialogue phase's dates, as the demo's timetable has them.
ANSWERS = {
    0: ("part_of_theme", "Förslaget ingår i temat Trygga och levande bostadsområden, som "
        "KSAU tar ställning till den {ksau}."),
    10: ("considering", "Tas med i arbetet med den nya trafikplanen."),
    37: ("not_further", "Besöksnäringen ingår i kommunens näringslivsprogram och tas inte "
         "med bland de övergripande målen."),
}

# The parts of the municipality a proposal may concern.
DISTRICTS = ("Centrum", "Norrby", "Söderby", "Västra landsbygden")

# The proposals the demo resident supports, by their place in demo_proposals.PROPOSALS.
SUPPORTED_BY_THE_DEMO_RESIDENT = (1, 10, 24)

# The other channels: (name, address, opening hours, accessibility, district).
PLACES = (
    ("Stadsbiblioteket", "Storgatan 12", "Måndag–torsdag 10–19\n\nFredag–söndag 11–16",
     "Entré i gatuplan, hiss till alla våningar, hörslinga vid informationsdisken.", "Centrum"),
    ("Medborgarkontoret Norrby", "Norrby torg 3", "Tisdag och torsdag 13–18",
     "Ramp vid entrén, personal som talar arabiska, somaliska och engelska.", "Norrby"),
)

OPEN_SPACE = ("Open Space: Vår kommun 2030", "Vad behöver vår kommun för att bli en bra plats "
              "att leva på om tio år?", "Eva Lind, processledare", 62)

# (topic, convener, participants, summary, recommendations, proposals: (title, text, area))
SESSIONS = (
    ("Trygga mötesplatser för unga", "Amir", 14,
     "Ungdomarna beskrev kvällar utan någonstans att vara. Fritidsgårdarna stänger tidigt och "
     "centrum känns otryggt.",
     "Öppna fritidsgårdar till 22 på helger. Fler vuxna ute på kvällarna.",
     (("Fritidsgård öppen till 22 på helgerna", "Fritidsgårdarna stänger när vi behöver dem "
       "som mest. Öppet till 22 på fredagar och lördagar skulle ge unga en trygg plats.", 0),
      ("Vuxna som finns ute på kvällarna", "Fler nattvandrare och fältassistenter i "
       "bostadsområdena skulle göra kvällarna tryggare för alla.", 0))),
    ("Klimatsmart vardag", "Lena", 11,
     "Deltagarna vill kunna välja bort bilen men bussarna går för sällan utanför centrum.",
     "Tätare bussar till ytterområdena, cykelvägar som hänger ihop.",
     (("Cykelväg hela vägen till Norrby", "Cykelvägen tar slut vid industriområdet. En "
       "sammanhängande cykelväg till Norrby skulle få fler att cykla till jobbet.", 1),)),
)

# Handed in at the places: (place index, title, text, area, paper supports).
PAPER_PROPOSALS = (
    (0, "Längre öppettider på biblioteket", "Biblioteket är en av få platser där man kan "
     "sitta utan att köpa något. Öppet på söndagar skulle betyda mycket för studenter och "
     "äldre.", 3, 9),
    (1, "Information på fler språk i Norrby", "Många grannar förstår inte kommunens brev. "
     "Information på arabiska och somaliska och en träffpunkt med tolk skulle hjälpa.", 0, 17),
    (1, "Bättre belysning vid Norrby torg", "Torget är mörkt på vintern och många är rädda "
     "att gå hem. Mer belysning och klippta buskar behövs.", 0, 6),
)

# The moderators' syntheses so far, by theme index.
SYNTHESES = {
    0: "Invånarna vill kunna röra sig ute på kvällen utan oro. Förslagen handlar om ljus, "
       "om vuxna som finns där unga är och om mötesplatser i varje bostadsområde, inte bara "
       "i centrum.\n\nFöreningslivet ses som bärande för gemenskapen, och många vill att "
       "dialogen med kommunen fortsätter hela mandatperioden.",
    1: "Hållbara resor ska vara det enkla valet: tätare bussar till ytterområdena, "
       "sammanhängande cykelvägar och laddning där folk redan parkerar. Kommunen förväntas "
       "gå före med solceller och mindre svinn i egna verksamheter.",
    2: "Skolan ska ge alla samma chans: studiero, mindre grupper och läxhjälp. Vägen till "
       "arbete går via sommarjobb, lärlingsplatser och vuxenutbildning på tider som passar.",
}

# Words the moderators quoted: (proposal index, theme index, words).
QUOTES = (
    (0, 0, "Med bättre belysning skulle fler våga gå och cykla hem på kvällen, särskilt "
           "unga och äldre."),
    (1, 0, "Unga behöver trygga platser att vara på med vuxna som finns där."),
    (10, 1, "Bussen går en gång i timmen på kvällen."),
)

# The goals KSAU has begun to draft: (title, description, theme indexes, proposal indexes).
GOALS_DRAFTED = (
    ("Alla ska kunna känna sig trygga i sitt bostadsområde",
     "Fler mötesplatser, vuxna som finns ute och ljusa gång- och cykelvägar i hela "
     "kommunen, inte bara i centrum.", (0,), (0, 1, 3)),
    ("Hållbara resor ska vara det enkla valet",
     "Tätare kollektivtrafik till ytterområdena och sammanhängande cykelvägar, med kommunen "
     "som föregångare i sina egna verksamheter.", (1,), (10, 15)),
)

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

# The municipality's answers given so far: (status, text).
ANSWERS = {
    0: ("part_of_theme", "Förslaget ingår i temat Trygga och levande bostadsområden, som "
        "KSAU tar ställning till den 10 april."),
    10: ("considering", "Tas med i arbetet med den nya trafikplanen."),
    37: ("not_further", "Besöksnäringen ingår i kommunens näringslivsprogram och tas inte "
         "med bland de övergripande målen."),
}

"""A small, hand-kept list of everyday Swedish words that mean the same thing to a
resident. Each group is written once; every member (a word or a phrase) is read as the
group's first word, so "dagis" and "förskola" share a feature. Keep it to real synonyms:
words that merely belong together (buss and tåg) are the model's job, not this list's."""

GROUPS = (
    ("cykelbana", "cykelväg", "cykelvägar", "cykelbanor", "cykelfil", "cykelfiler",
     "cykelstråk"),
    ("förskola", "dagis", "daghem", "förskolor", "dagiset", "förskolan"),
    ("badhus", "simhall", "simhallen", "badhuset", "simbassäng", "badhusen"),
    ("gatubelysning", "belysning", "gatlyktor", "gatlampor", "lampor längs gatan",
     "lyktstolpar", "gatljus"),
    ("buss", "bussar", "bussen", "kollektivtrafik", "kollektivtrafiken", "lokaltrafik",
     "lokaltrafiken", "turer", "avgångar", "bussturer"),
    ("oftare", "tätare"),
    ("cykelparkering", "cykelställ", "cykelparkeringen", "cykelparkeringar"),
    ("skolmat", "skolmaten", "skollunch", "skollunchen"),
    ("bibliotek", "biblioteket", "bibblan", "bokbuss"),
    ("lekplats", "lekplatser", "lekpark", "lekparker", "lekplatsen"),
    ("äldreboende", "ålderdomshem", "servicehus", "äldreboenden"),
    ("övergångsställe", "övergångsställen", "övergångar", "zebra", "zebran"),
    ("trottoar", "trottoarer", "gångbana", "gångbanor", "gångväg"),
    ("återvinning", "återvinningsstation", "sopsortering", "källsortering",
     "återvinningsstationer"),
    ("skräp", "nedskräpning", "sopor", "skräpet"),
    ("ungdomsgård", "fritidsgård", "fritidsgården", "ungdomsgården", "träffpunkt för unga"),
    ("vårdcentral", "vårdcentralen", "husläkare", "hälsocentral"),
    ("snöröjning", "plogning", "snöskottning", "ploga"),
    ("parkering", "parkeringsplatser", "p-platser", "parkeringar"),
    ("hastighet", "fartgupp", "farthinder", "hastighetsgräns", "köra för fort"),
    ("hemtjänst", "hemtjänsten", "hemhjälp"),
    ("solceller", "solpaneler", "solenergi"),
    ("träd", "träden", "grönska", "planteringar"),
    ("jobb", "arbete", "arbetstillfällen", "sysselsättning", "arbetsplatser"),
    ("bostäder", "lägenheter", "boende", "hyresrätter", "bostad"),
)

# Every member mapped to its group's first word; the longest phrases are replaced first.
CANONICAL = {member: group[0] for group in GROUPS for member in group}
PHRASES = sorted((member for member in CANONICAL if " " in member), key=len, reverse=True)

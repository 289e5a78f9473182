"""Example proposals for the demo: believable input across the five focus areas."""

# (focus area index, title, text, show the author's name)
PROPOSALS = (
    (0, "Bättre belysning på gång- och cykelvägar",
     "Många gång- och cykelvägar är mörka på vintern. Med bättre belysning skulle fler våga "
     "gå och cykla hem på kvällen, särskilt unga och äldre.", True),
    (0, "Fler mötesplatser för unga på kvällar och helger",
     "Fritidsgårdarna stänger tidigt. Unga behöver trygga platser att vara på med vuxna som "
     "finns där, inte bara i centrum utan i alla bostadsområden.", False),
    (0, "Grannsamverkan i alla bostadsområden",
     "Kommunen kan hjälpa till att starta grannsamverkan tillsammans med polisen och "
     "bostadsbolagen. Det skapar trygghet och gemenskap mellan grannar.", False),
    (0, "Fältassistenter som finns ute i områdena",
     "Vuxna som känner ungdomarna och rör sig ute på kvällarna förebygger bråk och "
     "otrygghet bättre än kameror.", True),
    (0, "Stöd till föreningslivet som når alla",
     "Föreningarna gör ett enormt arbete för gemenskapen. Enklare bidrag och billigare "
     "lokaler skulle göra att fler kan vara med, oavsett ekonomi.", False),
    (0, "Säkrare övergångsställen vid skolorna",
     "Vid flera skolor kör bilarna för fort. Farthinder och upphöjda övergångsställen skulle "
     "göra skolvägen säkrare för barnen.", False),
    (0, "Öppna skolgårdarna på helgerna",
     "Skolgårdarna står tomma på helgerna. Om de hölls öppna och lite upprustade blev de "
     "mötesplatser för hela bostadsområdet.", False),
    (0, "Medborgardialog hela mandatperioden",
     "Det är bra att kommunen frågar oss nu, men dialogen borde fortsätta hela "
     "mandatperioden så att vi ser vad som händer med förslagen.", True),
    (1, "Laddstolpar vid alla kommunala parkeringar",
     "Fler skulle välja elbil om det gick att ladda vid simhallen, biblioteket och "
     "pendlarparkeringen. Kommunen kan gå före.", False),
    (1, "Solceller på kommunens tak",
     "Skolor, idrottshallar och förvaltningsbyggnader har stora tak. Solceller sänker både "
     "utsläpp och elkostnader på sikt.", True),
    (1, "Tätare bussturer till ytterområdena",
     "Bussen går en gång i timmen på kvällen. Tätare turer skulle göra att fler kan låta "
     "bilen stå och att unga kan ta sig till fritidsaktiviteter.", False),
    (1, "Minska matsvinnet i skolor och äldreboenden",
     "Mycket mat slängs. Bättre planering, möjlighet att ta hem överbliven mat och "
     "samarbete med lokala aktörer skulle minska svinnet.", False),
    (1, "Återbruk vid återvinningscentralen",
     "Mycket som lämnas in fungerar fortfarande. En återbruksbod där man kan hämta möbler, "
     "cyklar och byggmaterial gratis vore bra för både miljön och plånboken.", True),
    (1, "Stadsodlingar i bostadsområdena",
     "Odlingslotter nära hemmet ger gemenskap, grönska och lokal mat. Kommunen kan upplåta "
     "mark och hjälpa till med vatten.", False),
    (1, "Låt fler gräsytor bli ängar",
     "Att klippa mindre och låta ängsmark växa gynnar pollinerande insekter och sparar "
     "pengar. Skyltar kan förklara varför.", False),
    (1, "Säkra cykelparkeringar vid stationen",
     "Cyklar blir stulna vid stationen. Ett låst cykelgarage skulle få fler att cykla till "
     "tåget i stället för att ta bilen.", False),
    (2, "Läxhjälp på biblioteket efter skolan",
     "Alla har inte någon hemma som kan hjälpa till med läxorna. Gratis läxhjälp på "
     "biblioteket med studenter och pensionerade lärare skulle jämna ut skillnaderna.", True),
    (2, "Sommarjobb till alla ungdomar som söker",
     "Ett första jobb ger erfarenhet, kontakter och självförtroende. Kommunen kan samarbeta "
     "med företagen så att fler får en plats.", False),
    (2, "Bättre samarbete mellan skola och näringsliv",
     "Praktik, studiebesök och mentorer från lokala företag visar eleverna vilka jobb som "
     "finns här, och företagen hittar framtidens medarbetare.", False),
    (2, "Vuxenutbildning på kvällstid",
     "Den som jobbar dagtid kan inte plugga då. Kvällskurser och distansstudier skulle göra "
     "det möjligt att byta yrke utan att säga upp sig.", False),
    (2, "Mindre barngrupper i förskolan",
     "Stora barngrupper gör det svårt för personalen att se varje barn. Det borde vara ett "
     "mål att minska grupperna under mandatperioden.", True),
    (2, "Lärlingsplatser inom vård och omsorg",
     "Vården behöver fler medarbetare. Betald utbildning med lärlingsplats skulle locka fler "
     "och ge kommunen den personal som behövs.", False),
    (2, "Studiero i klassrummen",
     "Många elever säger att det är stökigt. Fler vuxna i skolan, som elevassistenter och "
     "kuratorer, skulle ge bättre studiero.", False),
    (2, "Stöd för den som vill starta företag",
     "En företagslots som hjälper nya företagare med tillstånd och kontakter gör det enklare "
     "att starta något eget här.", False),
    (3, "Utegym i varje stadsdel",
     "Ett utegym är billigt och används av alla åldrar. Det borde finnas ett inom gångavstånd "
     "för alla i kommunen.", False),
    (3, "Längre öppettider i simhallen",
     "Simhallen stänger för tidigt för den som jobbar. Öppet tidiga morgnar och senare "
     "kvällar skulle göra att fler kan motionera.", True),
    (3, "Mer tid för omsorgen i hemtjänsten",
     "Personalen i hemtjänsten har för bråttom. Färre besök per pass och samma personal "
     "varje gång ger tryggare äldre.", False),
    (3, "Kulturskola till en låg avgift",
     "Alla barn ska kunna spela ett instrument eller gå på teater, oavsett föräldrarnas "
     "ekonomi. Sänk avgiften och erbjud kurser i alla skolor.", False),
    (3, "Fler spontanidrottsplatser",
     "Konstgräsplaner och basketkorgar som alltid är öppna ger rörelse och gemenskap utan "
     "att man behöver vara med i en förening.", False),
    (3, "Upplysta motionsspår året runt",
     "Motionsspåren används mycket, men på vintern är det mörkt redan efter jobbet. Belysning "
     "skulle göra att fler kan springa och gå.", False),
    (3, "Träffpunkter mot ensamhet bland äldre",
     "Många äldre är ensamma. Träffpunkter med fika, gympa och föreläsningar i varje "
     "kommundel motverkar ensamhet.", True),
    (3, "Psykisk hälsa hos unga",
     "Köerna till ungdomsmottagningen och kuratorn är långa. Unga behöver kunna få prata med "
     "någon snabbt när de mår dåligt.", False),
    (4, "Fler hyresrätter för unga",
     "Det är nästan omöjligt för unga att få en första lägenhet. Kommunen kan se till att "
     "det byggs små, billiga hyresrätter.", False),
    (4, "Levande centrum med torghandel",
     "Centrum behöver liv även efter butikerna stänger. Torghandel, uteserveringar och "
     "evenemang skulle locka folk.", True),
    (4, "Bredband till hela landsbygden",
     "Utan snabbt internet kan man inte jobba hemifrån eller driva företag på landet. "
     "Utbyggnaden måste bli klar.", False),
    (4, "Enklare bygglov för småhusägare",
     "Det tar för lång tid att få besked om bygglov. Tydligare information och kortare "
     "handläggningstider vore bra för alla.", False),
    (4, "Väderskydd vid busshållplatserna",
     "Många hållplatser saknar tak och bänk. Det gör det jobbigt att vänta, särskilt för "
     "äldre och barnfamiljer.", False),
    (4, "Marknadsför kommunen som besöksmål",
     "Vi har fin natur, sjöar och kulturhistoria. Bättre information och skyltning skulle "
     "locka fler besökare och stärka företagen.", False),
    (4, "Tomter för den som vill bygga eget hus",
     "Barnfamiljer flyttar till grannkommunen för att det finns tomter där. Fler byggklara "
     "tomter skulle få dem att stanna.", False),
    (4, "Bättre information från kommunen på fler språk",
     "Alla invånare ska förstå vad kommunen gör och hur man tar kontakt. Viktig information "
     "borde finnas på lätt svenska och på flera språk.", True),
    # Sent last and not yet reviewed: the moderators' queue flags what may identify a person.
    (0, "Hjälp äldre grannar med snöskottningen",
     "Min granne på Björkvägen 4 är 87 år och kommer inte ut när det snöat. Ring mig på "
     "070-123 45 67 så kan jag berätta mer om hur vi kan ordna snöröjning för äldre.", False),
)

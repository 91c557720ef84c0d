"""Word lists for Dutch-looking generated data."""

from __future__ import annotations

ACHTERNAMEN = (
    "Jansen", "Vries", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Boer", "Bos", "Vos",
    "Peters", "Hendriks", "Dekker", "Brouwer", "Dijk", "Berg", "Wit", "Dijkstra", "Smits",
    "Graaf", "Linden", "Kok", "Jacobs", "Haan", "Vermeulen", "Heuvel", "Veen", "Broek",
    "Bruijn", "Schouten", "Beek", "Willems", "Hoekstra", "Koster", "Prins", "Kuipers",
    "Verhoeven", "Huisman", "Postma", "Kramer", "Wijk", "Leeuwen", "Maas", "Scholten",
    "Verbeek", "Boersma", "Hermans", "Wouters", "Koning", "Gerritsen", "Evers", "Martens",
    "Timmermans", "Groot", "Jonker", "Molenaar", "Sanders", "Kuiper", "Claassen", "Vliet",
)  # fmt: skip
TUSSENVOEGSELS = ("", "", "", "", "de", "van", "van der", "van den", "van de", "ter", "den")
INITIALEN = "ABCDEFGHIJKLMNPRSTWY"
PLAATSEN = (
    "Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg",
    "Almere", "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Amersfoort",
    "Zaanstad", "Den Bosch", "Zwolle", "Leiden", "Maastricht", "Dordrecht", "Zoetermeer",
    "Ede", "Emmen", "Venlo", "Deventer", "Delft", "Helmond", "Hengelo", "Hoorn", "Alkmaar",
    "Leeuwarden", "Assen", "Gouda", "Kampen", "Harderwijk", "Veenendaal", "Roermond",
    "Middelburg", "Goes", "Meppel", "Sneek", "Heerenveen", "Doetinchem", "Oss", "Tiel",
    "Weert", "Vlissingen", "Terneuzen", "Den Helder", "Winterswijk", "Steenwijk", "Zeist",
)  # fmt: skip
SCHOOLNAMEN = (
    "De Regenboog", "De Wegwijzer", "De Sterrenwacht", "Het Kompas", "De Vlinder",
    "De Zonnewijzer", "Het Palet", "De Springplank", "De Horizon", "Het Mozaïek", "De Klimop",
    "De Fontein", "De Ark", "Het Baken", "De Bron", "De Akker", "De Linde", "Het Anker",
    "De Windroos", "De Parel", "Wilhelmina", "Juliana", "Prins Willem-Alexander", "De Esch",
    "'t Startblok", "De Vuurvogel", "Het Talent", "De Kameleon", "De Toermalijn", "Octopus",
)  # fmt: skip
PO_SOORTEN = (
    "Openbare Basisschool",
    "Christelijke Basisschool",
    "R.K. Basisschool",
    "Basisschool",
    "Daltonschool",
    "Montessorischool",
    "Jenaplanschool",
    "Vrije School",
)
VO_SOORTEN = ("Lyceum", "College", "Scholengemeenschap", "Gymnasium", "Vmbo", "Atheneum")
MBO_SOORTEN = ("ROC", "Vakcollege", "MBO College", "Techniek College")
SO_SOORTEN = ("School voor Speciaal Onderwijs", "SO")
VSO_SOORTEN = ("School voor Voortgezet Speciaal Onderwijs", "VSO")
BESTUUR_SOORTEN = (
    "Stichting",
    "Stichting Openbaar Onderwijs",
    "Vereniging voor Christelijk Onderwijs",
    "Stichting Katholiek Onderwijs",
    "Onderwijsgroep",
    "Scholengroep",
)
BUREAUS = (
    "Salarisadministratie",
    "Personeelsdiensten",
    "Onderwijs Administratie",
    "HR Services",
    "Loonbureau",
    "Onderwijsbureau",
)
EMAIL_DOMEINEN = ("school.nl", "onderwijs.nl", "ziggo.nl", "kpnmail.nl", "gmail.com")

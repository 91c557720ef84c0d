"""The project's own benoemingsgrondslag and onderwijsterrein lists (DUO's table is not public;
docs/reference-data.md documents these). A grondslag belongs to the list of PO, VO or MBO and is
qualified (bevoegd/bekwaam) or not."""

from __future__ import annotations

from lr_intake.domain.reference import Grondslag, Onderwijsterrein

GRONDSLAGEN: tuple[Grondslag, ...] = (
    Grondslag("PO-PABO", "PO", True, "Bevoegd groepsleerkracht (pabo-diploma)"),
    Grondslag("PO-BUITENLANDS", "PO", True, "Bevoegd op grond van erkend buitenlands diploma"),
    Grondslag("PO-GYM", "PO", True, "Bevoegd vakleerkracht bewegingsonderwijs"),
    Grondslag("PO-VAKLEERKRACHT", "PO", True, "Bevoegd vakleerkracht (tweedegraads in het vak)"),
    Grondslag("PO-LIO", "PO", False, "Leraar in opleiding (pabo, laatste jaar)"),
    Grondslag("PO-ZIJINSTROOM", "PO", False, "Zij-instromer met geschiktheidsverklaring"),
    Grondslag("PO-ONBEVOEGD", "PO", False, "Onbevoegd, tijdelijk benoemd"),
    Grondslag("VO-EERSTEGRAADS", "VO", True, "Eerstegraads bevoegd in het vak"),
    Grondslag("VO-TWEEDEGRAADS", "VO", True, "Tweedegraads bevoegd in het vak"),
    Grondslag("VO-PABO-ONDERBOUW", "VO", True, "Pabo-bevoegd, onderbouw vmbo en praktijkonderwijs"),
    Grondslag("VO-BUITENLANDS", "VO", True, "Bevoegd op grond van erkend buitenlands diploma"),
    Grondslag("VO-LIO", "VO", False, "Leraar in opleiding"),
    Grondslag("VO-ZIJINSTROOM", "VO", False, "Zij-instromer met geschiktheidsverklaring"),
    Grondslag("VO-IN-OPLEIDING", "VO", False, "Onbevoegd, in opleiding tot bevoegdheid"),
    Grondslag("VO-ONBEVOEGD", "VO", False, "Onbevoegd, tijdelijk benoemd"),
    Grondslag("MBO-LERARENOPLEIDING", "MBO", True, "Bevoegd (lerarenopleiding)"),
    Grondslag("MBO-PDG", "MBO", True, "Bekwaam met pedagogisch-didactisch getuigschrift"),
    Grondslag("MBO-BUITENLANDS", "MBO", True, "Bevoegd op grond van erkend buitenlands diploma"),
    Grondslag("MBO-LIO", "MBO", False, "Leraar in opleiding"),
    Grondslag("MBO-ZIJINSTROOM", "MBO", False, "Zij-instromer, pdg-traject loopt"),
    Grondslag("MBO-ONBEVOEGD", "MBO", False, "Onbevoegd, tijdelijk benoemd"),
)

ONDERWIJSTERREINEN: tuple[Onderwijsterrein, ...] = tuple(
    Onderwijsterrein(code, omschrijving)
    for code, omschrijving in (
        ("GROEPSLEERKRACHT", "Groepsleerkracht primair onderwijs"),
        ("BEWEGINGSONDERWIJS", "Bewegingsonderwijs / lichamelijke opvoeding"),
        ("NEDERLANDS", "Nederlands"),
        ("ENGELS", "Engels"),
        ("DUITS", "Duits"),
        ("FRANS", "Frans"),
        ("WISKUNDE", "Wiskunde"),
        ("NATUURKUNDE", "Natuurkunde"),
        ("SCHEIKUNDE", "Scheikunde"),
        ("BIOLOGIE", "Biologie"),
        ("AARDRIJKSKUNDE", "Aardrijkskunde"),
        ("GESCHIEDENIS", "Geschiedenis"),
        ("ECONOMIE", "Economie"),
        ("MAATSCHAPPIJLEER", "Maatschappijleer"),
        ("KUNSTVAKKEN", "Kunstvakken (tekenen, muziek, drama)"),
        ("INFORMATICA", "Informatica"),
        ("KLASSIEKE_TALEN", "Grieks en Latijn"),
        ("ZORG_WELZIJN", "Zorg en welzijn"),
        ("TECHNIEK", "Techniek"),
        ("ECONOMIE_ADMINISTRATIE", "Economie en administratie (beroepsgericht)"),
        ("HORECA", "Horeca en voeding"),
        ("GROEN", "Groen onderwijs"),
        ("SPECIAAL_ONDERWIJS", "Speciaal onderwijs (leerlingen met extra ondersteuning)"),
    )
)

# language: nl
@familie:financieel
Functionaliteit: Financiële onderbouwing
  De begroting onderbouwt elke kostenregel met aantal x prijs en een toelichting, bij een
  activiteit uit het plan en in de begrotingsjaren van de regeling. Het bedrijfsleven
  cofinanciert minimaal 10% van de totale kosten (7,5% na de beleidsbrief van juli 2022). De
  gevraagde subsidie blijft binnen het regionale maximum (techniekregio), tussen € 600.000 en
  € 2.000.000 (techniekarme regio; vanaf 2025 ten hoogste € 4 miljoen voor een techniekluwe regio)
  en, met de cofinanciering, binnen de kosten. De aanvulling voor 2024 is ten hoogste 25%.

  @regel:FIN-01 @regel:FIN-02 @regel:FIN-03 @regel:FIN-04 @regel:FIN-06 @regel:FIN-07 @regel:FIN-08
  Abstract Scenario: Het basisplan is financieel onderbouwd (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Dan is de uitkomst per regel:
      | regel  | status              |
      | FIN-01 | voldoet             |
      | FIN-02 | voldoet             |
      | FIN-03 | voldoet             |
      | FIN-04 | voldoet             |
      | FIN-06 | niet van toepassing |
      | FIN-07 | voldoet             |
      | FIN-08 | voldoet             |
    En de uitkomst is "positief advies"

    Voorbeelden: alle versies van de regeling
      | versie     | plan                |
      | 2018-09-13 | basisplan-2020-2023 |
      | 2019-02-27 | basisplan-2020-2023 |
      | 2020-03-16 | basisplan-2020-2023 |
      | 2021-05-27 | basisplan-2020-2023 |
      | 2022-07-07 | basisplan-2020-2023 |
      | 2023-07-20 | basisplan-2020-2023 |
      | 2024-04-03 | basisplan-2025-2028 |

  # ------------------------------------------------------------ aantal x prijs, activiteit, toelichting

  @regel:FIN-01
  Abstract Scenario: Een bedrag dat niet klopt met aantal x prijs (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    # Aantal x prijs staat op de programmasite, niet in de regeltekst, en de jaren 2022 en 2023 mochten
    # globaler; de afronding van € 1 is onze keuze. Een afwijking is daarom een bevinding voor de commissie.
    Als bij kostenregel "K1" het bedrag € 199.998,99 is
    Dan moet de commissie regel FIN-01 beoordelen
    En de melding van FIN-01 bevat "1 kostenregel zonder kloppende berekening (aantal x prijs): kostenregel K1"
    En de uitkomst is "beoordeling door de commissie"

    Voorbeelden: alle versies van de regeling
      | versie     | plan                |
      | 2018-09-13 | basisplan-2020-2023 |
      | 2019-02-27 | basisplan-2020-2023 |
      | 2020-03-16 | basisplan-2020-2023 |
      | 2021-05-27 | basisplan-2020-2023 |
      | 2022-07-07 | basisplan-2020-2023 |
      | 2023-07-20 | basisplan-2020-2023 |

  @regel:FIN-01 @regel:FIN-04 @regel:FIN-08
  Scenario: Een begroting met kostenregels, cofinanciering en subsidie in tabellen
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het plan alleen deze kostenregels heeft:
      | id | activiteit | jaar | categorie  | aantal | prijs    | bedrag    | toelichting            |
      | K1 | A1         | 2020 | apparatuur | 4      | € 25.000 | € 100.000 | CNC-freesmachines      |
      | K2 | A2         | 2021 | personeel  | 800    | € 62,50  | € 50.000  | Uren docenten leerlijn |
    En het plan alleen deze cofinanciering heeft:
      | partner | jaar | soort     | bedrag   | omschrijving          |
      | b1      | 2020 | geld      | € 10.000 | Bijdrage Techniekhuis |
      | b1      | 2021 | in natura | € 5.000  | Gastlessen            |
    En de gevraagde subsidie per jaar is:
      | jaar | bedrag   |
      | 2020 | € 90.000 |
      | 2021 | € 45.000 |
    Dan voldoet regel FIN-01
    En voldoet regel FIN-04
    En de melding van FIN-04 is "Het bedrijfsleven cofinanciert € 15.000 van € 150.000: 10,00%."
    En voldoet regel FIN-08
    En de melding van FIN-08 is "Gevraagde subsidie (€ 135.000) plus cofinanciering door alle partners (€ 15.000) blijft binnen de kosten (€ 150.000)."
    En alle andere regels voldoen

  @regel:FIN-04
  Scenario: Cofinanciering door een school telt niet mee voor het bedrijfsleven
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het plan alleen deze cofinanciering heeft:
      | partner | jaar | soort | bedrag   |
      | b1      | 2020 | geld  | € 20.000 |
      | v1      | 2020 | geld  | € 10.000 |
    Dan voldoet regel FIN-04 niet
    En de melding van FIN-04 bevat "cofinanciert € 20.000 van € 300.000"
    En de remediëring van FIN-04 is "Voeg € 10.000 cofinanciering door het bedrijfsleven toe (in geld of in natura): in de begroting onder cofinanciering (budget.cofinancing), bij een partner met type business."

  @regel:FIN-01
  Scenario: Een regel met een prijs in centen
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het plan ook deze kostenregels heeft:
      | id | activiteit | jaar | categorie | aantal | prijs  | bedrag   | toelichting          |
      | K3 | A1         | 2022 | materiaal | 3      | € 9,99 | € 29,97  | Veiligheidsbrillen   |
    Dan voldoet regel FIN-01

  @regel:FIN-01
  Scenario: Een euro afrondingsverschil mag
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als bij kostenregel "K1" het bedrag € 200.001 is
    Dan voldoet regel FIN-01
    Als bij kostenregel "K1" het bedrag € 200.001,01 is
    Dan moet de commissie regel FIN-01 beoordelen

  @regel:FIN-01
  Scenario: Een kostenregel zonder aantal
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als kostenregel "K2" geen aantal heeft
    Dan moet de commissie regel FIN-01 beoordelen
    En alle andere regels voldoen

  @regel:FIN-01 @regel:FIN-03
  Scenario: Het voorbeeldplan met een begroting zonder onderbouwing
    Gegeven het voorbeeldplan "begroting-zonder-onderbouwing"
    Dan moet de commissie regel FIN-01 beoordelen
    En voldoet regel FIN-03 niet
    En de uitkomst is "negatief advies"

  @regel:FIN-02
  Abstract Scenario: Een kostenregel bij een onbekende activiteit (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als bij kostenregel "K2" de activiteit "A9" is
    Dan voldoet regel FIN-02 niet
    En de melding van FIN-02 bevat "1 kostenregel hoort bij geen activiteit uit het plan"
    En de uitkomst is "negatief advies"
    En alle andere regels voldoen

    Voorbeelden: alle versies van de regeling
      | versie     | plan                |
      | 2018-09-13 | basisplan-2020-2023 |
      | 2019-02-27 | basisplan-2020-2023 |
      | 2020-03-16 | basisplan-2020-2023 |
      | 2021-05-27 | basisplan-2020-2023 |
      | 2022-07-07 | basisplan-2020-2023 |
      | 2023-07-20 | basisplan-2020-2023 |

  @regel:FIN-03
  Abstract Scenario: Een kostenregel zonder toelichting (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als kostenregel "K1" geen toelichting heeft
    Dan voldoet regel FIN-03 niet
    En de melding van FIN-03 bevat "1 kostenregel zonder toelichting"
    En de uitkomst is "negatief advies"
    En alle andere regels voldoen

    Voorbeelden: alle versies van de regeling
      | versie     | plan                |
      | 2018-09-13 | basisplan-2020-2023 |
      | 2019-02-27 | basisplan-2020-2023 |
      | 2020-03-16 | basisplan-2020-2023 |
      | 2021-05-27 | basisplan-2020-2023 |
      | 2022-07-07 | basisplan-2020-2023 |
      | 2023-07-20 | basisplan-2020-2023 |

  # ------------------------------------------------------------ cofinanciering door het bedrijfsleven

  @regel:FIN-04
  Abstract Scenario: Precies de minimale cofinanciering voldoet, een fractie minder niet (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als de cofinanciering door het bedrijfsleven <genoeg> is
    Dan voldoet regel FIN-04
    En de melding van FIN-04 bevat "<aandeel>"
    Als de cofinanciering door het bedrijfsleven <te weinig> is
    Dan voldoet regel FIN-04 niet
    En de melding van FIN-04 bevat "vereist is minimaal <aandeel>"
    En de remediëring van FIN-04 is "Voeg <tekort> cofinanciering door het bedrijfsleven toe (in geld of in natura): in de begroting onder cofinanciering (budget.cofinancing), bij een partner met type business."
    En de uitkomst is "negatief advies"
    En alle andere regels voldoen

    Voorbeelden: totale kosten € 300.000
      | versie     | plan                | genoeg   | aandeel | te weinig     | tekort |
      | 2018-09-13 | basisplan-2020-2023 | € 30.000 | 10,00%  | € 29.970      | € 30   |
      | 2019-02-27 | basisplan-2020-2023 | € 30.000 | 10,00%  | € 29.999,99   | € 0,01 |
      | 2020-03-16 | basisplan-2020-2023 | € 30.000 | 10,00%  | € 29.970      | € 30   |
      | 2021-05-27 | basisplan-2020-2023 | € 30.000 | 10,00%  | € 29.999,99   | € 0,01 |
      | 2022-07-07 | basisplan-2020-2023 | € 30.000 | 10,00%  | € 29.999,99   | € 0,01 |
      | 2023-07-20 | basisplan-2020-2023 | € 30.000 | 10,00%  | € 29.970      | € 30   |
      | 2024-04-03 | basisplan-2025-2028 | € 30.000 | 10,00%  | € 29.970      | € 30   |

  @regel:FIN-04
  Abstract Scenario: Cofinanciering als percentage van de totale kosten (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als de cofinanciering door het bedrijfsleven <percentage> van de totale kosten is
    Dan is de status van regel FIN-04 "<status>"
    # De brief van 7 juli 2022 (7,5%) gaat over de verantwoording achteraf, niet over wat een plan belooft.

    Voorbeelden:
      | versie     | plan                | percentage | status       |
      | 2021-05-27 | basisplan-2020-2023 | 10%        | voldoet      |
      | 2021-05-27 | basisplan-2020-2023 | 9,99%      | voldoet niet |
      | 2021-05-27 | basisplan-2020-2023 | 8%         | voldoet niet |
      | 2022-07-07 | basisplan-2020-2023 | 10%        | voldoet      |
      | 2022-07-07 | basisplan-2020-2023 | 8%         | voldoet niet |
      | 2022-07-07 | basisplan-2020-2023 | 7,5%       | voldoet niet |
      | 2023-07-20 | basisplan-2020-2023 | 7,5%       | voldoet niet |

  @regel:FIN-04
  Scenario: Het voorbeeldplan met net geen 10% cofinanciering
    Gegeven het voorbeeldplan "cofinanciering-net-onder-10"
    Dan voldoet regel FIN-04 niet
    En de melding van FIN-04 bevat "9,99%"
    En de melding van FIN-04 is "Het bedrijfsleven cofinanciert € 371.140 van € 3.714.906: 9,99%; vereist is minimaal 10,00%."
    En de remediëring van FIN-04 is "Voeg € 350,60 cofinanciering door het bedrijfsleven toe (in geld of in natura): in de begroting onder cofinanciering (budget.cofinancing), bij een partner met type business."
    En de uitkomst is "negatief advies"
    En alle andere regels voldoen

  @regel:FIN-04
  Scenario: Met € 350,60 meer cofinanciering voldoet hetzelfde plan
    Gegeven het voorbeeldplan "noord-veluwe-compleet"
    Als de cofinanciering door het bedrijfsleven € 371.140 is
    Dan voldoet regel FIN-04 niet
    Als de cofinanciering door het bedrijfsleven € 413.576,40 is
    Dan voldoet regel FIN-04

  @regel:FIN-04
  Abstract Scenario: Zonder kosten is het aandeel cofinanciering niet te bepalen (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als het plan alleen deze kostenregels heeft:
      | id | activiteit | jaar | categorie | aantal | prijs | bedrag | toelichting |
    Dan moet de commissie regel FIN-04 beoordelen
    En de melding van FIN-04 bevat "Niet te beoordelen"

    Voorbeelden: alle versies van de regeling
      | versie     | plan                |
      | 2018-09-13 | basisplan-2020-2023 |
      | 2019-02-27 | basisplan-2020-2023 |
      | 2020-03-16 | basisplan-2020-2023 |
      | 2021-05-27 | basisplan-2020-2023 |
      | 2022-07-07 | basisplan-2020-2023 |
      | 2023-07-20 | basisplan-2020-2023 |
      | 2024-04-03 | basisplan-2025-2028 |

  # ------------------------------------------------------------ hoeveel subsidie

  @regel:FIN-05
  Abstract Scenario: De aanvraag voor 2020-2023 tegen het regionale maximum (versie <versie>)
    # Programmasite, 20 december 2018: € 15.895 per bovenbouwleerling in bb en kb en € 7.947,50 per
    # leerling in gl, voor vier jaar, in alle vijf technische profielen. Basisplan: 180 leerlingen in bb
    # en kb en 30 in gl: 180 x € 15.895 + 30 x € 7.947,50 = € 3.099.525 voor 2020-2023 samen, hoe de
    # aanvraag ook over de jaren is verdeeld. De bedragen staan niet in de regeltekst: erboven vraagt de
    # regel om beoordeling, hij wijst niet af.
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    En de regelversie "<versie>"
    Als de gevraagde subsidie per jaar is:
      | jaar | bedrag      |
      | 2020 | € 1.500.000 |
      | 2021 | € 1.599.525 |
    Dan voldoet regel FIN-05
    Als de gevraagde subsidie per jaar is:
      | jaar | bedrag         |
      | 2020 | € 1.500.000    |
      | 2021 | € 1.599.525,01 |
    Dan moet de commissie regel FIN-05 beoordelen
    En de remediëring van FIN-05 is "Verlaag de gevraagde subsidie voor 2020-2023 samen met € 0,01: in de begroting onder gevraagde subsidie per jaar (budget.requested_subsidy)."

    Voorbeelden:
      | versie     |
      | 2018-09-13 |
      | 2019-02-27 |
      | 2020-03-16 |
      | 2021-05-27 |
      | 2022-07-07 |
      | 2023-07-20 |

  @regel:FIN-05
  Scenario: Vanaf februari 2019 tellen vso-leerlingen mee voor het regionale maximum
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het plan ook deze partners heeft:
      | id | naam        | soort | brin   | rol           | profielen |
      | s1 | VSO De Brug | vso   | 44DD00 | ondersteunend | PIE (bb 100) |
    # zonder vso € 3.099.525, met de 100 vso-leerlingen € 4.689.025
    En de gevraagde subsidie per jaar is:
      | jaar | bedrag      |
      | 2020 | € 3.500.000 |
    En de regelversie "2018-09-13"
    Dan moet de commissie regel FIN-05 beoordelen
    Als de regelversie "2019-02-27"
    Dan voldoet regel FIN-05

  Scenario: In de regeling 2025-2028 bestaat de aanvulling voor 2024 niet
    # Het regionale maximum (FIN-05) van 2025-2028: features/regeling-2025-2028.feature.
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    En de regelversie "2024-04-03"
    Dan bestaat regel FIN-09 niet in deze versie

  @regel:FIN-05 @regel:FIN-06
  Scenario: Voor een techniekarme regio geldt het regionale maximum niet
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als de regio een techniekarme regio is
    En de gevraagde subsidie in totaal € 600.000 is
    Dan is regel FIN-05 niet van toepassing
    En voldoet regel FIN-06

  @regel:FIN-06
  Abstract Scenario: Techniekarme regio: tussen € 600.000 en € 2.000.000 (versie <versie>, <bedrag>)
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    En de regelversie "<versie>"
    Als de regio een techniekarme regio is
    En de gevraagde subsidie in totaal <bedrag> is
    Dan is de status van regel FIN-06 "<status>"
    # De bedragen staan in de infographic onder ‘De bedragen zijn indicatief’: buiten de bandbreedte is
    # een bevinding voor de commissie, nooit ‘niet subsidiabel’.

    Voorbeelden:
      | versie     | bedrag         | status            |
      | 2018-09-13 | € 599.999,99   | beoordeling nodig |
      | 2018-09-13 | € 600.000      | voldoet           |
      | 2018-09-13 | € 2.000.000    | voldoet           |
      | 2018-09-13 | € 2.000.000,01 | beoordeling nodig |
      | 2019-02-27 | € 599.999,99   | beoordeling nodig |
      | 2019-02-27 | € 2.000.000    | voldoet           |
      | 2020-03-16 | € 600.000      | voldoet           |
      | 2020-03-16 | € 2.000.000,01 | beoordeling nodig |
      | 2021-05-27 | € 599.999,99   | beoordeling nodig |
      | 2021-05-27 | € 2.000.000    | voldoet           |
      | 2022-07-07 | € 600.000      | voldoet           |
      | 2022-07-07 | € 2.000.000,01 | beoordeling nodig |
      | 2023-07-20 | € 599.999,99   | beoordeling nodig |
      | 2023-07-20 | € 2.000.000    | voldoet           |

  @regel:FIN-06
  Abstract Scenario: Techniekluwe regio vanaf 2025: ten hoogste € 4 miljoen; geen bron noemt een minimum (<bedrag>)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    En de regelversie "sto-2025-2028@2024-04-03"
    Als de regio een techniekluwe regio is
    En de gevraagde subsidie in totaal <bedrag> is
    Dan is de status van regel FIN-06 "<status>"

    Voorbeelden:
      | bedrag         | status       |
      | € 260.000      | voldoet      |
      | € 4.000.000    | voldoet      |
      | € 4.000.000,01 | voldoet niet |

  @regel:FIN-06
  Scenario: Boven de € 2.000.000 beoordeelt de commissie het bedrag, met het bedrag dat past
    Gegeven het voorbeeldplan "zuidwest-drenthe-techniekarm"
    Als de gevraagde subsidie in totaal € 2.000.000,01 is
    Dan moet de commissie regel FIN-06 beoordelen
    En de melding van FIN-06 bevat "ligt niet tussen € 600.000 en € 2.000.000"
    En de remediëring van FIN-06 bevat "Pas de gevraagde subsidie (€ 2.000.000,01) met € 0,01 aan, zodat het totaal tussen € 600.000 en € 2.000.000 ligt"
    En de uitkomst is "beoordeling door de commissie"

  @regel:FIN-06
  Scenario: Onder de € 600.000 beoordeelt de commissie het bedrag, niet subsidiabel is het niet
    Gegeven het voorbeeldplan "zuidwest-drenthe-techniekarm"
    Als de gevraagde subsidie in totaal € 550.000 is
    Dan moet de commissie regel FIN-06 beoordelen
    En de remediëring van FIN-06 bevat "Pas de gevraagde subsidie (€ 550.000) met € 50.000 aan, zodat het totaal tussen € 600.000 en € 2.000.000 ligt"
    En de uitkomst is "beoordeling door de commissie"

  @regel:FIN-07
  Abstract Scenario: Kosten buiten de begrotingsjaren (versie <versie>)
    # FIN-07 berust op een aanname: kosten buiten de jaren vragen om beoordeling.
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als bij kostenregel "K2" het jaar <binnen> is
    Dan voldoet regel FIN-07
    Als bij kostenregel "K2" het jaar <buiten> is
    Dan moet de commissie regel FIN-07 beoordelen
    En de melding van FIN-07 bevat "1 kostenregel buiten"
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

    Voorbeelden:
      | versie     | plan                | binnen | buiten |
      | 2018-09-13 | basisplan-2020-2023 | 2023   | 2024   |
      | 2019-02-27 | basisplan-2020-2023 | 2020   | 2019   |
      | 2020-03-16 | basisplan-2020-2023 | 2023   | 2024   |
      | 2021-05-27 | basisplan-2020-2023 | 2024   | 2025   |
      | 2022-07-07 | basisplan-2020-2023 | 2024   | 2025   |
      | 2023-07-20 | basisplan-2020-2023 | 2024   | 2025   |
      | 2024-04-03 | basisplan-2025-2028 | 2028   | 2029   |

  @regel:FIN-08
  Abstract Scenario: Subsidie plus cofinanciering hoger dan de kosten (versie <versie>)
    # Kosten € 300.000, cofinanciering € 30.000: er is ruimte voor € 270.000 subsidie.
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als de gevraagde subsidie in totaal € 270.000 is
    Dan voldoet regel FIN-08
    Als de gevraagde subsidie in totaal € 270.000,01 is
    Dan moet de commissie regel FIN-08 beoordelen
    En de remediëring van FIN-08 is "Verlaag de gevraagde subsidie met € 0,01 of onderbouw hogere kosten: in de begroting onder gevraagde subsidie per jaar en kostenregels (budget.requested_subsidy, budget.cost_lines)."
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

    Voorbeelden: alle versies van de regeling
      | versie     | plan                |
      | 2018-09-13 | basisplan-2020-2023 |
      | 2019-02-27 | basisplan-2020-2023 |
      | 2020-03-16 | basisplan-2020-2023 |
      | 2021-05-27 | basisplan-2020-2023 |
      | 2022-07-07 | basisplan-2020-2023 |
      | 2023-07-20 | basisplan-2020-2023 |
      | 2024-04-03 | basisplan-2025-2028 |

  # ------------------------------------------------------------ regeling 2025-2028 (bronnen uit 2024)

  @regel:FIN-05
  Scenario: Het maximum van een techniekregio staat in bijlage 3: zonder opgave beoordeelt de commissie het
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als het veld "/budget/regional_maximum" de waarde "~" heeft
    Dan moet de commissie regel FIN-05 beoordelen
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

  @regel:FIN-05
  Scenario: Boven het opgegeven maximum uit bijlage 3 beoordeelt de commissie het bedrag
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als het veld "/budget/regional_maximum" de waarde "259999.99" heeft
    Dan moet de commissie regel FIN-05 beoordelen
    En de remediëring van FIN-05 bevat "Verlaag de gevraagde subsidie met € 0,01"
    Als het veld "/budget/regional_maximum" de waarde "260000" heeft
    Dan voldoet regel FIN-05

  @regel:FIN-05 @regel:FIN-06 @regel:FIN-10
  Abstract Scenario: Techniekluwe regio: ten hoogste € 1 miljoen per jaar (<bedrag> in 2025)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de regio een techniekluwe regio is
    En de gevraagde subsidie per jaar is:
      | jaar | bedrag   |
      | 2025 | <bedrag> |
      | 2026 | € 10.000 |
    Dan is regel FIN-05 niet van toepassing
    En voldoet regel FIN-06
    En is de status van regel FIN-10 "<status>"

    Voorbeelden:
      | bedrag         | status            |
      | € 1.000.000    | voldoet           |
      | € 1.000.000,01 | beoordeling nodig |

  @regel:FIN-06
  Scenario: Boven de € 4 miljoen is negatief advies, geen afwijzing, met het bedrag dat te veel is
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de regio een techniekluwe regio is
    En de gevraagde subsidie in totaal € 4.000.000,01 is
    Dan voldoet regel FIN-06 niet
    En de remediëring van FIN-06 is "Verlaag de gevraagde subsidie met € 0,01, tot ten hoogste € 4.000.000: in de begroting onder gevraagde subsidie per jaar (budget.requested_subsidy)."
    En de uitkomst is "negatief advies"

  @regel:FIN-01
  Scenario: Een begroting op hoofdlijnen zonder aantal x prijs vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als bij kostenregel "K1" het bedrag € 200.002 is
    Dan moet de commissie regel FIN-01 beoordelen

  @regel:FIN-02
  Scenario: Een kostenregel zonder activiteit vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als bij kostenregel "K2" de activiteit "A9" is
    Dan moet de commissie regel FIN-02 beoordelen
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

  @regel:FIN-03
  Scenario: Een kostenregel zonder toelichting vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als kostenregel "K1" geen toelichting heeft
    Dan moet de commissie regel FIN-03 beoordelen
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

  @regel:FIN-10
  Scenario: Boven € 1 miljoen in één jaar beoordeelt de commissie het, ook als de rest klopt (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de regio een techniekluwe regio is
    En bij kostenregel "K1" het aantal 100 is
    En bij kostenregel "K1" het bedrag € 2.000.000 is
    En de gevraagde subsidie per jaar is:
      | jaar | bedrag         |
      | 2025 | € 1.000.000,01 |
      | 2026 | € 10.000       |
    En de cofinanciering door het bedrijfsleven 10% van de totale kosten is
    Dan moet de commissie regel FIN-10 beoordelen
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

# language: nl
Functionaliteit: Grenzen die de mutatietest vastlegt
  `sto coverage --mutanten` verandert het regelboek telkens op één punt (een parameter of datum één
  eenheid verschoven, een vergelijking omgedraaid, een deel van een voorwaarde weggelaten, een andere
  ernst) en kijkt of een scenario dat opmerkt. De scenario's hieronder leggen de grenzen vast die
  de andere scenario's nog openlieten: precies op de grens, net erover, en de dingen die ontbreken.

  # ------------------------------------------------------------ subsidiabiliteit en termijnen

  @familie:subsidiabiliteit @regel:ELIG-01
  Scenario: Met de derde ronde erbij: ronde 1 opent op 1 maart 2019, ronde 2 begint pas na 31 maart
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    En de regelversie "sto-2020-2023@2020-03-16"
    Als het plan is ingediend op 1 maart 2019 voor ronde 1
    Dan voldoet regel ELIG-01
    Als het plan is ingediend op 31 maart 2019 voor ronde 2
    Dan voldoet regel ELIG-01 niet

  @familie:subsidiabiliteit @regel:ELIG-01
  Scenario: Het venster van de derde ronde geldt alleen voor een aanvraag in ronde 3
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    En de regelversie "sto-2020-2023@2020-03-16"
    Als het plan is ingediend op 1 april 2020 voor ronde 1
    Dan voldoet regel ELIG-01 niet

  @familie:subsidiabiliteit @regel:ELIG-02
  Scenario: Techniekregio: de school van de penvoerder heeft geen technisch profiel
    # Een beroepsgerichte vmbo-school (bb en kb) zonder technisch profiel is in een techniekregio
    # geen passende school voor de penvoerder.
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als bij partner "v1" de profielen "Z&W (bb 60, kb 50)" is
    Dan voldoet regel ELIG-02 niet

  @familie:subsidiabiliteit @regel:ELIG-02
  Scenario: Techniekarme regio: de school van de penvoerder heeft geen beroepsgerichte leerweg
    # Zonder bovenbouwleerlingen in bb, kb of gl is de school geen beroepsgericht vmbo, ook niet
    # met een technisch profiel op papier (in een techniekregio zou dat profiel wel tellen).
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als de regio een techniekarme regio is
    En bij partner "v1" de profielen "PIE" is
    Dan voldoet regel ELIG-02 niet

  @familie:subsidiabiliteit @regel:ELIG-02
  Scenario: Techniekarme regio: een school met alleen de gemengde leerweg wordt niet uitgesloten
    # De bronnen zeggen niet welke leerwegen 'beroepsgericht vmbo' omvat; de gemengde leerweg heeft
    # een beroepsgericht profielvak. Een onterechte uitsluiting is erger dan een ruime lezing.
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als de regio een techniekarme regio is
    En bij partner "v1" de profielen "PIE (gl 20)" is
    Dan voldoet regel ELIG-02

  @familie:subsidiabiliteit @regel:ELIG-03
  Abstract Scenario: Een plan zonder activiteiten is niet compleet (<plan>)
    Gegeven het voorbeeldplan "<plan>"
    Als het plan alleen deze activiteiten heeft:
      | id | titel |
    Dan voldoet regel ELIG-03 niet

    Voorbeelden:
      | plan                |
      | basisplan-2020-2023 |
      | basisplan-2025-2028 |

  @familie:subsidiabiliteit @regel:ELIG-03
  Abstract Scenario: Een plan zonder begroting is niet compleet (<plan>)
    Gegeven het voorbeeldplan "<plan>"
    Als het plan alleen deze kostenregels heeft:
      | id | jaar | bedrag |
    Dan voldoet regel ELIG-03 niet

    Voorbeelden:
      | plan                |
      | basisplan-2020-2023 |
      | basisplan-2025-2028 |

  @familie:subsidiabiliteit @regel:ELIG-03
  Abstract Scenario: Eén activiteit en één kostenregel zijn genoeg voor een compleet plan (<plan>)
    Gegeven het voorbeeldplan "<plan>"
    Als activiteit "A2" niet in het plan staat
    En kostenregel "K2" niet in het plan staat
    Dan voldoet regel ELIG-03

    Voorbeelden:
      | plan                |
      | basisplan-2020-2023 |
      | basisplan-2025-2028 |

  @familie:subsidiabiliteit @regel:ELIG-04
  Abstract Scenario: Eén partner die de samenwerkingsovereenkomst tekende is genoeg (<plan>)
    Gegeven het voorbeeldplan "<plan>"
    Als partner "v2" de samenwerkingsovereenkomst niet heeft getekend
    En partner "m1" de samenwerkingsovereenkomst niet heeft getekend
    En partner "b1" de samenwerkingsovereenkomst niet heeft getekend
    Dan voldoet regel ELIG-04

    Voorbeelden:
      | plan                |
      | basisplan-2020-2023 |
      | basisplan-2025-2028 |

  @familie:subsidiabiliteit @regel:ELIG-01 @regel:ELIG-07
  Scenario: Een herziene aanvraag zonder besluit gaat naar de commissie, ook als verder alles klopt
    # ELIG-07 berust op een aanname: het vraagt om beoordeling. Dat maakt de uitkomst
    # "beoordeling door de commissie", niet "positief advies".
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het plan is ingediend op 15 mei 2019 voor ronde 2
    En de aanvraag noemt geen eerder besluit
    Dan moet de commissie regel ELIG-07 beoordelen
    En voldoet regel ELIG-01
    En de uitkomst is "beoordeling door de commissie"

  # ------------------------------------------------------------ één teken is genoeg

  @familie:concreetheid @regel:ELIG-06 @regel:ACT-01 @regel:ACT-06 @regel:ACT-07 @regel:FIN-03 @regel:ORG-02 @regel:ORG-03 @regel:PART-06
  Abstract Scenario: Een tekst van één teken telt als aanwezig, één kernpartner als genoeg (<plan>)
    # Deze regels vragen dat iets er is (minstens één teken, minstens één partner); ze beoordelen de
    # kwaliteit niet. Het scenario legt vast dat de grens bij één ligt en niet bij twee.
    Gegeven het voorbeeldplan "<plan>"
    Als het veld "/regional_vision/labour_market_analysis/text" de waarde "x" heeft
    En bij activiteit "A1" de omschrijving "x" is
    En activiteit "A1" deze mijlpalen heeft:
      | omschrijving | datum      | indicator |
      | Ruimte open  | <datum>    | x         |
    En het veld "/regional_vision/offer_decisions/0/justification" de waarde "x" heeft
    En bij kostenregel "K1" de toelichting "x" is
    En het veld "/organisation/decision_making" de waarde "x" heeft
    En het veld "/organisation/monitoring" de waarde "x" heeft
    En het veld "/organisation/reporting" de waarde "x" heeft
    En bij partner "v2" de rol "ondersteunend" is
    En bij partner "m1" de rol "ondersteunend" is
    Dan is de uitkomst per regel:
      | regel   | status  |
      | ELIG-06 | voldoet |
      | ACT-01  | voldoet |
      | ACT-06  | voldoet |
      | ACT-07  | voldoet |
      | FIN-03  | voldoet |
      | ORG-02  | voldoet |
      | ORG-03  | voldoet |
      | PART-06 | voldoet |

    Voorbeelden:
      | plan                | datum      |
      | basisplan-2020-2023 | 2020-09-01 |
      | basisplan-2025-2028 | 2025-06-01 |

  # ------------------------------------------------------------ financiële onderbouwing

  @familie:financieel @regel:FIN-01
  Scenario: Een bedrag mag tot op de afrondingsmarge lager zijn dan aantal x prijs, niet meer
    # K1: 10 x € 20.000 = € 200.000; de marge is € 1.
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als bij kostenregel "K1" het bedrag € 199.999 is
    Dan voldoet regel FIN-01
    Als bij kostenregel "K1" het bedrag € 199.998,99 is
    # FIN-01 berust op een aanname (issue 13): een afwijking is een bevinding voor de commissie.
    Dan moet de commissie regel FIN-01 beoordelen

  @familie:financieel @regel:FIN-01
  Scenario: Een kostenregel zonder aantal en prijs voldoet niet, ook niet met een bedrag van nul
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als kostenregel "K1" geen aantal heeft
    En kostenregel "K1" geen prijs heeft
    En bij kostenregel "K1" het bedrag € 0 is
    Dan moet de commissie regel FIN-01 beoordelen

  @familie:financieel @regel:FIN-05
  Scenario: Het regionale maximum telt leerlingen in MaT en MVI tegen hetzelfde bedrag
    # Programmasite, 20 december 2018: ‘geen onderscheid … tussen verschillende techniekprofielen’.
    # Basisplan: € 3.099.525 voor de vier jaar; een school met 10 leerlingen MaT in bb erbij:
    # 10 x € 15.895 meer, € 3.258.475. De kosten en de cofinanciering zijn zo hoog dat alleen FIN-05
    # de grens bepaalt.
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het plan ook deze partners heeft:
      | id | naam             | soort | brin   | rol           | profielen   |
      | v3 | Maritiem College | vmbo  | 66FF00 | ondersteunend | MaT (bb 10) |
    En bij kostenregel "K1" het aantal 200 is
    En bij kostenregel "K1" het bedrag € 4.000.000 is
    En de cofinanciering door het bedrijfsleven 10% van de totale kosten is
    En de gevraagde subsidie per jaar is:
      | jaar | bedrag      |
      | 2020 | € 3.258.475 |
    Dan voldoet regel FIN-05
    En alle andere regels voldoen
    Als de gevraagde subsidie per jaar is:
      | jaar | bedrag         |
      | 2020 | € 3.258.475,01 |
    Dan moet de commissie regel FIN-05 beoordelen
    En de uitkomst is "beoordeling door de commissie"

  # ------------------------------------------------------------ regeling 2025-2028

  @familie:financieel @regel:FIN-07
  Scenario: 2025-2028: kosten in 2024 vallen voor het eerste begrotingsjaar
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als bij kostenregel "K1" het jaar 2024 is
    Dan moet de commissie regel FIN-07 beoordelen

  @familie:financieel @regel:FIN-01
  Scenario: 2025-2028: een kostenregel die niet klopt met aantal x prijs
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als bij kostenregel "K1" het bedrag € 199.998,99 is
    # een begroting op hoofdlijnen: of aantal x prijs moet kloppen, zegt geen bron uit 2024 (aanname)
    Dan moet de commissie regel FIN-01 beoordelen

  @familie:organisatie @regel:ORG-01 @regel:ORG-02
  Scenario: 2025-2028: zonder projectleider en zonder stuurgroep
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de projectorganisatie geen projectleider heeft
    # geen bron uit 2024 noemt de projectorganisatie (aanname)
    Dan moet de commissie regel ORG-01 beoordelen
    Als de projectorganisatie geen stuurgroep heeft
    Dan moet de commissie regel ORG-02 beoordelen

  @familie:organisatie @regel:ORG-04
  Scenario: Een minuut minder dan 8 uur per week is te weinig
    # 7,99 uur is 479 minuten (naar beneden afgerond); de grens is 480.
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als de projectleider 7,99 uur per week beschikbaar is
    Dan moet de commissie regel ORG-04 beoordelen

  # ------------------------------------------------------------ de data die de brieven noemen

  Abstract Scenario: De uiterste datums voor de rapportages (regeling op <dag>)
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    En de regeling zoals die gold op <dag>
    Dan is de uiterste datum voor de voortgangsrapportage <voortgang>
    En de uiterste datum voor het eindverslag is <eindverslag>

    Voorbeelden:
      | dag            | voortgang       | eindverslag     |
      | 1 januari 2019 | 1 oktober 2021  | 1 juli 2024     |
      | 15 maart 2019  | 1 oktober 2021  | 1 juli 2024     |
      | 1 april 2020   | 1 oktober 2021  | 1 juli 2024     |
      | 1 januari 2022 | 1 november 2021 | 1 december 2024 |
      | 1 januari 2024 | 1 november 2021 | 1 december 2024 |

  Scenario: De uiterste datum voor een verbeterd plan na een afwijzing
    # Na ronde 1 (2019): ronde 2; na ronde 2: ronde 3 (tot en met 31 mei 2020); daarna geen ronde meer.
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    En de regeling zoals die gold op 15 maart 2019
    Dan is de uiterste datum voor een verbeterd plan 30 september 2019
    Als de regeling zoals die gold op 1 april 2020
    Dan is de uiterste datum voor een verbeterd plan 31 mei 2020
    Als de regeling zoals die gold op 1 januari 2022
    Dan is er geen uiterste datum voor een verbeterd plan

  # ------------------------------------------------------------ regeling 2025-2028: grenzen en aannames
  # De regels die voor 2025-2028 op een aanname rusten, vragen om beoordeling waar ze niet voldoen; de
  # scenario's leggen vast dat dat de uitkomst "beoordeling door de commissie" geeft (geen advies dat
  # de uitkomst laat staan) en waar de grens ligt.

  @familie:subsidiabiliteit @regel:ELIG-05
  Scenario: 2025-2028: een prognose van precies tien jaar is genoeg
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de prognose van leerlingaantallen loopt tot 2034
    Dan voldoet regel ELIG-05

  @familie:subsidiabiliteit @regel:ELIG-06
  Scenario: 2025-2028: bronnen zonder tekst van de arbeidsmarktanalyse vragen om beoordeling
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de arbeidsmarktanalyse geen tekst heeft
    Dan moet de commissie regel ELIG-06 beoordelen
    En de uitkomst is "beoordeling door de commissie"

  @familie:subsidiabiliteit @regel:ELIG-07
  Scenario: 2025-2028: ronde 2 zonder eerder besluit vraagt om beoordeling
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als het plan is ingediend op 20 september 2024 voor ronde 2
    En de aanvraag noemt geen eerder besluit
    Dan moet de commissie regel ELIG-07 beoordelen
    En de uitkomst is "beoordeling door de commissie"

  @familie:concreetheid @regel:ACT-07
  Scenario: 2025-2028: een aanbod dat niet klein is, heeft geen afweging nodig
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als het veld "/regional_vision/offer_decisions/0/small_offer" de waarde "false" heeft
    En het veld "/regional_vision/offer_decisions/0/justification" de waarde "~" heeft
    Dan voldoet regel ACT-07

  @familie:financieel @regel:FIN-01
  Abstract Scenario: 2025-2028: het bedrag mag tot op de afrondingsmarge van aantal x prijs afwijken (<bedrag>)
    # K1: 10 x € 20.000 = € 200.000; de marge is € 1.
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als bij kostenregel "K1" het bedrag <bedrag> is
    En de cofinanciering door het bedrijfsleven 10% van de totale kosten is
    Dan is de status van regel FIN-01 "<status>"
    En de uitkomst is "<uitkomst>"

    Voorbeelden:
      | bedrag         | status            | uitkomst                      |
      | € 199.999      | voldoet           | positief advies               |
      | € 199.998,99   | beoordeling nodig | beoordeling door de commissie |
      | € 200.001      | voldoet           | positief advies               |
      | € 200.002      | beoordeling nodig | beoordeling door de commissie |

  @familie:financieel @regel:FIN-01
  Scenario: 2025-2028: een kostenregel zonder aantal en prijs vraagt om beoordeling, ook met een bedrag van nul
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als kostenregel "K1" geen aantal heeft
    En kostenregel "K1" geen prijs heeft
    En bij kostenregel "K1" het bedrag € 0 is
    Dan moet de commissie regel FIN-01 beoordelen
    En de uitkomst is "beoordeling door de commissie"

  @familie:organisatie @regel:ORG-01
  Scenario: 2025-2028: een projectleider die bij geen partner hoort, vraagt om beoordeling
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als het veld "/organisation/project_leader/partner" de waarde "gemeente" heeft
    Dan moet de commissie regel ORG-01 beoordelen
    En de uitkomst is "beoordeling door de commissie"

  @familie:organisatie @regel:ORG-02
  Scenario: 2025-2028: een stuurgroep zonder beschrijving van de besluitvorming vraagt om beoordeling
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de projectorganisatie geen beschrijving van de besluitvorming heeft
    Dan moet de commissie regel ORG-02 beoordelen
    En de uitkomst is "beoordeling door de commissie"

  @familie:organisatie @regel:ORG-03
  Scenario: 2025-2028: zonder beschrijving van de rapportage vraagt het plan om beoordeling
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de projectorganisatie geen beschrijving van de rapportage heeft
    Dan moet de commissie regel ORG-03 beoordelen
    En de uitkomst is "beoordeling door de commissie"

  @familie:organisatie @regel:ORG-04
  Scenario: 2025-2028: precies acht uur per week is genoeg, een minuut minder niet
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de projectleider 8 uur per week beschikbaar is
    Dan voldoet regel ORG-04
    Als de projectleider 7,99 uur per week beschikbaar is
    Dan moet de commissie regel ORG-04 beoordelen

  @familie:subsidiabiliteit @regel:ELIG-04
  Scenario: 2025-2028: één partner die de samenwerkingsovereenkomst tekende is genoeg
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als partner "v2" de samenwerkingsovereenkomst niet heeft getekend
    En partner "m1" de samenwerkingsovereenkomst niet heeft getekend
    En partner "b1" de samenwerkingsovereenkomst niet heeft getekend
    En partner "p1" de samenwerkingsovereenkomst niet heeft getekend
    Dan voldoet regel ELIG-04

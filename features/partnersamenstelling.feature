# language: nl
@familie:partnersamenstelling
Functionaliteit: Partnersamenstelling
  Een regionaal plan is van minimaal twee vmbo-scholen met een technisch profiel (elk met een
  eigen BRIN-nummer), een mbo-instelling en het regionale bedrijfsleven. Vanaf de regeling
  2025-2028 doet ook het primair onderwijs mee. Elke activiteit heeft een eigenaar onder de
  partners, de partners tekenen de samenwerkingsovereenkomst en het plan zegt wie de kern vormt.

  @regel:PART-01 @regel:PART-02 @regel:PART-03 @regel:PART-04 @regel:PART-05 @regel:PART-06
  Abstract Scenario: Het basisplan voldoet aan de eisen aan de partners (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Dan is de uitkomst per regel:
      | regel   | status  |
      | PART-01 | voldoet |
      | PART-02 | voldoet |
      | PART-03 | voldoet |
      | PART-04 | voldoet |
      | PART-05 | voldoet |
      | PART-06 | voldoet |
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

  @regel:PART-01
  Abstract Scenario: Eén technische vmbo-school is te weinig (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als partner "v2" niet in het plan staat
    Dan voldoet regel PART-01 niet
    En de melding van PART-01 is "Er doet 1 vmbo-school met een technisch profiel mee; minimaal 2 zijn vereist."
    En de remediëring van PART-01 is "Neem nog 1 vmbo-school met een technisch profiel (eigen BRIN-nummer) op als partner: in de partnerlijst (partners) met type vmbo, het BRIN-nummer en de profielen met leerlingaantallen."
    En de uitkomst is "niet subsidiabel"
    En alle andere regels voldoen

    Voorbeelden: alle versies van de regeling
      | versie     | plan                |
      | 2018-09-13 | basisplan-2020-2023 |
      | 2019-02-27 | basisplan-2020-2023 |
      | 2020-03-16 | basisplan-2020-2023 |
      | 2021-05-27 | basisplan-2020-2023 |
      | 2022-07-07 | basisplan-2020-2023 |
      | 2023-07-20 | basisplan-2020-2023 |

  @regel:PART-01
  Scenario: Twee technische vmbo-scholen zijn precies genoeg
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Dan voldoet regel PART-01
    En de melding van PART-01 bevat "Er doen 2 vmbo-scholen met een technisch profiel mee"
    En regel PART-01 heeft geen remediëring

  @regel:PART-01
  Scenario: Een vmbo-school zonder technisch profiel telt niet mee
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als partner "v2" niet in het plan staat
    En het plan ook deze partners heeft:
      | id | naam             | soort | brin   | rol  | profielen                  |
      | v3 | Zorgcollege West | vmbo  | 44DD00 | kern | Z&W (bb 40, kb 30, gl 10)  |
    Dan voldoet regel PART-01 niet
    En de melding van PART-01 bevat "Er doet 1 vmbo-school"

  @regel:PART-01
  Scenario: Twee vestigingen met hetzelfde BRIN-nummer tellen als één school
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als bij partner "v2" de brin "11AA00" is
    Dan voldoet regel PART-01 niet
    En de remediëring van PART-01 bevat "Neem nog 1 vmbo-school met"

  @regel:PART-02
  Abstract Scenario: Zonder mbo-instelling is het plan niet subsidiabel (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als partner "m1" niet in het plan staat
    En bij activiteit "A2" de eigenaar "v2" is
    Dan voldoet regel PART-02 niet
    En de melding van PART-02 is "Er doet geen mbo-instelling mee; minimaal 1 is vereist."
    En de remediëring van PART-02 is "Neem 1 mbo-instelling op als partner: in de partnerlijst (partners) met type mbo."
    En de uitkomst is "niet subsidiabel"
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

  @regel:PART-03
  Abstract Scenario: Zonder partner uit het bedrijfsleven is het plan niet subsidiabel (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als partner "b1" niet in het plan staat
    Dan voldoet regel PART-03 niet
    En de melding van PART-03 is "Er doet geen partner uit het bedrijfsleven mee, en ook geen lokale overheid; minimaal 1 is vereist."
    En de remediëring van PART-03 is "Neem 1 partner uit het regionale bedrijfsleven op: in de partnerlijst (partners) met type business."
    En de uitkomst is "niet subsidiabel"

    Voorbeelden: alle versies van de regeling
      | versie     | plan                |
      | 2018-09-13 | basisplan-2020-2023 |
      | 2019-02-27 | basisplan-2020-2023 |
      | 2020-03-16 | basisplan-2020-2023 |
      | 2021-05-27 | basisplan-2020-2023 |
      | 2022-07-07 | basisplan-2020-2023 |
      | 2023-07-20 | basisplan-2020-2023 |

  @regel:PART-03
  Abstract Scenario: Een lokale overheid in plaats van een bedrijf sluit het plan niet uit (versie <versie>)
    # De programmasite (formats, 21 november 2018): "een regio bestaat tenminste uit twee
    # vmbo-scholen, één mbo-instelling, bedrijven en/of lokale overheden".
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    En de regelversie "<versie>"
    Als bij partner "b1" de soort "gemeente" is
    Dan voldoet regel PART-03
    En de melding van PART-03 is "Er doet geen partner uit het bedrijfsleven mee, wel een lokale overheid."

    Voorbeelden: alle versies van de regeling 2020-2023
      | versie     |
      | 2018-09-13 |
      | 2019-02-27 |
      | 2020-03-16 |
      | 2021-05-27 |
      | 2022-07-07 |
      | 2023-07-20 |

  @regel:PART-04
  Abstract Scenario: Een activiteit zonder eigenaar onder de partners (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als bij activiteit "A1" de eigenaar "gemeente" is
    Dan voldoet regel PART-04 niet
    En de melding van PART-04 bevat "1 activiteit heeft geen eigenaar onder de partners"
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

  @regel:PART-05
  Abstract Scenario: Een partner die niet tekende is een vraag voor de commissie (versie <versie>)
    # PART-05 berust op een aanname (de bron zegt dat er een getekende overeenkomst is, niet dat
    # elke partner tekent): de regel kan niet afwijzen, alleen om beoordeling vragen.
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als partner "b1" de samenwerkingsovereenkomst niet heeft getekend
    Dan moet de commissie regel PART-05 beoordelen
    En de melding van PART-05 bevat "Deze regel berust op een aanname"
    En de remediëring van PART-05 bevat "Laat partner b1 ("
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

  @regel:PART-06
  Abstract Scenario: Zonder kernpartners volgt een advies, geen afwijzing (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als bij partner "v1" de rol ondersteunend is
    En bij partner "v2" de rol ondersteunend is
    En bij partner "m1" de rol ondersteunend is
    Dan voldoet regel PART-06 niet
    En de melding van PART-06 is "Geen enkele partner is als kernpartner aangewezen; maak duidelijk wie de kern vormt."
    En de uitkomst is "positief advies"

    Voorbeelden: alle versies van de regeling
      | versie     | plan                |
      | 2018-09-13 | basisplan-2020-2023 |
      | 2019-02-27 | basisplan-2020-2023 |
      | 2020-03-16 | basisplan-2020-2023 |
      | 2021-05-27 | basisplan-2020-2023 |
      | 2022-07-07 | basisplan-2020-2023 |
      | 2023-07-20 | basisplan-2020-2023 |

  @regel:PART-07
  Scenario: Vanaf 2025 doet het primair onderwijs mee
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    En de regelversie "sto-2025-2028@2024-04-03"
    Dan voldoet regel PART-07
    En de melding van PART-07 bevat "als partner"

  @regel:PART-07
  Scenario: Zonder basisschool beoordeelt de commissie hoe het primair onderwijs betrokken is (2025-2028)
    # "het betrekken van het PO wordt verplicht gesteld", maar in welke vorm is niet bekend:
    # geen afwijzing, wel beoordeling door de commissie.
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    En de regelversie "sto-2025-2028@2024-04-03"
    Als partner "p1" niet in het plan staat
    Dan moet de commissie regel PART-07 beoordelen
    En de remediëring van PART-07 bevat "of licht toe hoe het primair onderwijs betrokken is"
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

  Scenario: Vóór 2025 bestaat de eis van het primair onderwijs niet
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het plan is ingediend op 15 maart 2019
    Dan de uitkomst is "positief advies"

  # ------------------------------------------------------------ regeling 2025-2028 (bronnen uit 2024)

  @regel:PART-01 @regel:PART-08
  Scenario: Een techniekluwe regio met techniek binnen D&P is niet niet-subsidiabel
    # "een gebied dat kiest voor een andere insteek van techniekonderwijs (bijvoorbeeld door
    # techniekonderwijs in het profiel Diensten & Producten aan te bieden)"
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de regio een techniekluwe regio is
    En bij partner "v1" de profielen "D&P (bb 60, kb 50, gl 20)" is
    En bij partner "v2" de profielen "D&P (bb 40, kb 30, gl 10)" is
    Dan is regel PART-01 niet van toepassing
    En voldoet regel PART-08
    En de melding van PART-08 is "Er doen 2 vmbo-scholen mee."
    En de uitkomst is "positief advies"

  @regel:PART-08
  Scenario: Een techniekluwe regio met één vmbo-school vraagt om beoordeling, niet om afwijzing
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de regio een techniekluwe regio is
    En partner "v2" niet in het plan staat
    Dan moet de commissie regel PART-08 beoordelen
    En de remediëring van PART-08 bevat "Neem nog 1 vmbo-school"
    En de uitkomst is "beoordeling door de commissie"

  @regel:PART-01
  Scenario: Een techniekregio met één technische vmbo-school vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als partner "v2" niet in het plan staat
    Dan moet de commissie regel PART-01 beoordelen
    En de uitkomst is "beoordeling door de commissie"

  @regel:PART-03
  Scenario: Zonder bedrijf als partner beoordeelt de commissie het (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als partner "b1" niet in het plan staat
    Dan moet de commissie regel PART-03 beoordelen

  @regel:PART-04
  Scenario: Een activiteit zonder eigenaar onder de partners vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als bij activiteit "A1" de eigenaar "gemeente" is
    Dan moet de commissie regel PART-04 beoordelen
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

  @regel:PART-06
  Scenario: Zonder kernpartners volgt een advies dat de uitkomst niet verandert (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als het veld "/partners/0/role" de waarde "supporting" heeft
    En het veld "/partners/1/role" de waarde "supporting" heeft
    En het veld "/partners/2/role" de waarde "supporting" heeft
    Dan moet de commissie regel PART-06 beoordelen
    En de uitkomst is "positief advies"

  # ------------------------------------------------------------ techniekarme regio's

  @regel:PART-01 @regel:PART-08 @regel:ELIG-02
  Abstract Scenario: Een techniekarme regio met vmbo-scholen zonder technisch profiel (versie <versie>)
    # Het techniekarme budget is er voor ‘regio’s waar geen of zeer weinig leerlingen staan ingeschreven
    # op de technische profielen’ (infographic OCW); zo’n regio heeft vmbo-scholen nodig, geen
    # technische profielen (programmasite: ‘tenminste twee vmbo-scholen’).
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als de regio een <regiosoort> is
    En de gevraagde subsidie in totaal <bedrag> is
    En het plan ook deze partners heeft:
      | id | naam        | soort | brin   | bestuur               | rol  | profielen                 |
      | v1 | Testcollege | vmbo  | 11AA00 | Stichting Testscholen | kern | D&P (bb 30, kb 20, gl 10) |
      | v2 | Zorgcollege | vmbo  | 22BB00 |                       | kern | Z&W (bb 20, kb 20)        |
    Dan is regel PART-01 niet van toepassing
    En voldoet regel PART-08
    En de melding van PART-08 is "Er doen 2 vmbo-scholen mee."
    En voldoet regel ELIG-02
    Als partner "v2" niet in het plan staat
    Dan moet de commissie regel PART-08 beoordelen
    En de melding van PART-08 bevat "Er doet 1 vmbo-school mee"
    En de remediëring van PART-08 bevat "Neem nog 1 vmbo-school"
    En de uitkomst is "beoordeling door de commissie"

    Voorbeelden: alle versies van de regeling
      | versie     | plan                | regiosoort         | bedrag    |
      | 2018-09-13 | basisplan-2020-2023 | techniekarme regio | € 260.000 |
      | 2019-02-27 | basisplan-2020-2023 | techniekarme regio | € 260.000 |
      | 2020-03-16 | basisplan-2020-2023 | techniekarme regio | € 260.000 |
      | 2021-05-27 | basisplan-2020-2023 | techniekarme regio | € 260.000 |
      | 2022-07-07 | basisplan-2020-2023 | techniekarme regio | € 260.000 |
      | 2023-07-20 | basisplan-2020-2023 | techniekarme regio | € 260.000 |
      | 2024-04-03 | basisplan-2025-2028 | techniekluwe regio | € 260.000 |

  @regel:PART-01 @regel:PART-08 @regel:FIN-06
  Scenario: Een techniekarme regio met vmbo-scholen zonder technisch profiel is niet ‘niet subsidiabel’
    # Het bedrag (€ 260.000) ligt onder de indicatieve € 600.000: een bevinding, geen uitsluiting.
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als de regio een techniekarme regio is
    En het plan ook deze partners heeft:
      | id | naam        | soort | brin   | bestuur               | rol  | profielen                 |
      | v1 | Testcollege | vmbo  | 11AA00 | Stichting Testscholen | kern | D&P (bb 30, kb 20, gl 10) |
      | v2 | Zorgcollege | vmbo  | 22BB00 |                       | kern | Z&W (bb 20, kb 20)        |
    Dan is regel PART-01 niet van toepassing
    En voldoet regel PART-08
    En de commissie moet regel FIN-06 beoordelen
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

  @regel:PART-01 @regel:PART-08
  Scenario: Voor een techniekregio geldt de eis van PART-01, niet die van PART-08
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Dan voldoet regel PART-01
    En is regel PART-08 niet van toepassing

  @regel:PART-08
  Scenario: Een techniekarme regio met één vmbo-school en verder een passend plan gaat naar de commissie
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als de regio een techniekarme regio is
    En bij kostenregel "K1" het aantal 100 is
    En bij kostenregel "K1" het bedrag € 2.000.000 is
    En de cofinanciering door het bedrijfsleven 10% van de totale kosten is
    En de gevraagde subsidie in totaal € 600.000 is
    En partner "v2" niet in het plan staat
    Dan moet de commissie regel PART-08 beoordelen
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

# language: nl
@familie:regeling-2025-2028
Functionaliteit: De regeling 2025-2028 en twee regelingen tegelijk
  De Subsidieregeling sterk techniekonderwijs 2025-2028 (Stcrt. 2024, 11193) geldt vanaf 3 april
  2024 en vervalt op 30 maart 2029. Tot en met 31 december 2024 gold ook de regeling 2020-2023: een
  plan zegt onder welke regeling het valt (submission.regulation); zonder dat veld geldt de regeling
  die op de dag van indienen gold, en van 3 april tot en met 31 december 2024 de nieuwe, want alleen
  die nam toen aanvragen aan. Binnen die regeling kiest de datum de versie.

  Van de tekst van de nieuwe regeling is alleen artikel 1.1 gevonden. Wat alleen op bronnen uit
  2018-2020 rust, is voor 2025-2028 een aanname: het vraagt om beoordeling door de commissie en
  wijst een plan nooit af.

  # ------------------------------------------------------------ twee regelingen tegelijk

  Scenario: Een plan van 2020-2023 wordt in 2024 getoetst aan zijn eigen regeling
    # 1 juni 2024: beide regelingen gelden; het plan is in 2019 ingediend, dus onder 2020-2023.
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    En de regeling zoals die gold op 1 juni 2024
    Dan is de gebruikte regelversie "sto-2020-2023@2023-07-20"
    En de uitkomst is "positief advies"

  Scenario: Een plan dat in september 2024 is ingediend zonder regeling valt onder 2025-2028
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als het veld "/submission/regulation" de waarde "~" heeft
    Dan is de gebruikte regelversie "sto-2025-2028@2024-04-03"

  Scenario: Een plan dat in september 2024 zegt onder 2020-2023 te vallen, krijgt de versie van die regeling
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het plan is ingediend op 20 september 2024
    En het veld "/submission/regulation" de waarde "sto-2020-2023" heeft
    Dan is de gebruikte regelversie "sto-2020-2023@2023-07-20"

  # ------------------------------------------------------------ de aanvraag

  @regel:ELIG-01
  Scenario: De aanvraagperiode loopt tot en met 1 oktober 2024 (16.00 uur); het rondenummer telt niet
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als het plan is ingediend op 1 oktober 2024 voor ronde 2
    Dan voldoet regel ELIG-01
    En de melding van ELIG-01 bevat "1 oktober 2024 16.00 uur"
    Als het plan is ingediend op 2 oktober 2024 voor ronde 1
    Dan voldoet regel ELIG-01 niet
    En de uitkomst is "niet subsidiabel"

  @regel:ELIG-02
  Scenario: De penvoerder mag het bevoegd gezag zijn van elke vmbo-school in de regio, ook zonder technisch profiel
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als het plan ook deze partners heeft:
      | id | naam            | soort | brin   | rol  | profielen                 |
      | v3 | Zorgcollege Zuid | vmbo  | 44DD00 | kern | Z&W (bb 40, kb 30, gl 10) |
    En de penvoerder optreedt voor de school met BRIN "44DD00"
    Dan voldoet regel ELIG-02
    En de uitkomst is "positief advies"

  @regel:ELIG-02
  Scenario: Een penvoerder die optreedt voor de mbo-instelling is niet subsidiabel
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de penvoerder optreedt voor de school met BRIN "33CC"
    Dan voldoet regel ELIG-02 niet
    En de melding van ELIG-02 bevat "geen vmbo-school onder de partners"
    En de uitkomst is "niet subsidiabel"
    En alle andere regels voldoen

  # ------------------------------------------------------------ techniekluwe regio

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

  # ------------------------------------------------------------ bedragen

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
    En de remediëring van FIN-06 is "Verlaag de gevraagde subsidie met € 0,01."
    En de uitkomst is "negatief advies"

  # ------------------------------------------------------------ regels zonder bron uit 2024: beoordeling

  @regel:ACT-01
  Scenario: Een activiteit zonder omschrijving vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als activiteit "A1" geen omschrijving heeft
    Dan moet de commissie regel ACT-01 beoordelen
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

  @regel:ACT-02
  Scenario: Een activiteit zonder doelen vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als activiteit "A2" geen doelen heeft
    Dan moet de commissie regel ACT-02 beoordelen
    En alle andere regels voldoen

  @regel:ACT-03
  Scenario: Een activiteit zonder mijlpalen vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als activiteit "A1" geen mijlpalen heeft
    Dan moet de commissie regel ACT-03 beoordelen

  @regel:ACT-04
  Scenario: Een activiteit zonder hoofddoel vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als activiteit "A2" geen hoofddoelen heeft
    Dan moet de commissie regel ACT-04 beoordelen
    En alle andere regels voldoen

  @regel:ACT-07
  Scenario: Klein aanbod zonder afweging vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als het veld "/regional_vision/offer_decisions/0/justification" de waarde "~" heeft
    Dan moet de commissie regel ACT-07 beoordelen
    En alle andere regels voldoen

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
    En alle andere regels voldoen

  @regel:FIN-03
  Scenario: Een kostenregel zonder toelichting vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als kostenregel "K1" geen toelichting heeft
    Dan moet de commissie regel FIN-03 beoordelen
    En alle andere regels voldoen

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
    En alle andere regels voldoen

  @regel:PART-06
  Scenario: Zonder kernpartners vraagt het plan om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als het veld "/partners/0/role" de waarde "supporting" heeft
    En het veld "/partners/1/role" de waarde "supporting" heeft
    En het veld "/partners/2/role" de waarde "supporting" heeft
    Dan moet de commissie regel PART-06 beoordelen

  @regel:ORG-01
  Scenario: Zonder projectleider vraagt het plan om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de projectorganisatie geen projectleider heeft
    Dan moet de commissie regel ORG-01 beoordelen

  @regel:ORG-02
  Scenario: Zonder stuurgroep vraagt het plan om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de projectorganisatie geen stuurgroep heeft
    Dan moet de commissie regel ORG-02 beoordelen

  @regel:ORG-03
  Scenario: Zonder beschrijving van de monitoring vraagt het plan om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de projectorganisatie geen beschrijving van de monitoring heeft
    Dan moet de commissie regel ORG-03 beoordelen
    En alle andere regels voldoen

  @regel:ELIG-05
  Scenario: Een prognose van negen jaar vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de prognose van leerlingaantallen loopt tot 2033
    Dan moet de commissie regel ELIG-05 beoordelen
    En alle andere regels voldoen

  @regel:ELIG-06
  Scenario: Een arbeidsmarktanalyse zonder bronnen vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de arbeidsmarktanalyse geen bronnen heeft
    Dan moet de commissie regel ELIG-06 beoordelen
    En alle andere regels voldoen

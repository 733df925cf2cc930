# language: nl
@familie:subsidiabiliteit
Functionaliteit: Subsidiabiliteit en termijnen
  Een plan wordt ingediend binnen de aanvraagperiode van zijn ronde, door het bevoegd gezag van een
  passende vmbo-school, met regiovisie, activiteitenplan en begroting, een ondertekende
  samenwerkingsovereenkomst, een prognose van leerlingaantallen van minstens tien jaar en een
  onderbouwde arbeidsmarktanalyse. Welke versie van de regeling geldt, hangt af van de datum.

  @regel:ELIG-01 @regel:ELIG-02 @regel:ELIG-03 @regel:ELIG-04 @regel:ELIG-05 @regel:ELIG-06 @regel:ELIG-07
  Abstract Scenario: Het basisplan is subsidiabel (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Dan is de uitkomst per regel:
      | regel   | status  |
      | ELIG-01 | voldoet |
      | ELIG-02 | voldoet |
      | ELIG-03 | voldoet |
      | ELIG-04 | voldoet |
      | ELIG-05 | voldoet |
      | ELIG-06 | voldoet |
      | ELIG-07 | voldoet |
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

  # ------------------------------------------------------------ aanvraagperioden: op en na elke termijn

  @regel:ELIG-01
  Abstract Scenario: Ingediend op <datum> voor ronde <ronde> (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als het plan is ingediend op <datum> voor ronde <ronde>
    En de aanvraag reageert op besluit "OCW/STO/2019-123"
    Dan is de status van regel ELIG-01 "<status>"

    # Ronde 2: ‘voor 1 oktober 2019’ (DUS-I), ‘30 september 2019: uiterlijke indieningsdatum’
    # (programmasite): de laatste dag is 30 september, zoals ‘vóór 1 april’ 31 maart is.
    Voorbeelden: eerste en tweede ronde (2019)
      | versie     | plan                | datum      | ronde | status       |
      | 2018-09-13 | basisplan-2020-2023 | 2019-02-28 | 1     | voldoet niet |
      | 2018-09-13 | basisplan-2020-2023 | 2019-03-01 | 1     | voldoet      |
      | 2018-09-13 | basisplan-2020-2023 | 2019-03-31 | 1     | voldoet      |
      | 2018-09-13 | basisplan-2020-2023 | 2019-04-01 | 1     | voldoet niet |
      | 2018-09-13 | basisplan-2020-2023 | 2019-03-31 | 2     | voldoet niet |
      | 2019-02-27 | basisplan-2020-2023 | 2019-03-01 | 1     | voldoet      |
      | 2019-02-27 | basisplan-2020-2023 | 2019-04-01 | 1     | voldoet niet |
      | 2019-02-27 | basisplan-2020-2023 | 2019-04-01 | 2     | voldoet      |
      | 2019-02-27 | basisplan-2020-2023 | 2019-09-30 | 2     | voldoet      |
      | 2019-02-27 | basisplan-2020-2023 | 2019-10-01 | 2     | voldoet niet |
      | 2019-02-27 | basisplan-2020-2023 | 2020-04-15 | 3     | voldoet niet |

    Voorbeelden: derde ronde (16 maart tot en met 31 mei 2020)
      | versie     | plan                | datum      | ronde | status       |
      | 2020-03-16 | basisplan-2020-2023 | 2020-03-15 | 3     | voldoet niet |
      | 2020-03-16 | basisplan-2020-2023 | 2020-03-16 | 3     | voldoet      |
      | 2020-03-16 | basisplan-2020-2023 | 2020-05-31 | 3     | voldoet      |
      | 2020-03-16 | basisplan-2020-2023 | 2020-06-01 | 3     | voldoet niet |
      | 2021-05-27 | basisplan-2020-2023 | 2020-05-31 | 3     | voldoet      |
      | 2021-05-27 | basisplan-2020-2023 | 2020-06-01 | 3     | voldoet niet |
      | 2022-07-07 | basisplan-2020-2023 | 2019-09-30 | 2     | voldoet      |
      | 2022-07-07 | basisplan-2020-2023 | 2019-10-01 | 2     | voldoet niet |
      | 2023-07-20 | basisplan-2020-2023 | 2019-03-31 | 1     | voldoet      |
      | 2023-07-20 | basisplan-2020-2023 | 2019-04-01 | 1     | voldoet niet |

    Voorbeelden: regeling 2025-2028 (1 september 9.00 uur tot 1 oktober 2024 16.00 uur; het rondenummer telt niet)
      | versie     | plan                | datum      | ronde | status       |
      | 2024-04-03 | basisplan-2025-2028 | 2024-08-31 | 1     | voldoet niet |
      | 2024-04-03 | basisplan-2025-2028 | 2024-09-01 | 1     | voldoet      |
      | 2024-04-03 | basisplan-2025-2028 | 2024-10-01 | 1     | voldoet      |
      | 2024-04-03 | basisplan-2025-2028 | 2024-10-02 | 1     | voldoet niet |
      | 2024-04-03 | basisplan-2025-2028 | 2024-09-20 | 2     | voldoet      |

  @regel:ELIG-01
  Scenario: Te laat ingediend is niet subsidiabel, met de termijnen in de melding
    Gegeven het voorbeeldplan "noord-veluwe-compleet"
    Als het plan is ingediend op 1 april 2019
    Dan voldoet regel ELIG-01 niet
    En de melding van ELIG-01 is "Het plan is op 1 april 2019 ingediend voor ronde 1; dat valt buiten de aanvraagperiode (ronde 1: 1 maart 2019 t/m 31 maart 2019; ronde 2: uiterlijk 30 september 2019)."
    En de uitkomst is "niet subsidiabel"

  # ------------------------------------------------------------ welke versie geldt

  Abstract Scenario: Zonder gekozen versie geldt de regeling op de dag van indienen (<datum>)
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het plan is ingediend op <datum>
    Dan is de gebruikte regelversie "<versie>"

    Voorbeelden:
      | datum      | versie     |
      | 2019-02-26 | 2018-09-13 |
      | 2019-02-27 | 2019-02-27 |
      | 2020-03-15 | 2019-02-27 |
      | 2020-03-16 | 2020-03-16 |
      | 2021-05-26 | 2020-03-16 |
      | 2021-05-27 | 2021-05-27 |
      | 2022-07-06 | 2021-05-27 |
      | 2022-07-07 | 2022-07-07 |
      | 2023-07-19 | 2022-07-07 |
      | 2023-07-20 | 2023-07-20 |
      | 2024-04-02 | 2023-07-20 |
      | 2024-04-03 | 2024-04-03 |

  Scenario: De regeling zoals die gold op een gekozen datum
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    En de regeling zoals die gold op 1 september 2021
    Dan is de gebruikte regelversie "sto-2020-2023@2021-05-27"

  # ------------------------------------------------------------ penvoerder, volledigheid, overeenkomst

  @regel:ELIG-02 @regel:ELIG-08
  Abstract Scenario: De penvoerder treedt op voor een school zonder technisch profiel (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als de penvoerder optreedt voor de school met BRIN "33CC"
    Dan voldoet regel ELIG-02 niet
    En de melding van ELIG-02 bevat "geen partner met een technisch profiel (techniekregio)"
    En de uitkomst is "niet subsidiabel"
    # De partnerlijst noemt voor die school geen bevoegd gezag: vergelijken kan niet.
    En de commissie moet regel ELIG-08 beoordelen
    En alle andere regels voldoen

    Voorbeelden: alle versies van de regeling
      | versie     | plan                |
      | 2018-09-13 | basisplan-2020-2023 |
      | 2019-02-27 | basisplan-2020-2023 |
      | 2020-03-16 | basisplan-2020-2023 |
      | 2021-05-27 | basisplan-2020-2023 |
      | 2022-07-07 | basisplan-2020-2023 |
      | 2023-07-20 | basisplan-2020-2023 |

  @regel:ELIG-02
  Scenario: In een techniekarme regio volstaat een beroepsgerichte vmbo-school als penvoerder
    Gegeven het voorbeeldplan "zuidwest-drenthe-techniekarm"
    Dan voldoet regel ELIG-02
    En de uitkomst is "positief advies"

  @regel:ELIG-03
  Abstract Scenario: Een plan zonder regiovisie is niet compleet (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als het plan geen regiovisie heeft
    Dan voldoet regel ELIG-03 niet
    En de melding van ELIG-03 is "Het plan is niet compleet: regiovisie aanwezig: nee; activiteiten: 2; kostenregels: 2."
    En de remediëring van ELIG-03 bevat "(budget.cost_lines). Nu ontbreekt de regiovisie."
    En de uitkomst is "niet subsidiabel"

    Voorbeelden: alle versies van de regeling
      | versie     | plan                |
      | 2018-09-13 | basisplan-2020-2023 |
      | 2019-02-27 | basisplan-2020-2023 |
      | 2020-03-16 | basisplan-2020-2023 |
      | 2021-05-27 | basisplan-2020-2023 |
      | 2022-07-07 | basisplan-2020-2023 |
      | 2023-07-20 | basisplan-2020-2023 |
      | 2024-04-03 | basisplan-2025-2028 |

  @regel:ELIG-03
  Scenario: Een plan zonder begroting is niet compleet
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het plan alleen deze kostenregels heeft:
      | id | activiteit | jaar | bedrag |
    Dan voldoet regel ELIG-03 niet

  @regel:ELIG-04
  Abstract Scenario: Niemand tekende de samenwerkingsovereenkomst (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als geen enkele partner de samenwerkingsovereenkomst heeft getekend
    Dan voldoet regel ELIG-04 niet
    En de melding van ELIG-04 is "Er is geen ondertekende samenwerkingsovereenkomst (ondertekend door geen enkele partner)."
    En de uitkomst is "niet subsidiabel"

    Voorbeelden: alle versies van de regeling
      | versie     | plan                |
      | 2018-09-13 | basisplan-2020-2023 |
      | 2019-02-27 | basisplan-2020-2023 |
      | 2020-03-16 | basisplan-2020-2023 |
      | 2021-05-27 | basisplan-2020-2023 |
      | 2022-07-07 | basisplan-2020-2023 |
      | 2023-07-20 | basisplan-2020-2023 |
      | 2024-04-03 | basisplan-2025-2028 |

  # ------------------------------------------------------------ regiovisie

  @regel:ELIG-05
  Abstract Scenario: De prognose kijkt tien jaar vooruit, negen is te kort (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als de prognose van leerlingaantallen loopt tot <tien jaar>
    Dan voldoet regel ELIG-05
    Als de prognose van leerlingaantallen loopt tot <negen jaar>
    Dan voldoet regel ELIG-05 niet
    En de melding van ELIG-05 is "De prognose van leerlingaantallen loopt 9 jaar vooruit; nodig is ten minste 10 jaar."
    En de remediëring van ELIG-05 is "Verleng de prognose van leerlingaantallen met 1 jaar, tot ten minste 10 jaar vooruit: voeg in de regiovisie prognosejaren toe (regional_vision.student_forecast)."
    En de uitkomst is "negatief advies"
    En alle andere regels voldoen

    Voorbeelden: ingediend in 2019, of in 2024 voor 2025-2028
      | versie     | plan                | tien jaar | negen jaar |
      | 2018-09-13 | basisplan-2020-2023 | 2029      | 2028       |
      | 2019-02-27 | basisplan-2020-2023 | 2029      | 2028       |
      | 2020-03-16 | basisplan-2020-2023 | 2029      | 2028       |
      | 2021-05-27 | basisplan-2020-2023 | 2029      | 2028       |
      | 2022-07-07 | basisplan-2020-2023 | 2029      | 2028       |
      | 2023-07-20 | basisplan-2020-2023 | 2029      | 2028       |

  @regel:ELIG-06
  Abstract Scenario: Een arbeidsmarktanalyse zonder bronnen (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als de arbeidsmarktanalyse geen <onderdeel> heeft
    Dan voldoet regel ELIG-06 niet
    En de melding van ELIG-06 bevat "De arbeidsmarktanalyse ontbreekt of noemt geen bronnen"
    En de uitkomst is "negatief advies"
    En alle andere regels voldoen

    Voorbeelden:
      | versie     | plan                | onderdeel |
      | 2018-09-13 | basisplan-2020-2023 | bronnen   |
      | 2019-02-27 | basisplan-2020-2023 | tekst     |
      | 2020-03-16 | basisplan-2020-2023 | bronnen   |
      | 2021-05-27 | basisplan-2020-2023 | tekst     |
      | 2022-07-07 | basisplan-2020-2023 | bronnen   |
      | 2023-07-20 | basisplan-2020-2023 | tekst     |

  # ------------------------------------------------------------ herziene aanvragen

  @regel:ELIG-07
  Abstract Scenario: Een herziene aanvraag zonder het eerdere besluit (versie <versie>)
    # ELIG-07 berust op een aanname (dat een latere ronde het eerdere besluit noemt is onze
    # uitwerking): zonder kenmerk vraagt de regel om beoordeling, met kenmerk voldoet hij.
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als het plan is ingediend op <datum> voor ronde 2
    En de aanvraag noemt geen eerder besluit
    Dan moet de commissie regel ELIG-07 beoordelen
    En de melding van ELIG-07 bevat "moet noemen op welk eerder besluit zij reageert"
    Als de aanvraag reageert op besluit "OCW/STO/2019-123"
    Dan voldoet regel ELIG-07

    Voorbeelden:
      | versie     | plan                | datum      |
      | 2018-09-13 | basisplan-2020-2023 | 2019-09-01 |
      | 2019-02-27 | basisplan-2020-2023 | 2019-09-01 |
      | 2020-03-16 | basisplan-2020-2023 | 2019-09-01 |
      | 2021-05-27 | basisplan-2020-2023 | 2019-09-01 |
      | 2022-07-07 | basisplan-2020-2023 | 2019-09-01 |
      | 2023-07-20 | basisplan-2020-2023 | 2019-09-01 |
      | 2024-04-03 | basisplan-2025-2028 | 2024-09-20 |

  @regel:ELIG-07
  Scenario: Een eerste aanvraag hoeft geen besluit te noemen
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het plan is ingediend op 15 maart 2019 voor ronde 1
    Dan voldoet regel ELIG-07

  # ------------------------------------------------------------ twee regelingen tegelijk; regeling 2025-2028
  # Van 3 april t/m 31 december 2024 gelden de regelingen 2020-2023 en 2025-2028 allebei. Een plan zegt
  # onder welke regeling het valt (submission.regulation); zonder dat veld de regeling die op de dag van
  # indienen gold, en in die periode de nieuwe (alleen die nam toen aanvragen aan). Binnen die regeling
  # kiest de datum de versie. Wat voor 2025-2028 alleen op bronnen uit 2018-2020 rust, is een aanname:
  # beoordeling door de commissie, nooit afwijzing.

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
    En het veld "/partners/5/board" de waarde "Stichting Testscholen" heeft
    En de penvoerder optreedt voor de school met BRIN "44DD00"
    Dan voldoet regel ELIG-02
    En de uitkomst is "positief advies"

  @regel:ELIG-02 @regel:ELIG-08
  Scenario: Een penvoerder die optreedt voor de mbo-instelling is niet subsidiabel
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de penvoerder optreedt voor de school met BRIN "33CC"
    Dan voldoet regel ELIG-02 niet
    En de melding van ELIG-02 bevat "geen vmbo-school onder de partners"
    En de uitkomst is "niet subsidiabel"
    # de partnerlijst noemt geen bestuur bij de mbo-instelling: niet te vergelijken
    En de commissie moet regel ELIG-08 beoordelen
    En alle andere regels voldoen

  @regel:ELIG-05
  Scenario: Een prognose van negen jaar vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de prognose van leerlingaantallen loopt tot 2033
    Dan moet de commissie regel ELIG-05 beoordelen
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

  @regel:ELIG-06
  Scenario: Een arbeidsmarktanalyse zonder bronnen vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de arbeidsmarktanalyse geen bronnen heeft
    Dan moet de commissie regel ELIG-06 beoordelen
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

  @regel:ELIG-08
  Scenario: Vraagt een ander bestuur aan dan het bevoegd gezag van de school van de penvoerder, dan beoordeelt de commissie het (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als het veld "/lead_applicant/board" de waarde "Stichting Anders" heeft
    Dan moet de commissie regel ELIG-08 beoordelen
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen
    Als het veld "/lead_applicant/board" de waarde "stichting  testscholen" heeft
    Dan voldoet regel ELIG-08

  # ------------------------------------------------------------ het bestuur van de penvoerder

  @regel:ELIG-08
  Abstract Scenario: Het bestuur dat aanvraagt is niet het bevoegd gezag van de school van de penvoerder (versie <versie>)
    # DUS-I: de regeling verstrekt subsidie ‘aan het bevoegd gezag van vmbo-scholen’. Een ander bestuur
    # dan de partnerlijst bij de school noemt, is een bevinding: het kan een schrijfwijze zijn.
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Dan voldoet regel ELIG-08
    Als het veld "/lead_applicant/board" de waarde "Stichting Andere Scholen" heeft
    Dan moet de commissie regel ELIG-08 beoordelen
    En de melding van ELIG-08 bevat "is niet het bevoegd gezag dat de partnerlijst bij de school van de penvoerder noemt"
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

  @regel:ELIG-08
  Scenario: Hoofdletters en spaties in de naam van het bestuur maken geen verschil
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het veld "/lead_applicant/board" de waarde "stichting  TESTSCHOLEN" heeft
    Dan voldoet regel ELIG-08
    En de uitkomst is "positief advies"

  @regel:ELIG-08
  Scenario: Zonder bevoegd gezag bij de school in de partnerlijst is er niets te vergelijken
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als partner "v1" geen bestuur heeft
    Dan moet de commissie regel ELIG-08 beoordelen
    En de melding van ELIG-08 bevat "Niet te beoordelen"
    En alle andere regels voldoen

  # ------------------------------------------------------------ ronde 3 en de aanvullende aanvraag 2024

  @regel:ELIG-07 @regel:ELIG-01
  Scenario: Ronde 3 staat alleen open voor een regio waarvan de gewijzigde aanvraag is afgewezen
    # Stcrt. 2020, 13498, artikel 1.8, derde lid: ‘Indien de minister een gewijzigde aanvraag afwijst’.
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het plan is ingediend op 16 maart 2020 voor ronde 3
    En de aanvraag noemt geen eerder besluit
    Dan moet de commissie regel ELIG-07 beoordelen
    En de melding van ELIG-07 bevat "ronde 3 staat alleen open voor een regio waarvan de minister de gewijzigde aanvraag (ronde 2) heeft afgewezen"
    En voldoet regel ELIG-01

  @regel:ELIG-01 @regel:ELIG-09
  Abstract Scenario: Een stuk uit de periode van de aanvullende aanvraag 2024 is nooit niet subsidiabel (<datum>)
    # De aanvulling voor 2024 ging met de tweede voortgangsrapportage, uiterlijk 1 oktober 2023, en
    # rekent met het toegekende bedrag. Het is geen regioplan: sto-toets toetst haar niet en legt het
    # stuk voor. Buiten die periode stond geen enkele ronde open.
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het plan is ingediend op <datum>
    En de prognose van leerlingaantallen loopt tot 2034
    Dan is de status van regel ELIG-01 "<ELIG-01>"
    En is de status van regel ELIG-09 "<ELIG-09>"
    En de uitkomst is "<uitkomst>"

    Voorbeelden:
      | datum      | ELIG-01             | ELIG-09           | uitkomst                      |
      | 2023-07-20 | niet van toepassing | beoordeling nodig | beoordeling door de commissie |
      | 2023-09-15 | niet van toepassing | beoordeling nodig | beoordeling door de commissie |
      | 2023-10-01 | niet van toepassing | beoordeling nodig | beoordeling door de commissie |

  @regel:ELIG-01 @regel:ELIG-09
  Scenario: De periode van de aanvullende aanvraag begint op 20 juli 2023, ook bij een gekozen versie
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    En de regelversie "sto-2020-2023@2023-07-20"
    Als het plan is ingediend op 19 juli 2023
    En de prognose van leerlingaantallen loopt tot 2034
    Dan voldoet regel ELIG-01 niet
    En voldoet regel ELIG-09

  @regel:ELIG-01 @regel:ELIG-09
  Scenario: Voor en na de periode van de aanvullende aanvraag stond geen ronde open
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het plan is ingediend op 19 juli 2023
    En de prognose van leerlingaantallen loopt tot 2034
    Dan voldoet regel ELIG-01 niet
    En is de gebruikte regelversie "sto-2020-2023@2022-07-07"
    Als het plan is ingediend op 2 oktober 2023
    Dan voldoet regel ELIG-01 niet
    En voldoet regel ELIG-09
    En de uitkomst is "niet subsidiabel"

# language: nl
@familie:concreetheid
Functionaliteit: Concreetheid van activiteiten en mijlpalen
  Het activiteitenplan beschrijft elke activiteit, met doelen, gedateerde mijlpalen met een meetbare
  indicator, en de bijdrage aan een van de twee hoofddoelen (dekkend aanbod, duurzame kwaliteit).
  Mijlpalen vallen in de uitvoeringsperiode, die per versie van de regeling verschilt. Klein aanbod
  dat blijft, heeft een gegronde regionale afweging.

  @regel:ACT-01 @regel:ACT-02 @regel:ACT-03 @regel:ACT-04 @regel:ACT-05 @regel:ACT-06 @regel:ACT-07
  Abstract Scenario: Het basisplan is concreet genoeg (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Dan is de uitkomst per regel:
      | regel  | status  |
      | ACT-01 | voldoet |
      | ACT-02 | voldoet |
      | ACT-03 | voldoet |
      | ACT-04 | voldoet |
      | ACT-05 | voldoet |
      | ACT-06 | voldoet |
      | ACT-07 | voldoet |

    Voorbeelden: alle versies van de regeling
      | versie     | plan                |
      | 2018-09-13 | basisplan-2020-2023 |
      | 2019-02-27 | basisplan-2020-2023 |
      | 2020-03-16 | basisplan-2020-2023 |
      | 2021-05-27 | basisplan-2020-2023 |
      | 2022-07-07 | basisplan-2020-2023 |
      | 2023-07-20 | basisplan-2020-2023 |
      | 2024-04-03 | basisplan-2025-2028 |

  @regel:ACT-01
  Abstract Scenario: Een activiteit zonder omschrijving (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als activiteit "A1" geen omschrijving heeft
    Dan voldoet regel ACT-01 niet
    En de melding van ACT-01 is "1 activiteit zonder omschrijving: activiteit A1 (Techniekhuis)."
    En de remediëring van ACT-01 is "Beschrijf wat er gebeurt, wie het doet en voor wie (description), bij activiteit A1 (Techniekhuis, activities[0])."
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

  @regel:ACT-02
  Abstract Scenario: Een activiteit zonder doelen (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als activiteit "A2" geen doelen heeft
    Dan voldoet regel ACT-02 niet
    En de melding van ACT-02 bevat "1 activiteit zonder doelen"
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

  @regel:ACT-02 @regel:ACT-03
  Scenario: Het voorbeeldplan met activiteiten zonder doelen en mijlpalen
    Gegeven het voorbeeldplan "activiteiten-zonder-doelen"
    Dan voldoet regel ACT-02 niet
    En voldoet regel ACT-03 niet
    En de uitkomst is "negatief advies"
    En alle andere regels voldoen

  @regel:ACT-03
  Abstract Scenario: Een activiteit zonder mijlpalen (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als activiteit "A1" geen mijlpalen heeft
    Dan voldoet regel ACT-03 niet
    En de melding van ACT-03 bevat "1 activiteit zonder mijlpalen"
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

  @regel:ACT-04
  Abstract Scenario: Een activiteit die aan geen hoofddoel bijdraagt (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als activiteit "A2" geen hoofddoelen heeft
    Dan voldoet regel ACT-04 niet
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

  @regel:ACT-04
  Scenario: Hoofddoelen in een tabel van activiteiten
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het plan ook deze activiteiten heeft:
      | id | titel           | omschrijving                 | hoofddoelen                       | doelen                      | eigenaar |
      | A2 | Doorlopende lijn | Samen met het mbo.          | dekkend aanbod, duurzame kwaliteit | Minder uitval; Meer instroom | m1       |
    En activiteit "A2" deze mijlpalen heeft:
      | omschrijving   | datum       | indicator   |
      | Leerlijn klaar | 30 juni 2021 | Vastgesteld |
    Dan voldoet regel ACT-04
    En alle andere regels voldoen

  @regel:ACT-05
  Abstract Scenario: Een mijlpaal op de laatste dag van de uitvoeringsperiode (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als activiteit "A1" deze mijlpalen heeft:
      | omschrijving   | datum         | indicator |
      | Eerste dag     | <eerste dag>  | Opening   |
      | Laatste dag    | <laatste dag> | Verslag   |
    Dan voldoet regel ACT-05
    En alle andere regels voldoen

    Voorbeelden:
      | versie     | plan                | eerste dag | laatste dag |
      | 2018-09-13 | basisplan-2020-2023 | 2020-01-01 | 2023-12-31  |
      | 2019-02-27 | basisplan-2020-2023 | 2020-01-01 | 2023-12-31  |
      | 2020-03-16 | basisplan-2020-2023 | 2020-01-01 | 2023-12-31  |
      | 2021-05-27 | basisplan-2020-2023 | 2020-01-01 | 2024-07-31  |
      | 2022-07-07 | basisplan-2020-2023 | 2020-01-01 | 2024-07-31  |
      | 2023-07-20 | basisplan-2020-2023 | 2020-01-01 | 2024-12-31  |
      | 2024-04-03 | basisplan-2025-2028 | 2025-01-01 | 2028-12-31  |

  @regel:ACT-05
  Abstract Scenario: Een mijlpaal na de uitvoeringsperiode vraagt om beoordeling (versie <versie>)
    # ACT-05 berust op een aanname (de periode staat in de bron, dat mijlpalen erin moeten vallen
    # is onze lezing), dus de commissie beoordeelt het; de regel wijst niet af.
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als activiteit "A1" deze mijlpalen heeft:
      | omschrijving | datum       | indicator |
      | Te laat      | <dag erna>  | Verslag   |
    Dan moet de commissie regel ACT-05 beoordelen
    En de melding van ACT-05 bevat "buiten de uitvoeringsperiode"
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

    Voorbeelden:
      | versie     | plan                | dag erna   |
      | 2018-09-13 | basisplan-2020-2023 | 2024-01-01 |
      | 2019-02-27 | basisplan-2020-2023 | 2024-01-01 |
      | 2020-03-16 | basisplan-2020-2023 | 2024-01-01 |
      | 2021-05-27 | basisplan-2020-2023 | 2024-08-01 |
      | 2022-07-07 | basisplan-2020-2023 | 2024-08-01 |
      | 2023-07-20 | basisplan-2020-2023 | 2025-01-01 |
      | 2024-04-03 | basisplan-2025-2028 | 2029-01-01 |

  @regel:ACT-05
  Abstract Scenario: Een mijlpaal vóór de uitvoeringsperiode of zonder datum (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als activiteit "A1" deze mijlpalen heeft:
      | omschrijving | datum        | indicator |
      | Te vroeg     | <dag ervoor> | Verslag   |
      | Zonder datum |              | Verslag   |
    Dan moet de commissie regel ACT-05 beoordelen
    En de melding van ACT-05 bevat "2 mijlpalen zonder datum of buiten de uitvoeringsperiode"

    Voorbeelden:
      | versie     | plan                | dag ervoor |
      | 2018-09-13 | basisplan-2020-2023 | 2019-12-31 |
      | 2024-04-03 | basisplan-2025-2028 | 2024-12-31 |

  @regel:ACT-06
  Abstract Scenario: Een mijlpaal zonder meetbare indicator (versie <versie>)
    # ACT-06 is een advies en berust op een aanname: het verandert de uitkomst niet.
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als activiteit "A2" deze mijlpalen heeft:
      | omschrijving   | datum      | indicator |
      | Leerlijn klaar | <datum>    |           |
    Dan moet de commissie regel ACT-06 beoordelen
    En de melding van ACT-06 bevat "1 mijlpaal zonder meetbare indicator"
    En de uitkomst is "positief advies"
    En alle andere regels voldoen

    Voorbeelden:
      | versie     | plan                | datum      |
      | 2018-09-13 | basisplan-2020-2023 | 2021-06-30 |
      | 2019-02-27 | basisplan-2020-2023 | 2021-06-30 |
      | 2020-03-16 | basisplan-2020-2023 | 2021-06-30 |
      | 2021-05-27 | basisplan-2020-2023 | 2021-06-30 |
      | 2022-07-07 | basisplan-2020-2023 | 2021-06-30 |
      | 2023-07-20 | basisplan-2020-2023 | 2021-06-30 |
      | 2024-04-03 | basisplan-2025-2028 | 2026-06-01 |

  @regel:ACT-07
  Abstract Scenario: Klein aanbod dat blijft zonder regionale afweging (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als het plan alleen deze keuzes over het aanbod heeft:
      | partner | profiel | besluit  | klein aanbod | afweging |
      | v2      | BWI     | behouden | ja           |          |
    Dan voldoet regel ACT-07 niet
    En de melding van ACT-07 bevat "1 klein aanbod blijft zonder gegronde regionale afweging"
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

  @regel:ACT-07
  Scenario: Klein aanbod dat stopt heeft geen afweging nodig
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het plan alleen deze keuzes over het aanbod heeft:
      | partner | profiel | besluit | klein aanbod |
      | v2      | BWI     | stoppen | nee          |
    Dan voldoet regel ACT-07

  # ------------------------------------------------------------ regeling 2025-2028 (bronnen uit 2024)

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
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

  @regel:ACT-03
  Scenario: Een activiteit zonder mijlpalen vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als activiteit "A1" geen mijlpalen heeft
    Dan moet de commissie regel ACT-03 beoordelen
    En de uitkomst is "beoordeling door de commissie"

  @regel:ACT-04
  Scenario: Een activiteit zonder hoofddoel vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als activiteit "A2" geen hoofddoelen heeft
    Dan moet de commissie regel ACT-04 beoordelen
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

  @regel:ACT-07
  Scenario: Klein aanbod zonder afweging vraagt om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als het veld "/regional_vision/offer_decisions/0/justification" de waarde "~" heeft
    Dan moet de commissie regel ACT-07 beoordelen
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

# language: nl
@familie:projectorganisatie
Functionaliteit: Projectorganisatie
  Het plan beschrijft een overtuigende projectorganisatie: een regionale projectleider bij een
  van de partners met voldoende tijd, een stuurgroep, hoe besluiten vallen, en hoe de voortgang
  wordt bewaakt en gerapporteerd.

  @regel:ORG-01 @regel:ORG-02 @regel:ORG-03 @regel:ORG-04
  Abstract Scenario: Het basisplan heeft een goede projectorganisatie (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Dan is de uitkomst per regel:
      | regel  | status  |
      | ORG-01 | voldoet |
      | ORG-02 | voldoet |
      | ORG-03 | voldoet |
      | ORG-04 | voldoet |

    Voorbeelden: alle versies van de regeling
      | versie     | plan                |
      | 2018-09-13 | basisplan-2020-2023 |
      | 2019-02-27 | basisplan-2020-2023 |
      | 2020-03-16 | basisplan-2020-2023 |
      | 2021-05-27 | basisplan-2020-2023 |
      | 2022-07-07 | basisplan-2020-2023 |
      | 2023-07-20 | basisplan-2020-2023 |
      | 2024-04-03 | basisplan-2025-2028 |

  @regel:ORG-01
  Abstract Scenario: Zonder projectleider (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als de projectorganisatie geen projectleider heeft
    Dan voldoet regel ORG-01 niet
    En de melding van ORG-01 is "Er is geen projectleider genoemd, of de projectleider hoort bij geen van de partners."
    En de remediëring van ORG-01 bevat "Noem in de projectorganisatie de regionale projectleider met naam en het id van de partner"
    En de uitkomst is "negatief advies"

    Voorbeelden: alle versies van de regeling
      | versie     | plan                |
      | 2018-09-13 | basisplan-2020-2023 |
      | 2019-02-27 | basisplan-2020-2023 |
      | 2020-03-16 | basisplan-2020-2023 |
      | 2021-05-27 | basisplan-2020-2023 |
      | 2022-07-07 | basisplan-2020-2023 |
      | 2023-07-20 | basisplan-2020-2023 |

  @regel:ORG-01
  Scenario: Een projectleider die bij geen van de partners hoort
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als het veld "/organisation/project_leader/partner" de waarde "adviesbureau" heeft
    Dan voldoet regel ORG-01 niet

  @regel:ORG-01 @regel:ORG-02
  Scenario: Het voorbeeldplan zonder projectorganisatie
    Gegeven het voorbeeldplan "geen-projectorganisatie"
    Dan voldoet regel ORG-01 niet
    En voldoet regel ORG-02 niet
    En de uitkomst is "negatief advies"

  @regel:ORG-02
  Abstract Scenario: Zonder stuurgroep (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als de projectorganisatie geen stuurgroep heeft
    Dan voldoet regel ORG-02 niet
    En de melding van ORG-02 bevat "De stuurgroep (0 leden)"
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

  @regel:ORG-02
  Scenario: Zonder beschrijving van de besluitvorming
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als de projectorganisatie geen beschrijving van de besluitvorming heeft
    Dan voldoet regel ORG-02 niet
    En alle andere regels voldoen

  @regel:ORG-03
  Abstract Scenario: Zonder beschrijving van monitoring of rapportage (versie <versie>)
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als de projectorganisatie geen beschrijving van de <onderdeel> heeft
    Dan voldoet regel ORG-03 niet
    En de melding van ORG-03 is "De beschrijving van monitoring of van rapportage van de voortgang ontbreekt."
    En de uitkomst is "negatief advies"
    En alle andere regels voldoen

    Voorbeelden:
      | versie     | plan                | onderdeel  |
      | 2018-09-13 | basisplan-2020-2023 | monitoring |
      | 2019-02-27 | basisplan-2020-2023 | rapportage |
      | 2020-03-16 | basisplan-2020-2023 | monitoring |
      | 2021-05-27 | basisplan-2020-2023 | rapportage |
      | 2022-07-07 | basisplan-2020-2023 | monitoring |
      | 2023-07-20 | basisplan-2020-2023 | rapportage |

  @regel:ORG-04
  Abstract Scenario: De projectleider heeft minder dan 8 uur per week (versie <versie>)
    # ORG-04 is een advies dat op een aanname berust (8 uur per week als maat voor 'voldoende
    # kracht'): onder de grens vraagt het om beoordeling, de uitkomst blijft positief.
    Gegeven het voorbeeldplan "<plan>"
    En de regelversie "<versie>"
    Als de projectleider 7,5 uur per week beschikbaar is
    Dan moet de commissie regel ORG-04 beoordelen
    En de melding van ORG-04 bevat "wij verwachten minimaal"
    En de uitkomst is "positief advies"
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

  @regel:ORG-04
  Scenario: Precies 8 uur per week is genoeg
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    Als de projectleider 8 uur per week beschikbaar is
    Dan voldoet regel ORG-04

  # ------------------------------------------------------------ regeling 2025-2028 (bronnen uit 2024)

  @regel:ORG-01
  Scenario: Zonder projectleider vraagt het plan om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de projectorganisatie geen projectleider heeft
    Dan moet de commissie regel ORG-01 beoordelen
    En de uitkomst is "beoordeling door de commissie"

  @regel:ORG-02
  Scenario: Zonder stuurgroep vraagt het plan om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de projectorganisatie geen stuurgroep heeft
    Dan moet de commissie regel ORG-02 beoordelen
    En de uitkomst is "beoordeling door de commissie"

  @regel:ORG-03
  Scenario: Zonder beschrijving van de monitoring vraagt het plan om beoordeling (2025-2028)
    Gegeven het voorbeeldplan "basisplan-2025-2028"
    Als de projectorganisatie geen beschrijving van de monitoring heeft
    Dan moet de commissie regel ORG-03 beoordelen
    En de uitkomst is "beoordeling door de commissie"
    En alle andere regels voldoen

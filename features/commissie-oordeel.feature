# language: nl
Functionaliteit: Het oordeel en het advies van de beoordelingscommissie
  De machine toetst voor; de beoordelingscommissie oordeelt. Over elke regel waarbij de machine
  "beoordeling nodig" zegt, legt de commissie een oordeel vast met een motivering. Daarna geeft zij
  haar advies aan de minister: positief, positief onder voorwaarden of negatief. Een advies is geen
  besluit; de minister beslist bij beschikking. Een regio oordeelt niet over haar eigen plan.

  Achtergrond:
    Gegeven het voorbeeldplan "basisplan-2020-2023"
    En de regelversie "2018-09-13"
    En partner "v2" de samenwerkingsovereenkomst niet heeft getekend
    En de commissie heeft het plan voorgetoetst

  @regel:PART-05
  Scenario: Een oordeel van de commissie overrulet een "beoordeling nodig"
    Dan moet de commissie regel PART-05 beoordelen
    En is de stand van de commissie "oordelen open"
    Als de commissie over regel PART-05 oordeelt "voldoet" met de motivering "Het bestuur van de school tekent de overeenkomst in de eerstvolgende vergadering; de samenwerking is al begonnen."
    Dan wordt dat vastgelegd
    En telt regel PART-05 als "voldoet"
    En is de stand van de commissie "klaar voor advies"
    Als de commissie het advies "positief" geeft met de motivering "Een voldragen plan met een brede samenwerking."
    Dan wordt dat vastgelegd
    En is de stand van de commissie "positief"

  Scenario: Een oordeel onder voorwaarde leidt tot een positief advies onder voorwaarden
    Als de commissie over regel PART-05 oordeelt "voldoet onder voorwaarde" met de voorwaarde "De getekende overeenkomst ligt vóór 1 juli bij DUS-I." en de motivering "De handtekening ontbreekt nog, de afspraken staan vast."
    Dan wordt dat vastgelegd
    Als de commissie het advies "positief" geeft met de motivering "Een sterk plan."
    Dan wordt dat geweigerd met een melding over "positive-with-conditions"
    Als de commissie het advies "positief onder voorwaarden" geeft met de motivering "Een sterk plan, onder de voorwaarde uit het oordeel."
    Dan wordt dat vastgelegd
    En is de stand van de commissie "positief onder voorwaarden"

  Scenario: Een advies zonder motivering wordt geweigerd
    Als de commissie over regel PART-05 oordeelt "voldoet niet" met de motivering "Zonder handtekening van een kernpartner is de samenwerking niet geborgd."
    Dan wordt dat vastgelegd
    Als de commissie het advies "negatief" geeft met de motivering "   "
    Dan wordt dat geweigerd met een melding over "motivering"
    En is de stand van de commissie "klaar voor advies"

  Scenario: Een advies terwijl er nog oordelen open staan wordt geweigerd
    Als de commissie het advies "negatief" geeft met de motivering "Nog niet voldragen."
    Dan wordt dat geweigerd met een melding over "PART-05"

  Scenario: Een regio kan niet oordelen
    Als regio "Regio Testland" over regel PART-05 oordeelt "voldoet" met de motivering "Wij vinden van wel."
    Dan wordt dat geweigerd met een melding over "alleen de commissie"
    En is de stand van de commissie "oordelen open"

  Scenario: Een ingetrokken aanvraag is een feit, geen oordeel
    Als de commissie vastlegt dat de regio de aanvraag heeft ingetrokken, met de toelichting "Brief van de penvoerder van 3 juni."
    Dan wordt dat vastgelegd
    En is de stand van de commissie "ingetrokken"
    Als de commissie over regel PART-05 oordeelt "voldoet" met de motivering "Te laat."
    Dan wordt dat geweigerd met een melding over "ingetrokken"

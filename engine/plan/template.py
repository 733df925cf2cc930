"""The plan template that `sto init` writes: every section, with Dutch comments saying what goes where,
and the example values in it that stand for the region's own (`placeholders`)."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..i18n import N_

INIT_TEMPLATE = """\
# Regionaal plan Sterk Techniekonderwijs — sjabloon van sto-toets
#
# Vul dit bestand in en controleer het met:   sto assess plan.yaml
# Bedragen in euro's (hoogstens twee decimalen), datums als JJJJ-MM-DD.
# Een veld dat u niet kent mag weg, behalve de velden die 'verplicht' zijn.
# Het schema voor editors:                    sto schema plan > plan.schema.json

# --- De regio --------------------------------------------------------------------------
region:
  name: Regio Voorbeeld            # verplicht: naam van het samenwerkingsverband
  kind: technical                  # technical = techniekregio; low_technical = techniekarme (of techniekluwe) regio

# --- De penvoerder: het bevoegd gezag van een vmbo-school met een technisch profiel -----
lead_applicant:
  board: Stichting Voorbeeldscholen    # naam van het bevoegd gezag
  school_brin: 99XX00                  # BRIN van de school waarvoor de penvoerder optreedt (moet een partner zijn)

# --- Indiening ---------------------------------------------------------------------------
submission:
  date: 2019-03-15                 # datum van indiening; bepaalt welke versie van de regeling geldt
  round: 1                         # aanvraagronde (1, 2 of 3)
  # regulation: sto-2025-2028      # de regeling waaronder het plan valt: sto-2020-2023 of sto-2025-2028;
                                   # zonder dit veld: de regeling die op de datum van indiening gold
                                   # (3 april - 31 december 2024: sto-2025-2028)
  # answers_decision: OCW/STO/2019-001   # bij ronde 2 of 3: het besluit waarop dit plan reageert

# --- Partners ---------------------------------------------------------------------------
# Soorten: vmbo, vso, mbo, primary_school, business, government, other.
# Rol: core (kernpartner) of supporting (ondersteunend).
# Per school: BRIN (elke vestiging telt als aparte school) en de profielen met het aantal
# bovenbouwleerlingen per leerweg (bb, kb, gl), geteld op 1 oktober.
partners:
  - id: school-a
    name: Voorbeeldcollege
    type: vmbo
    brin: 99XX00
    board: Stichting Voorbeeldscholen
    role: core
    profiles:                      # technische profielen: PIE, BWI, M&T (hard), MaT, MVI
      - profile: PIE
        students: {bb: 40, kb: 35, gl: 10}
    students_counted_on: 2018-10-01
    cooperation_agreement: {signed: true, signed_on: 2019-02-15}   # samenwerkingsovereenkomst getekend?
  - id: school-b
    name: Techniekschool Voorbeeld-Oost
    type: vmbo
    brin: 99YY00
    role: core
    profiles:
      - profile: BWI
        students: {bb: 30, kb: 25, gl: 5}
    cooperation_agreement: {signed: true, signed_on: 2019-02-15}
  - id: roc
    name: ROC Voorbeeld
    type: mbo
    brin: 99ZZ
    role: core
    cooperation_agreement: {signed: true, signed_on: 2019-02-15}
  - id: bedrijf-1
    name: Installatiebedrijf Voorbeeld B.V.
    type: business
    role: supporting
    cooperation_agreement: {signed: true, signed_on: 2019-02-20}

# --- Regiovisie: arbeidsmarktanalyse, leerlingenprognose (10 tot 15 jaar), aanbod -----
regional_vision:
  labour_market_analysis:
    text: >-
      Beschrijf hier de vraag naar technisch opgeleide vakmensen in de regio.
    sources: ["UWV Regio in beeld 2018"]   # noem de bronnen
  student_forecast:                # prognose van het aantal leerlingen, tot 10-15 jaar vooruit
    - {year: 2019, students: 850}
    - {year: 2024, students: 800}
    - {year: 2030, students: 760}
  current_offer:                   # huidig aanbod per school en profiel
    - {partner: school-a, profile: PIE, tracks: [bb, kb, gl]}
    - {partner: school-b, profile: BWI, tracks: [bb, kb]}
  offer_decisions:                 # besluiten over het toekomstige aanbod
    - partner: school-b
      profile: BWI
      decision: keep               # keep, start, stop of merge
      small_offer: true            # klein, niet doelmatig aanbod dat toch blijft?
      justification: >-            # dan is een gegronde regionale afweging nodig
        Enige BWI-opleiding binnen 30 kilometer; de bouw in de regio vraagt om vakmensen.

# --- Activiteiten: omschrijving, hoofddoel(en), doelen, eigenaar en mijlpalen -----------
# Hoofddoelen: covering_offer (dekkend, toekomstbestendig aanbod), lasting_quality (duurzame kwaliteit).
activities:
  - id: A1
    title: Gedeeld techniekpracticum
    description: >-
      De scholen richten samen een praktijkruimte in met moderne installaties.
    main_goals: [lasting_quality]
    objectives: ["Alle PIE-leerlingen werken met actuele apparatuur"]
    owner: school-a                # id van de partner die verantwoordelijk is
    milestones:                    # met datum en meetbare indicator
      - description: Praktijkruimte in gebruik
        due: 2020-09-01
        indicator: Ruimte open; 100% van de PIE-leerlingen volgt er lessen

# --- Begroting: kostenregels (aantal x prijs = bedrag), aanvraag per jaar, cofinanciering --
budget:
  cost_lines:
    - id: K1
      activity: A1                 # id van de activiteit waar de kosten bij horen
      year: 2020
      category: equipment          # personnel, equipment, materials, housing, training, external, other
      quantity: 4
      unit_price: 25000
      amount: 100000               # = aantal x prijs
      explanation: Vier installatie-opstellingen
  requested_subsidy:               # gevraagde subsidie per jaar
    - {year: 2020, amount: 85000}
  cofinancing:                     # bijdragen van het bedrijfsleven, in geld (cash) of in natura (in_kind)
    - {partner: bedrijf-1, year: 2020, kind: in_kind, amount: 15000, description: Gastlessen en stageplaatsen}

# --- Projectorganisatie -----------------------------------------------------------------
organisation:
  project_leader: {name: Naam Projectleider, partner: school-a, hours_per_week: 16}
  steering_group:
    - {name: Naam Voorzitter, partner: school-a, role: voorzitter}
    - {name: Naam Lid, partner: roc, role: lid}
  decision_making: De stuurgroep besluit; de projectleider bereidt voor en voert uit.
  monitoring: Elk kwartaal een voortgangsoverzicht per activiteit.
  reporting: Jaarlijks een verslag aan de partners en de voortgangsrapportage aan DUS-I.
"""


# The example values of INIT_TEMPLATE that stand for the region's own data. A plan that still holds
# one is not filled in, and the loader refuses it with each one named (engine/plan/loader.py): an
# unedited template must not come out as a positive advice. Exact values only (and texts that
# start with the template's instruction), so that a real plan never trips over them.
PLACEHOLDER_NAMES = frozenset({
    "Regio Voorbeeld", "Stichting Voorbeeldscholen", "Voorbeeldcollege", "Techniekschool Voorbeeld-Oost",
    "ROC Voorbeeld", "Installatiebedrijf Voorbeeld B.V.", "Naam Projectleider", "Naam Voorzitter", "Naam Lid",
})
PLACEHOLDER_BRINS = frozenset({"99XX00", "99YY00", "99ZZ"})
PLACEHOLDER_INSTRUCTION = "Beschrijf hier"

# What to do about each kind of placeholder: message ids (the loader words them from the catalogue).
FILL_IN_NAME = N_("plan.hint.fill_in_name")
FILL_IN_BRIN = N_("plan.hint.fill_in_brin")
FILL_IN_TEXT = N_("plan.hint.fill_in_text_instruction")


_ANY_EXAMPLE = PLACEHOLDER_NAMES | PLACEHOLDER_BRINS


def holds_placeholders(data: Any) -> bool:
    """Whether any text in `data` may be a template example (BRINs counted anywhere; `placeholders`
    decides). Iterative and without pointers: 0.1 ms on a large example plan, where the recursive
    generator below takes 1.7 ms, so a plan without examples only pays for this."""
    stack = [data]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is dict:
            stack.extend(node.values())
        elif kind is list:
            stack.extend(node)
        elif kind is str:
            text = node.strip()
            if text in _ANY_EXAMPLE or text.startswith(PLACEHOLDER_INSTRUCTION):
                return True
    return False


def placeholders(data: Any, pointer: str = "") -> Iterator[tuple[str, str, str]]:
    """(JSON pointer, value, what to do) for every template example still in `data`, in document order.

    Walks any shape (the plan may not fit the schema yet), so these are reported with other problems.
    """
    if isinstance(data, dict):
        for key, value in data.items():
            yield from placeholders(value, f"{pointer}/{_escape(key)}")
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from placeholders(value, f"{pointer}/{i}")
    elif isinstance(data, str):
        text = data.strip()
        if text in PLACEHOLDER_NAMES:
            yield pointer, data, FILL_IN_NAME
        elif text in PLACEHOLDER_BRINS and pointer.rsplit("/", 1)[-1] in ("brin", "school_brin"):
            yield pointer, data, FILL_IN_BRIN
        elif text.startswith(PLACEHOLDER_INSTRUCTION):
            yield pointer, data, FILL_IN_TEXT


def _escape(key: object) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")

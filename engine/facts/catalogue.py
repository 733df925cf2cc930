"""The declared facts: every name a rule may read, with its unit and a Dutch label.

The rulebook loader refuses a condition that reads an undeclared fact, and the compiler
uses the units to refuse comparisons that make no sense (money against a date).
Units are engine-safe integers (docs/design/durable-rules.md §5):
money in cents, shares in basis points, dates as day numbers (`date.toordinal()`, -1 = no date),
durations in minutes. No floats reach the engine.
"""
from __future__ import annotations

from dataclasses import dataclass

PLAN = "plan"  # the one document-level fact with counts and aggregates
ITEM_TYPES = ("partner", "activity", "milestone", "cost_line", "offer_decision")

UNITS = ("money", "share", "day", "count", "minutes", "year", "bool", "enum")


@dataclass(frozen=True)
class FactSpec:
    name: str
    unit: str
    nl: str
    en: str
    values: tuple[str, ...] = ()  # allowed values for unit "enum"
    optional: bool = False  # may be absent: then a rule reading it cannot decide -> needs_review


def _specs(*specs: FactSpec) -> dict[str, FactSpec]:
    return {s.name: s for s in specs}


REGION_KINDS = ("technical", "low_technical")
PARTNER_TYPES = ("vmbo", "vso", "mbo", "primary_school", "business", "government", "other")

CATALOGUE: dict[str, dict[str, FactSpec]] = {
    PLAN: _specs(
        FactSpec("region_kind", "enum", "soort regio", "region kind", REGION_KINDS),
        FactSpec("round", "count", "aanvraagronde", "application round"),
        FactSpec("submission_day", "day", "datum van indiening", "submission date"),
        FactSpec("answers_earlier_decision", "bool", "verwijst naar eerder besluit", "refers to an earlier decision"),
        FactSpec("lead_school_is_partner", "bool", "school van de penvoerder is partner", "lead applicant's school is a partner"),
        FactSpec("lead_school_has_technical_profile", "bool", "school van de penvoerder heeft een technisch profiel",
                 "lead applicant's school offers a technical profile"),
        FactSpec("lead_school_is_vmbo", "bool", "school van de penvoerder is een vmbo-school (vestiging) in de regio",
                 "lead applicant's school is a vmbo school (location) of the region"),
        FactSpec("lead_school_is_vocational_vmbo", "bool",
                 "school van de penvoerder is een beroepsgerichte vmbo-school (bovenbouwleerlingen in bb, kb of gl)",
                 "lead applicant's school is a vocational vmbo school (upper-year students in bb, kb or gl)"),
        FactSpec("technical_vmbo_school_count", "count", "vmbo-scholen met een technisch profiel",
                 "vmbo schools with a technical profile"),
        FactSpec("technical_vso_school_count", "count", "vso-scholen met een technisch profiel",
                 "vso schools with a technical profile"),
        FactSpec("vmbo_school_count", "count", "vmbo-scholen (met of zonder technisch profiel)",
                 "vmbo schools (with or without a technical profile)"),
        FactSpec("lead_board_matches_school_board", "bool", "bestuur van de penvoerder is het bevoegd gezag van zijn school",
                 "the lead applicant's board is the board of its school", optional=True),
        FactSpec("mbo_count", "count", "mbo-instellingen", "mbo institutions"),
        FactSpec("business_count", "count", "partners uit het bedrijfsleven", "business partners"),
        FactSpec("government_count", "count", "partners die een (lokale) overheid zijn", "government partners"),
        FactSpec("primary_school_count", "count", "basisscholen", "primary schools"),
        FactSpec("partner_count", "count", "partners", "partners"),
        FactSpec("core_partner_count", "count", "kernpartners", "core partners"),
        FactSpec("signed_partner_count", "count", "partners die de samenwerkingsovereenkomst tekenden",
                 "partners who signed the cooperation agreement"),
        FactSpec("has_regional_vision", "bool", "regiovisie aanwezig", "regional vision present"),
        FactSpec("labour_market_analysis_chars", "count", "lengte arbeidsmarktanalyse (tekens)",
                 "length of the labour-market analysis (characters)"),
        FactSpec("labour_market_source_count", "count", "bronnen arbeidsmarktanalyse", "labour-market sources"),
        FactSpec("forecast_horizon_years", "count", "prognosehorizon leerlingaantallen (jaren)",
                 "student-number forecast horizon (years)"),
        FactSpec("activity_count", "count", "activiteiten", "activities"),
        FactSpec("cost_line_count", "count", "kostenregels", "cost lines"),
        FactSpec("total_cost_cents", "money", "totale kosten", "total costs"),
        FactSpec("cofinancing_business_cents", "money", "cofinanciering door het bedrijfsleven", "business co-financing"),
        FactSpec("cofinancing_total_cents", "money", "cofinanciering door alle partners", "co-financing by all partners"),
        FactSpec("cofinancing_share_bp", "share", "aandeel cofinanciering bedrijfsleven", "business co-financing share",
                 optional=True),
        FactSpec("requested_total_cents", "money", "gevraagde subsidie (totaal)", "requested subsidy (total)"),
        FactSpec("stated_regional_maximum_cents", "money", "maximum van de regio volgens bijlage 3 (opgave van de regio)",
                 "the region's maximum under annex 3 (as the region states it)", optional=True),
        FactSpec("requested_above_stated_maximum_cents", "money",
                 "gevraagde subsidie boven het opgegeven maximum uit bijlage 3",
                 "requested subsidy above the stated annex-3 maximum", optional=True),
        FactSpec("requested_2020_2023_cents", "money", "gevraagde subsidie 2020-2023", "requested subsidy 2020-2023"),
        FactSpec("requested_2024_cents", "money", "gevraagde subsidie 2024 (verlengingsjaar)",
                 "requested subsidy 2024 (extension year)"),
        FactSpec("requested_peak_year_cents", "money", "hoogste gevraagde subsidie in één jaar",
                 "highest requested subsidy in one year"),
        FactSpec("students_hard_bbkb", "count", "leerlingen PIE/BWI/M&T in bb en kb (vmbo)",
                 "students PIE/BWI/M&T in bb and kb (vmbo)"),
        FactSpec("students_hard_gl", "count", "leerlingen PIE/BWI/M&T in gl (vmbo)", "students PIE/BWI/M&T in gl (vmbo)"),
        FactSpec("students_other_bbkb", "count", "leerlingen MaT/MVI in bb en kb (vmbo)", "students MaT/MVI in bb and kb (vmbo)"),
        FactSpec("students_other_gl", "count", "leerlingen MaT/MVI in gl (vmbo)", "students MaT/MVI in gl (vmbo)"),
        FactSpec("vso_students_hard_bbkb", "count", "leerlingen PIE/BWI/M&T in bb en kb (vso)",
                 "students PIE/BWI/M&T in bb and kb (vso)"),
        FactSpec("vso_students_hard_gl", "count", "leerlingen PIE/BWI/M&T in gl (vso)", "students PIE/BWI/M&T in gl (vso)"),
        FactSpec("vso_students_other_bbkb", "count", "leerlingen MaT/MVI in bb en kb (vso)",
                 "students MaT/MVI in bb and kb (vso)"),
        FactSpec("vso_students_other_gl", "count", "leerlingen MaT/MVI in gl (vso)", "students MaT/MVI in gl (vso)"),
        FactSpec("has_project_leader", "bool", "projectleider genoemd", "project leader named"),
        FactSpec("project_leader_partner_known", "bool", "projectleider hoort bij een partner",
                 "project leader belongs to a partner"),
        FactSpec("project_leader_minutes_per_week", "minutes", "inzet projectleider per week",
                 "project leader's time per week", optional=True),
        FactSpec("steering_group_size", "count", "leden stuurgroep", "steering group members"),
        FactSpec("decision_making_chars", "count", "lengte beschrijving besluitvorming (tekens)",
                 "length of the decision-making description (characters)"),
        FactSpec("monitoring_chars", "count", "lengte beschrijving monitoring (tekens)",
                 "length of the monitoring description (characters)"),
        FactSpec("reporting_chars", "count", "lengte beschrijving rapportage (tekens)",
                 "length of the reporting description (characters)"),
    ),
    "partner": _specs(
        FactSpec("partner_type", "enum", "soort partner", "partner type", PARTNER_TYPES),
        FactSpec("agreement_signed", "bool", "heeft de samenwerkingsovereenkomst getekend", "signed the cooperation agreement"),
        FactSpec("has_brin", "bool", "BRIN-nummer opgegeven", "BRIN given"),
    ),
    "activity": _specs(
        FactSpec("description_chars", "count", "lengte omschrijving (tekens)", "description length (characters)"),
        FactSpec("objective_count", "count", "doelen", "objectives"),
        FactSpec("main_goal_count", "count", "hoofddoelen waaraan de activiteit bijdraagt", "main goals served"),
        FactSpec("milestone_count", "count", "mijlpalen", "milestones"),
        FactSpec("owner_is_partner", "bool", "eigenaar is een partner", "owner is a partner"),
    ),
    "milestone": _specs(
        FactSpec("due_day", "day", "datum mijlpaal", "milestone date"),
        FactSpec("indicator_chars", "count", "lengte meetbare indicator (tekens)", "length of the measurable indicator"),
    ),
    "cost_line": _specs(
        FactSpec("amount_cents", "money", "bedrag", "amount"),
        FactSpec("calculated_cents", "money", "aantal x prijs", "quantity x unit price"),
        FactSpec("has_calculation", "bool", "berekening (aantal x prijs) opgegeven", "calculation (quantity x price) given"),
        FactSpec("explanation_chars", "count", "lengte toelichting (tekens)", "explanation length (characters)"),
        FactSpec("activity_known", "bool", "hoort bij een activiteit uit het plan", "belongs to an activity of the plan"),
        FactSpec("year", "year", "jaar", "year"),
    ),
    "offer_decision": _specs(
        FactSpec("small_offer", "bool", "klein (niet doelmatig) aanbod dat blijft", "small (inefficient) offer kept"),
        FactSpec("justification_chars", "count", "lengte regionale afweging (tekens)", "length of the regional justification"),
    ),
}


def spec(fact_type: str, name: str) -> FactSpec | None:
    return CATALOGUE.get(fact_type, {}).get(name)

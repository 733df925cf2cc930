"""Plan -> facts. Pure: the same plan always gives the same facts.

Every fact keeps the JSON pointers of the plan fields it was read from, and a computed fact
keeps its formula with the numbers, so a verdict can be traced back to the plan text.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from ..plan.model import (
    HARD_TECHNICAL_PROFILES,
    TECHNICAL_PROFILES,
    Partner,
    PartnerType,
    Plan,
)
from .catalogue import CATALOGUE, PLAN

NO_DATE = -1
Value = int | bool | str


@dataclass(frozen=True)
class Fact:
    value: Value
    pointers: tuple[str, ...] = ()
    formula: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "pointers": list(self.pointers)}
        if self.formula:
            out["formula"] = self.formula
        return out


# Where each item field is read from, relative to the item's own pointer. Item provenance is
# built only when something asks for it (a verdict shows the items that violate a rule, not all
# of them): building ~300 Fact objects per plan up front cost more than the engine run.
ITEM_FIELD_SOURCES: dict[str, dict[str, tuple[str, ...]]] = {
    "partner": {"partner_type": ("type",), "agreement_signed": ("cooperation_agreement/signed",),
                "has_brin": ("brin",)},
    "activity": {"description_chars": ("description",), "objective_count": ("objectives",),
                 "main_goal_count": ("main_goals",), "milestone_count": ("milestones",), "owner_is_partner": ("owner",)},
    "milestone": {"due_day": ("due",), "indicator_chars": ("indicator",)},
    "cost_line": {"amount_cents": ("amount",), "calculated_cents": ("quantity", "unit_price"),
                  "has_calculation": ("quantity", "unit_price"), "explanation_chars": ("explanation",),
                  "activity_known": ("activity",), "year": ("year",)},
    "offer_decision": {"small_offer": ("small_offer",), "justification_chars": ("justification",)},
}


class Item:
    """One item fact (a partner, an activity, ...) with the plan location it stands for.

    `values` holds what the engine reads; `fields` gives the same values as Facts with their
    pointers (and formulas), built on first use.
    """

    __slots__ = ("type", "key", "pointer", "label", "values", "fact_id", "_formulas", "_fields")

    def __init__(self, type: str, key: str, pointer: str, label: str, values: dict[str, Value],
                 formulas: Callable[[], dict[str, str]] | None = None):
        self.type, self.key, self.pointer, self.label = type, key, pointer, label
        self.values = values
        self.fact_id = f"{type}:{key}"
        self._formulas = formulas
        self._fields: dict[str, Fact] | None = None

    @property
    def fields(self) -> dict[str, Fact]:
        if self._fields is None:
            sources = ITEM_FIELD_SOURCES[self.type]
            formulas = self._formulas() if self._formulas is not None else {}
            base = self.pointer
            self._fields = {name: Fact(value, tuple(f"{base}/{suffix}" for suffix in sources[name]), formulas.get(name))
                            for name, value in self.values.items()}
        return self._fields

    def fact(self, name: str) -> Fact | None:
        """One field as a Fact, without building the others (a violation shows one or two)."""
        if self._fields is not None:
            return self._fields.get(name)
        if name not in self.values:
            return None
        formula = self._formulas().get(name) if self._formulas is not None else None
        base = self.pointer
        return Fact(self.values[name], tuple(f"{base}/{suffix}" for suffix in ITEM_FIELD_SOURCES[self.type][name]), formula)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Item):
            return NotImplemented
        return (self.type, self.key, self.pointer, self.label, self.fields) == \
            (other.type, other.key, other.pointer, other.label, other.fields)

    __hash__ = None  # type: ignore[assignment]  # mutable cache inside; equality by content

    def __repr__(self) -> str:
        return f"Item({self.type!r}, {self.key!r}, {self.pointer!r}, {self.values!r})"


@dataclass(frozen=True)
class FactSet:
    plan: dict[str, Fact]
    items: dict[str, tuple[Item, ...]] = field(default_factory=dict)

    def item_by_id(self) -> dict[str, Item]:
        return {item.fact_id: item for items in self.items.values() for item in items}

    def engine_facts(self, item_types: Iterable[str]) -> list[dict[str, Any]]:
        """Flat dicts for the engine: the plan fact, then the items of the types some rule reads."""
        facts = [{"id": PLAN, "t": PLAN, **{k: f.value for k, f in self.plan.items()}}]
        for item_type in item_types:
            for item in self.items.get(item_type, ()):
                facts.append({"id": item.fact_id, "t": item.type, **item.values})
        return facts


def cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))


def money_cents(amount: Decimal) -> int:
    """Cents of a plan amount. The plan model holds amounts quantized to whole cents, so the
    product is exact; `cents` rounds and serves computed amounts (quantity x unit price)."""
    return int(amount * 100)


def day(d: dt.date | None) -> int:
    return d.toordinal() if d is not None else NO_DATE


def _chars(text: str | None) -> int:
    return len(text.strip()) if text else 0


def _sum_formula(terms: list[int], unit: str = "€") -> str:
    if len(terms) > 8:
        return f"som van {len(terms)} bedragen = {_eur(sum(terms))}"
    shown = [_eur(t) for t in terms]
    return (" + ".join(shown) or "0") + f" = {_eur(sum(terms))}"


def _eur(c: int) -> str:
    return f"{c // 100}.{c % 100:02d}" if c >= 0 else f"-{_eur(-c)}"


def derive_facts(plan: Plan) -> FactSet:
    """Turn a validated plan into the facts the rulebooks read."""
    facts: dict[str, Fact] = {}
    facts.update(_metadata(plan))
    facts.update(_partners(plan))
    facts.update(_vision(plan))
    line_cents = [money_cents(line.amount) for line in plan.budget.cost_lines]
    facts.update(_budget(plan, line_cents))
    facts.update(_organisation(plan))
    items = {
        "partner": _partner_items(plan),
        "activity": _activity_items(plan),
        "milestone": _milestone_items(plan),
        "cost_line": _cost_line_items(plan, line_cents),
        "offer_decision": _offer_decision_items(plan),
    }
    return FactSet(plan=facts, items=items)


def _metadata(plan: Plan) -> dict[str, Fact]:
    return {
        "region_kind": Fact(plan.region.kind.value, ("/region/kind",)),
        "round": Fact(plan.submission.round, ("/submission/round",)),
        "submission_day": Fact(day(plan.submission.date), ("/submission/date",)),
        "answers_earlier_decision": Fact(bool(plan.submission.answers_decision and plan.submission.answers_decision.strip()),
                                         ("/submission/answers_decision",)),
    }


def _is_technical_school(partner: Partner) -> bool:
    return any(offer.profile in TECHNICAL_PROFILES for offer in partner.profiles)


def _partners(plan: Plan) -> dict[str, Fact]:
    out: dict[str, Fact] = {}
    lead_brin = plan.lead_applicant.school_brin
    lead = [(i, p) for i, p in enumerate(plan.partners) if p.brin == lead_brin]
    lead_ptrs = ("/lead_applicant/school_brin",) + tuple(f"/partners/{i}" for i, _ in lead)
    out["lead_school_is_partner"] = Fact(bool(lead), lead_ptrs)
    out["lead_school_has_technical_profile"] = Fact(
        any(p.type == PartnerType.vmbo and _is_technical_school(p) for _, p in lead),
        tuple(f"/partners/{i}/profiles" for i, _ in lead) or lead_ptrs)
    out["lead_school_is_vmbo"] = Fact(
        any(p.type == PartnerType.vmbo for _, p in lead), tuple(f"/partners/{i}/type" for i, _ in lead) or lead_ptrs)
    out["lead_school_is_vocational_vmbo"] = Fact(
        # bb, kb and gl: the gemengde leerweg has a beroepsgericht profile subject too, and the sources
        # do not say which leerwegen "beroepsgericht vmbo" covers; a wrong knock-out is worse than a
        # lenient reading, so only a school without upper-year students in any of them fails.
        any(p.type == PartnerType.vmbo and any(o.students.bb + o.students.kb + o.students.gl > 0 for o in p.profiles)
            for _, p in lead),
        tuple(f"/partners/{i}/profiles" for i, _ in lead) or lead_ptrs)

    def distinct_schools(kind: PartnerType) -> tuple[int, tuple[str, ...], str]:
        keys: dict[str, str] = {}
        for i, p in enumerate(plan.partners):
            if p.type == kind and _is_technical_school(p):
                keys.setdefault(p.brin or f"id:{p.id}", f"/partners/{i}")
        names = ", ".join(sorted(k for k in keys)) or "geen"
        return len(keys), tuple(keys.values()), f"verschillende BRIN-nummers: {names}"

    n, ptrs, formula = distinct_schools(PartnerType.vmbo)
    out["technical_vmbo_school_count"] = Fact(n, ptrs, formula)
    n, ptrs, formula = distinct_schools(PartnerType.vso)
    out["technical_vso_school_count"] = Fact(n, ptrs, formula)
    keys: dict[str, str] = {}
    for i, p in enumerate(plan.partners):
        if p.type == PartnerType.vmbo:
            keys.setdefault(p.brin or f"id:{p.id}", f"/partners/{i}")
    out["vmbo_school_count"] = Fact(len(keys), tuple(keys.values()),
                                    f"verschillende BRIN-nummers: {', '.join(sorted(keys)) or 'geen'}")
    # The board that applies must be the lead school's bevoegd gezag. Names are compared without case and
    # extra spaces; unknown (no lead school in the list, or no board given for it): the fact is absent.
    boards = {" ".join(p.board.split()).casefold() for _, p in lead if p.board}
    if boards:
        out["lead_board_matches_school_board"] = Fact(
            " ".join(plan.lead_applicant.board.split()).casefold() in boards,
            ("/lead_applicant/board",) + tuple(f"/partners/{i}/board" for i, p in lead if p.board))

    def count(pred: Callable[[Partner], bool], name_ptr: str = "type") -> Fact:
        hits = [f"/partners/{i}/{name_ptr}" for i, p in enumerate(plan.partners) if pred(p)]
        return Fact(len(hits), tuple(hits))

    out["mbo_count"] = count(lambda p: p.type == PartnerType.mbo)
    out["business_count"] = count(lambda p: p.type == PartnerType.business)
    out["government_count"] = count(lambda p: p.type == PartnerType.government)
    out["primary_school_count"] = count(lambda p: p.type == PartnerType.primary_school)
    out["partner_count"] = Fact(len(plan.partners), ("/partners",))
    out["core_partner_count"] = count(lambda p: p.role.value == "core", "role")
    out["signed_partner_count"] = count(lambda p: p.cooperation_agreement.signed, "cooperation_agreement/signed")

    for prefix, ptype in (("", PartnerType.vmbo), ("vso_", PartnerType.vso)):
        sums: dict[str, list[int]] = {"hard_bbkb": [], "hard_gl": [], "other_bbkb": [], "other_gl": []}
        sum_ptrs: dict[str, list[str]] = {k: [] for k in sums}
        for i, p in enumerate(plan.partners):
            if p.type != ptype:
                continue
            for j, offer in enumerate(p.profiles):
                if offer.profile not in TECHNICAL_PROFILES:
                    continue
                group = "hard" if offer.profile in HARD_TECHNICAL_PROFILES else "other"
                base = f"/partners/{i}/profiles/{j}/students"
                sums[f"{group}_bbkb"] += [offer.students.bb, offer.students.kb]
                sum_ptrs[f"{group}_bbkb"] += [f"{base}/bb", f"{base}/kb"]
                sums[f"{group}_gl"].append(offer.students.gl)
                sum_ptrs[f"{group}_gl"].append(f"{base}/gl")
        for key, values in sums.items():
            addition = (" + ".join(map(str, values)) + f" = {sum(values)}") if 1 < len(values) <= 12 else None
            out[f"{prefix}students_{key}"] = Fact(sum(values), tuple(sum_ptrs[key]), addition)
    return out


def _vision(plan: Plan) -> dict[str, Fact]:
    vision = plan.regional_vision
    if vision is None:
        return {
            "has_regional_vision": Fact(False, ("/regional_vision",)),
            "labour_market_analysis_chars": Fact(0, ("/regional_vision",)),
            "labour_market_source_count": Fact(0, ("/regional_vision",)),
            "forecast_horizon_years": Fact(0, ("/regional_vision",)),
        }
    years = [p.year for p in vision.student_forecast]
    submitted = plan.submission.date.year
    horizon = max(0, max(years) - submitted) if years else 0
    return {
        "has_regional_vision": Fact(True, ("/regional_vision",)),
        "labour_market_analysis_chars": Fact(_chars(vision.labour_market_analysis.text),
                                             ("/regional_vision/labour_market_analysis/text",)),
        "labour_market_source_count": Fact(len(vision.labour_market_analysis.sources),
                                           ("/regional_vision/labour_market_analysis/sources",)),
        "forecast_horizon_years": Fact(
            horizon, ("/regional_vision/student_forecast", "/submission/date"),
            f"{max(years)} - {submitted} = {horizon}" if years else "geen prognose opgegeven"),
    }


def _budget(plan: Plan, costs: list[int]) -> dict[str, Fact]:
    budget = plan.budget
    total = sum(costs)
    business = {p.id for p in plan.partners if p.type == PartnerType.business}
    cofin_idx = [i for i, c in enumerate(budget.cofinancing) if c.partner in business]
    cofin_terms = [money_cents(budget.cofinancing[i].amount) for i in cofin_idx]
    cofin = sum(cofin_terms)
    requested = [money_cents(r.amount) for r in budget.requested_subsidy]
    per_year: dict[int, int] = {}
    for r in budget.requested_subsidy:
        per_year[r.year] = per_year.get(r.year, 0) + money_cents(r.amount)
    all_cofin = [money_cents(c.amount) for c in budget.cofinancing]
    out = {
        "cofinancing_total_cents": Fact(sum(all_cofin), ("/budget/cofinancing",), _sum_formula(all_cofin)),
        "activity_count": Fact(len(plan.activities), ("/activities",)),
        "cost_line_count": Fact(len(budget.cost_lines), ("/budget/cost_lines",)),
        "total_cost_cents": Fact(total, ("/budget/cost_lines",), _sum_formula(costs)),
        "cofinancing_business_cents": Fact(
            cofin, tuple(f"/budget/cofinancing/{i}/amount" for i in cofin_idx) or ("/budget/cofinancing",),
            _sum_formula(cofin_terms) + " (alleen partners van het soort 'business')"),
        "requested_total_cents": Fact(sum(requested), ("/budget/requested_subsidy",), _sum_formula(requested)),
        "requested_2020_2023_cents": Fact(
            sum(v for y, v in per_year.items() if 2020 <= y <= 2023), ("/budget/requested_subsidy",),
            _sum_formula([v for y, v in sorted(per_year.items()) if 2020 <= y <= 2023])),
        "requested_2024_cents": Fact(per_year.get(2024, 0), ("/budget/requested_subsidy",)),
        "requested_peak_year_cents": Fact(
            max(per_year.values(), default=0), ("/budget/requested_subsidy",),
            ("max(" + ", ".join(f"{y}: {_eur(v)}" for y, v in sorted(per_year.items())) + ")") if per_year else None),
    }
    if budget.regional_maximum is not None:
        # present only when the plan states its maximum: a rule reading it is otherwise undecidable (needs
        # review). The difference is a fact of its own so that the engine compares a fact with a constant.
        stated = money_cents(budget.regional_maximum)
        out["stated_regional_maximum_cents"] = Fact(stated, ("/budget/regional_maximum",))
        out["requested_above_stated_maximum_cents"] = Fact(
            sum(requested) - stated, ("/budget/requested_subsidy", "/budget/regional_maximum"),
            f"{_eur(sum(requested))} - {_eur(stated)} = {_eur(sum(requested) - stated)}")
    if total > 0:
        # floor: 9.999% must not round up to the 10% that the regulation asks for
        share_bp = cofin * 10000 // total
        out["cofinancing_share_bp"] = Fact(
            share_bp, out["cofinancing_business_cents"].pointers + ("/budget/cost_lines",),
            f"{_eur(cofin)} / {_eur(total)} = {_share_shown(cofin, total)} -> {share_bp} basispunten "
            f"(naar beneden afgerond)")
    return out


_SHOWN_SHARE = Decimal("0.000001")


def _share_shown(part: int, whole: int) -> str:
    # cut off, never rounded: a rounded 0.1188 beside 1187 basis points would look like a mistake
    share = Decimal(part) / Decimal(whole)
    shown = share.quantize(_SHOWN_SHARE, rounding=ROUND_DOWN)
    return f"{shown}..." if shown != share else f"{shown.normalize():f}"


def _organisation(plan: Plan) -> dict[str, Fact]:
    org = plan.organisation
    partner_ids = {p.id for p in plan.partners}
    leader = org.project_leader
    out = {
        "has_project_leader": Fact(leader is not None, ("/organisation/project_leader",)),
        "project_leader_partner_known": Fact(leader is not None and leader.partner in partner_ids,
                                             ("/organisation/project_leader/partner",)),
        "steering_group_size": Fact(len(org.steering_group), ("/organisation/steering_group",)),
        "decision_making_chars": Fact(_chars(org.decision_making), ("/organisation/decision_making",)),
        "monitoring_chars": Fact(_chars(org.monitoring), ("/organisation/monitoring",)),
        "reporting_chars": Fact(_chars(org.reporting), ("/organisation/reporting",)),
    }
    if leader is not None and leader.hours_per_week is not None:
        # rounded down: 7.995 hours must not pass a minimum of 8 hours
        minutes = math.floor(Decimal(repr(leader.hours_per_week)) * 60)
        out["project_leader_minutes_per_week"] = Fact(
            minutes, ("/organisation/project_leader/hours_per_week",),
            f"{leader.hours_per_week:g} uur x 60 = {minutes} minuten (naar beneden afgerond)")
    return out


def _partner_items(plan: Plan) -> tuple[Item, ...]:
    return tuple(
        Item("partner", p.id, f"/partners/{i}", f"partner {p.id} ({p.name})", {
            "partner_type": p.type.value,
            "agreement_signed": p.cooperation_agreement.signed,
            "has_brin": p.brin is not None,
        })
        for i, p in enumerate(plan.partners))


def _activity_items(plan: Plan) -> tuple[Item, ...]:
    partner_ids = {p.id for p in plan.partners}
    return tuple(
        Item("activity", a.id, f"/activities/{i}", f"activiteit {a.id} ({a.title})", {
            "description_chars": _chars(a.description),
            "objective_count": sum(1 for o in a.objectives if o.strip()),
            "main_goal_count": len(set(a.main_goals)),
            "milestone_count": len(a.milestones),
            "owner_is_partner": a.owner is not None and a.owner in partner_ids,
        })
        for i, a in enumerate(plan.activities))


def _milestone_items(plan: Plan) -> tuple[Item, ...]:
    out = []
    for i, a in enumerate(plan.activities):
        for j, m in enumerate(a.milestones):
            out.append(Item("milestone", f"{a.id}#{j + 1}", f"/activities/{i}/milestones/{j}",
                            f"mijlpaal {j + 1} van activiteit {a.id}", {
                                "due_day": day(m.due),
                                "indicator_chars": _chars(m.indicator),
                            }))
    return tuple(out)


def _calculation_formula(quantity: Decimal, unit_price: Decimal, calc: int) -> Callable[[], dict[str, str]]:
    return lambda: {"calculated_cents": f"{quantity.normalize():f} x {unit_price} = {_eur(calc)}"}


_NO_CALCULATION = {"calculated_cents": "geen berekening opgegeven"}


def _cost_line_items(plan: Plan, line_cents: list[int]) -> tuple[Item, ...]:
    activity_ids = {a.id for a in plan.activities}
    out = []
    for i, line in enumerate(plan.budget.cost_lines):
        has_calc = line.quantity is not None and line.unit_price is not None
        if line.quantity is not None and line.unit_price is not None:
            calc = cents(line.quantity * line.unit_price)
            formulas = _calculation_formula(line.quantity, line.unit_price, calc)
        else:
            calc, formulas = -1, _NO_CALCULATION.copy
        out.append(Item("cost_line", line.id, f"/budget/cost_lines/{i}", f"kostenregel {line.id}", {
            "amount_cents": line_cents[i],
            "calculated_cents": calc,
            "has_calculation": has_calc,
            "explanation_chars": _chars(line.explanation),
            "activity_known": line.activity is not None and line.activity in activity_ids,
            "year": line.year,
        }, formulas))
    return tuple(out)


def _offer_decision_items(plan: Plan) -> tuple[Item, ...]:
    vision = plan.regional_vision
    if vision is None:
        return ()
    return tuple(
        Item("offer_decision", str(i + 1), f"/regional_vision/offer_decisions/{i}",
             f"besluit {i + 1} ({d.profile.value} bij {d.partner})", {
                 "small_offer": d.small_offer,
                 "justification_chars": _chars(d.justification),
             })
        for i, d in enumerate(vision.offer_decisions))


def check_against_catalogue(facts: FactSet) -> list[str]:
    """Names derived but not declared, or declared (and not optional) but not derived; [] when in sync."""
    problems = []
    for fact_type, specs in CATALOGUE.items():
        derived_sets = [set(facts.plan)] if fact_type == PLAN else [set(i.fields) for i in facts.items.get(fact_type, ())]
        for names in derived_sets:
            for extra in names - set(specs):
                problems.append(f"{fact_type}.{extra} is derived but not declared")
            for name, s in specs.items():
                if name not in names and not s.optional:
                    problems.append(f"{fact_type}.{name} is declared but not derived")
    return problems


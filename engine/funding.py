"""How much: the requested subsidy against the regional maximum, term by term.

The formula is the rulebook's own (`formulas.regional_maximum_total`, for 2020-2023 together), the one FIN-05 uses
inside the engine; this module only shows it with the plan's numbers. It decides nothing.
"""
from __future__ import annotations

import math
from fractions import Fraction

from . import units
from .facts import FactSet
from .facts.catalogue import CATALOGUE
from .i18n import tr
from .plan.model import Plan
from .rulebook.expressions import Arith, Const, FactRef, ParamRef, Value, evaluate_value, params_read
from .rulebook.model import Rulebook
from .verdict.model import Funding, FundingLine, FundingMaximum, Requested, Text, YearCents
from .verdict.render import words

MAXIMUM_FORMULA = "regional_maximum_total"


def _terms(v: Value) -> list[Value]:
    if isinstance(v, Arith) and v.op == "add":
        return _terms(v.left) + _terms(v.right)
    return [v]


def _label(v: Value, lang: str) -> str:
    names = []

    def walk(n: Value) -> None:
        if isinstance(n, FactRef):
            spec = CATALOGUE[n.owner][n.name]
            names.append(spec.nl if lang == "nl" else spec.en)
        elif isinstance(n, Arith):
            walk(n.left)
            walk(n.right)

    walk(v)
    return ", ".join(names)


# a term of the maximum shown with its facts left open: text pieces, and FactRefs where a plan value goes
Parts = list[str | FactRef]


def _show_parts(v: Value, book: Rulebook, lang: str) -> Parts:
    """A term as the reader sees it ("1.234 leerlingen × € 1.000"), the plan's values left open."""
    if isinstance(v, FactRef):
        return [v]
    if isinstance(v, ParamRef):
        return [units.display(book.parameters[v.name].unit, v.value, lang)]
    if isinstance(v, Const):
        return [units.display("number", v.value, lang)]
    if isinstance(v, Arith):
        sym = {"add": "+", "sub": "−", "mul": "×", "div": "/"}[v.op]
        left, right = _show_parts(v.left, book, lang), _show_parts(v.right, book, lang)
        if v.op in ("mul", "div"):  # a sum inside a product needs its brackets back
            left = ["(", *left, ")"] if isinstance(v.left, Arith) and v.left.op in ("add", "sub") else left
            right = ["(", *right, ")"] if isinstance(v.right, Arith) and v.right.op in ("add", "sub") else right
        return [*left, f" {sym} ", *right]
    return ["?"]


class FormulaView:
    """What funding_summary shows of a rulebook's maximum that does not depend on the plan: built
    once, when the rulebook is compiled."""

    __slots__ = ("terms", "labels", "parts", "years", "assumed")

    def __init__(self, book: Rulebook):
        formula = book.formulas[MAXIMUM_FORMULA]
        self.terms = _terms(formula.value)
        self.labels = [Text(nl=_label(t, "nl"), en=_label(t, "en")) for t in self.terms]
        self.parts = [(_show_parts(t, book, "nl"), _show_parts(t, book, "en")) for t in self.terms]
        years = None
        if "first_budget_year" in book.parameters and "last_budget_year" in book.parameters:
            years = book.parameters["last_budget_year"].engine_value - book.parameters["first_budget_year"].engine_value + 1
        self.years = years
        self.assumed = any(book.parameters[p].spec.basis.confidence.value == "assumed"
                           for p in book.parameters if p.startswith("rate_"))

    def show(self, i: int, facts: FactSet, lang: str) -> str:
        parts = self.parts[i][0 if lang == "nl" else 1]
        return "".join(p if isinstance(p, str) else units.display(p.unit, facts.plan[p.name].value, lang) for p in parts)


def _cents(value: float | Fraction | str) -> int:
    return math.ceil(value) if isinstance(value, Fraction) else int(value)


def funding_summary(book: Rulebook, facts: FactSet, plan: Plan, view: FormulaView | None = None) -> Funding:
    """Requested subsidy per year and in total, and the maximum where the rulebook defines one.
    `view` is the rulebook's compiled FormulaView; without it, it is built here."""
    per_year: dict[int, int] = {}
    for r in plan.budget.requested_subsidy:
        per_year[r.year] = per_year.get(r.year, 0) + round(r.amount * 100)
    requested = Requested(per_year=[YearCents(year=y, cents=c) for y, c in sorted(per_year.items())],
                          total_cents=sum(per_year.values()))

    def lookup(ref: FactRef) -> object:
        return facts.plan[ref.name].value

    if plan.region.kind.value == "low_technical" and "low_technical_max_total" in book.parameters:
        low = book.parameters.get("low_technical_min_total")
        return Funding(requested=requested, maximum=FundingMaximum(
            kind="fixed_range", per_year_cents=None,
            total_cents=_cents(book.parameters["low_technical_max_total"].engine_value),
            minimum_total_cents=_cents(low.engine_value) if low else None, lines=[]))
    if MAXIMUM_FORMULA in book.formulas:
        view = view or FormulaView(book)
        formula = book.formulas[MAXIMUM_FORMULA]
        lines = []
        for i, term in enumerate(view.terms):
            value = _cents(evaluate_value(term, lookup))
            lines.append(FundingLine(label=view.labels[i],
                                     computation=Text(nl=view.show(i, facts, "nl"), en=view.show(i, facts, "en")),
                                     cents=value))
        # the published amounts are for the four years together, not a maximum per year
        return Funding(requested=requested, maximum=FundingMaximum(
            kind="per_student", per_year_cents=None, total_cents=_cents(evaluate_value(formula.value, lookup)),
            years=4, lines=lines, assumed=view.assumed))
    return Funding(requested=requested, maximum=None)


def render_funding(summary: Funding, book: Rulebook, lang: str = "nl") -> str:
    def money(cents: int) -> str:
        return units.money(cents, lang)

    out = [tr("funding.heading", lang, ref=book.ref), ""]
    req = summary.requested
    out.append(tr("funding.requested_per_year", lang))
    for row in req.per_year:
        out.append(f"  {row.year}  {money(row.cents):>16}")
    total = tr("funding.total", lang)
    out.append(f"  {total:<5} {money(req.total_cents):>16}")
    out.append("")
    m = summary.maximum
    if m is None:
        # e.g. 2025-2028: the maximum is in an annex of the regulation, not computed here (FIN-05 says what is checked)
        out.append(tr("funding.no_maximum", lang))
    elif m.kind == "fixed_range" and m.total_cents is not None:
        lo = money(m.minimum_total_cents) if m.minimum_total_cents is not None else "—"
        out.append(tr("funding.low_technical_range", lang, low=lo, high=money(m.total_cents)))
        inside = (m.minimum_total_cents or 0) <= req.total_cents <= m.total_cents
        out.append(tr("funding.within_range", lang) if inside else tr("funding.outside_range", lang))
    elif m.total_cents is not None:
        out.append(tr("funding.maximum_heading", lang))
        for line in m.lines:
            out.append(f"  {line.label.of(lang)}")
            out.append(f"      {line.computation.of(lang):<40} = {money(line.cents):>14}")
        label = tr("funding.maximum_over_years", lang, years=m.years)
        out.append(f"  {label:<44} = {money(m.total_cents):>14}")
        asked = sum(r.cents for r in req.per_year if 2020 <= r.year <= 2023)
        ok = asked <= m.total_cents
        out.append("")
        out.append(tr("funding.requested_within", lang, asked=money(asked)) if ok else
                   tr("funding.requested_above", lang, asked=money(asked), over=money(asked - m.total_cents)))
        if m.assumed:
            out.append(tr("funding.rates_assumed", lang))
    out.append("")
    out.append(tr("funding.parameters", lang))
    used = params_read(book.formulas[MAXIMUM_FORMULA].value) if MAXIMUM_FORMULA in book.formulas else []
    used += [p for p in book.parameters if p.startswith("low_technical")]
    for name in dict.fromkeys(used):
        p = book.parameters[name]
        basis = p.spec.basis
        confidence = words(lang)[basis.confidence.value]  # geverifieerd / aanname, as in the verdict's text
        out.append(f"  {units.display(p.unit, p.engine_value, lang):<12} {getattr(p.spec.description, lang)} "
                   f"({confidence})")
        out.append(f"  {'':<12} " + tr("funding.parameter_source", lang, source=basis.citation or basis.source,
                                         section=basis.section, name=name))
    return "\n".join(out) + "\n"

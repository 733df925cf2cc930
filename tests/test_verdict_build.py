"""The findings builder's fast paths against the general code they stand in for.

Each fast path (cached displays, one-pass family summaries, message values from the rule's own
evidence, the funding view cached per rulebook, the engine status without its checks) must give
what the general path gives, for every rulebook version and for plans that pass and fail.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal

import pytest
from babel.dates import format_date
from babel.numbers import format_decimal

from engine import funding, units
from engine.assess import Assessor
from engine.errors import EngineError
from engine.facts import derive_facts
from engine.plan import load_plan_text
from engine.rulebook import messages
from engine.rulebook.expressions import evaluate_value
from engine.rules import ruleset_for
from engine.verdict import build
from engine.verdict.build import (
    _engine_status,
    _fact_evidence,
    _family_summaries_general,
    _general_values,
    _plan_evidence,
    _raw_values,
    _single_side,
    _static,
    build_findings,
    family_summaries,
)
from tests.synthetic import generate_plans


@pytest.fixture(scope="module")
def assessor() -> Assessor:
    return Assessor()


@pytest.fixture(scope="module")
def cases(assessor):
    """(book, compiled, facts, firings, plan) for synthetic plans under every rulebook version."""
    out = []
    plans = list(generate_plans(12, seed=11, defect_rate=0.4))
    for book in assessor.library.books:
        compiled = assessor.compiled(book)
        ruleset = ruleset_for(compiled)
        for i, data in enumerate(plans):
            loaded = load_plan_text(json.dumps(data, ensure_ascii=False, default=str).encode(), f"p{i}.json")
            facts = derive_facts(loaded.plan)
            firings = ruleset.evaluate(facts.engine_facts(compiled.item_types))
            out.append((book, compiled, facts, firings, loaded.plan))
    return out


@pytest.mark.parametrize("unit", ["money", "share", "day", "minutes", "bool", "count", "number", "factor",
                                  "year", "enum"])
def test_display_pair_is_display_in_both_languages(unit):
    values = [None, True, False, 0, 1, 2, -1, 7, 999, 1000, 123_456, -98_765, 737_000, 2.5, 3.0, "tekst", "12"]
    for value in values:
        for _ in range(2):  # the second time from the cache
            assert _result(units.display_pair, unit, value) == _result(
                lambda u, v: (units.display(u, v, "nl"), units.display(u, v, "en")), unit, value), (unit, value)


def _result(fn, *args):
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - the same error either way is part of the contract
        return type(exc), str(exc)


def test_display_pair_cache_stays_bounded(monkeypatch):
    monkeypatch.setattr(units, "_PAIR_LIMIT", 5)
    monkeypatch.setattr(units, "_PAIRS", {})
    for n in range(50):
        assert units.display_pair("count", n) == (units.display("count", n, "nl"), units.display("count", n, "en"))
        assert len(units._PAIRS) <= 5


def test_plan_evidence_is_fact_evidence(cases):
    for book, _, facts, firings, _ in cases[::3]:
        engine_plan = next((f.facts.get("d") for f in firings if "d" in f.facts), None)
        for rule in book.rules:
            static = _static(rule, book)
            for engine in (engine_plan, None, {}):
                expected = [_fact_evidence(ref, facts, engine, None, fact, label)
                            for ref, fact, label in static.plan_refs]
                assert _plan_evidence(static.plan_refs, facts.plan, engine) == expected


def _expected_messages(rule, book, facts, finding) -> dict:
    """The messages as the general placeholder map resolves them."""
    spec = rule.spec
    template = {"pass": spec.messages.pass_, "not_applicable": spec.messages.not_applicable or spec.messages.pass_,
                "engine_fail": spec.messages.fail, "assumed_basis": spec.messages.fail}
    key = "pass" if finding["reason"] == "engine_pass" else finding["reason"]
    out = {}
    for lang in ("nl", "en"):
        values = _general_values(book, facts, finding["evidence"], finding["violations"], lang)
        # plurals and selects choose by the raw values, then placeholders fill in as always
        text = messages.expand(getattr(template[key], lang), lang,
                               _raw_values(book, facts, finding["evidence"], finding["violations"]))
        out[lang] = text.format_map(values)
    return out


def test_messages_match_the_general_placeholder_map(cases):
    checked = 0
    for book, compiled, facts, firings, _ in cases:
        for rule, finding in zip(book.rules, build_findings(book, compiled, facts, firings), strict=True):
            if finding["reason"] == "missing_evidence":
                continue
            expected = _expected_messages(rule, book, facts, finding)
            for lang in ("nl", "en"):
                assert finding["message"][lang].startswith(expected[lang]), (rule.id, lang)
            checked += 1
    assert checked > 100


def test_family_summaries_match_the_general_path(cases):
    rng = random.Random(5)
    for book, compiled, facts, firings, _ in cases:
        findings = build_findings(book, compiled, facts, firings)
        assert family_summaries(findings) == _family_summaries_general(findings)
        shuffled = rng.sample(findings, k=rng.randint(0, len(findings)))
        assert family_summaries(shuffled) == _family_summaries_general(shuffled)
    statuses = ["fail", "needs_review", "pass", "not_applicable"]
    families = [f.value for f in build.Family] + ["elders"]
    for _ in range(300):
        made = [{"family": rng.choice(families), "status": rng.choice(statuses),
                 "severity": rng.choice(["knockout", "assessment", "advisory"])} for _ in range(rng.randint(0, 12))]
        assert family_summaries(made) == _family_summaries_general(made)
    assert family_summaries([]) == _family_summaries_general([])


def test_family_summaries_with_an_unknown_status_take_the_general_path():
    family = next(iter(build.Family)).value
    findings = [{"family": family, "status": "pass", "severity": "advisory"},
                {"family": family, "status": "odd", "severity": "advisory"}]
    assert family_summaries(findings) == _family_summaries_general(findings)


class _Firing:
    def __init__(self, rule: str):
        self.rule = rule


def _outcome(fn, rule, fired):
    try:
        return fn(rule, fired)
    except EngineError as exc:
        return ("error", str(exc))


def test_single_side_agrees_with_the_checked_status(assessor):
    rule = assessor.library.books[0].rules[0]
    kinds = ["pass", "fail", "na", "viol", "other"]
    shapes = [{}]
    for kind in kinds:
        for n in (1, 2, 3):
            shapes.append({kind: [_Firing(f"r__{kind}")] * n})
    for a in kinds:
        for b in kinds:
            if a < b:
                shapes.append({a: [_Firing(a)], b: [_Firing(b)]})
                shapes.append({a: [_Firing(a)] * 2, b: [_Firing(b)]})
    taken = 0
    for fired in shapes:
        single = _single_side(fired)
        if single is not None:
            taken += 1
            assert single[0] == _outcome(_engine_status, rule, fired), fired
            assert single[1] is next(iter(fired.values()))
    assert taken == 6  # pass, fail and na once; viol once, twice, three times


def _plain_maximum(book, facts) -> dict:
    """The per-student maximum computed term by term straight from the formula, without the
    per-rulebook view: the reference the production path is held to."""
    formula = book.formulas[funding.MAXIMUM_FORMULA]

    def lookup(ref):
        return facts.plan[ref.name].value

    lines = []
    for term in funding._terms(formula.value):
        lines.append({"label": {"nl": funding._label(term, "nl"), "en": funding._label(term, "en")},
                      "computation": {"nl": funding._show(term, facts, book, "nl"),
                                      "en": funding._show(term, facts, book, "en")},
                      "cents": funding._cents(evaluate_value(term, lookup))})
    # the published amounts are for 2020-2023 together (four years), not per year
    return {"kind": "per_student", "per_year_cents": None,
            "total_cents": funding._cents(evaluate_value(formula.value, lookup)), "years": 4, "lines": lines,
            "assumed": any(book.parameters[p].spec.basis.confidence.value == "assumed"
                           for p in book.parameters if p.startswith("rate_"))}


def test_funding_view_matches_the_plain_computation(cases):
    checked = 0
    for book, _, facts, _, plan in cases:
        summary = funding.funding_summary(book, facts, plan)
        if summary["maximum"] and summary["maximum"]["kind"] == "per_student":
            assert summary["maximum"] == _plain_maximum(book, facts), book.ref
            checked += 1
    assert checked


def test_share_and_day_agree_with_babel():
    """A sample here; every value in units.SHARE_RANGE and units.DATE_YEARS was compared when the fast
    formatting came in."""
    rng = random.Random(3)
    lo, hi = units.SHARE_RANGE
    shares = [0, 1, -1, 99, 100, -100, 99_999, 100_000, lo, hi, lo - 1, hi + 1, 10**9] + \
        [rng.randint(lo, hi) for _ in range(400)]
    first, last = (dt.date(year, 1, 1).toordinal() for year in units.DATE_YEARS)
    days = [first, last, first - 1, last + 400, 1, 700_000] + [rng.randint(first, last) for _ in range(400)]
    for lang, locale in units.LOCALES.items():
        for bp in shares:
            assert units.share.__wrapped__(bp, lang) == \
                format_decimal(Decimal(bp) / 100, format="#,##0.00", locale=locale) + "%", (bp, lang)
        for ordinal in days:
            assert units.day.__wrapped__(ordinal, lang) == \
                format_date(dt.date.fromordinal(ordinal), format="long", locale=locale), (ordinal, lang)

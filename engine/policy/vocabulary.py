"""The fixed step vocabulary of the Dutch scenarios (documented in docs/gherkin-stappen.md).

Each step is a plain function on a `ScenarioContext`, registered with the sentence(s) that call
it. Sentences use placeholders (`{regel}`, `{bedrag}`, `{datum}`, ...) that stand for a fixed
kind of value; `STEPS` is the whole vocabulary, in the order of the documentation. Both the
pytest-bdd glue (tests/test_features.py) and `sto coverage` run steps through `run_step`, so a
scenario means the same in both, and a sentence outside the vocabulary fails with a message that
points to the documentation.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

import orjson
import yaml

from engine.judgement import JudgementError

from ..rulebook import messages as msg
from .context import ScenarioContext
from .values import (
    COFINANCING_KINDS,
    COST_CATEGORIES,
    DOC,
    LABEL_BY_OUTCOME,
    LABEL_BY_STATUS,
    MAIN_GOALS,
    OFFER_DECISIONS,
    OUTCOME_BY_LABEL,
    PARTNER_TYPES,
    REGION_KINDS,
    ROLES,
    STATUS_BY_LABEL,
    CheckFailed,
    ScenarioError,
    normalise,
    parse_choice,
    parse_date,
    parse_list,
    parse_money,
    parse_number,
    parse_percentage,
    parse_profiles,
    parse_yes_no,
    plain_amount,
    unquote,
)

if TYPE_CHECKING:
    from engine.store.store import AuditStore, CommitteeRecord
    from engine.verdict.model import Finding

Table = list[dict[str, str]]
# A step: the scenario's context, then the placeholders' text by name (and `rows` for a table).
StepFunc = Callable[..., None]
F = TypeVar("F", bound=StepFunc)

# ---------------------------------------------------------------- fields a step may change

FieldKind = str  # text | id | int | money | number | goals | objectives | choice:<name> | profiles | signed


@dataclass(frozen=True)
class PlanField:
    key: str
    kind: FieldKind
    empty: object  # the value when the plan "has no" such field


FIELDS: dict[str, dict[str, PlanField]] = {
    "partner": {
        "naam": PlanField("name", "text", ""),
        "soort": PlanField("type", "choice:partner", None),
        "brin": PlanField("brin", "text", None),
        "bestuur": PlanField("board", "text", None),
        "rol": PlanField("role", "choice:role", None),
        "profielen": PlanField("profiles", "profiles", []),
    },
    "activiteit": {
        "titel": PlanField("title", "text", ""),
        "omschrijving": PlanField("description", "text", ""),
        "hoofddoelen": PlanField("main_goals", "goals", []),
        "doelen": PlanField("objectives", "objectives", []),
        "eigenaar": PlanField("owner", "id", None),
        "mijlpalen": PlanField("milestones", "milestones", []),
    },
    "kostenregel": {
        "activiteit": PlanField("activity", "id", None),
        "jaar": PlanField("year", "int", None),
        "categorie": PlanField("category", "choice:category", None),
        "aantal": PlanField("quantity", "number", None),
        "prijs": PlanField("unit_price", "money", None),
        "bedrag": PlanField("amount", "money", None),
        "toelichting": PlanField("explanation", "text", None),
    },
}
COLLECTIONS = {"partner": ("partners",), "activiteit": ("activities",), "kostenregel": ("budget", "cost_lines")}
CHOICES = {"partner": (PARTNER_TYPES, "soort partner"), "role": (ROLES, "rol"),
           "category": (COST_CATEGORIES, "kostencategorie")}
ORGANISATION_PARTS: dict[str, tuple[str, object]] = {
                      "projectleider": ("project_leader", None), "stuurgroep": ("steering_group", []),
                      "beschrijving van de besluitvorming": ("decision_making", ""),
                      "beschrijving van de monitoring": ("monitoring", ""),
                      "beschrijving van de rapportage": ("reporting", "")}
# The dates of a rulebook's `schedule` that letters quote, by how a letter names them (or the
# schedule name itself, in quotes, for one without a Dutch name here).
TERMS = {"een verbeterd plan": "next_round_deadline", "de voortgangsrapportage": "progress_report_due",
         "het eindverslag": "final_report_due"}
LISTS = ("partners", "activiteiten", "kostenregels", "cofinanciering", "keuzes over het aanbod")


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


PLACEHOLDERS = {
    "naam": r'"(?P<naam>[^"]+)"',
    "versie": r'"(?P<versie>[^"]+)"',
    "id": r'"(?P<id>[^"]+)"',
    "brin": r'"(?P<brin>[^"]+)"',
    "kenmerk": r'"(?P<kenmerk>[^"]*)"',
    "tekst": r'"(?P<tekst>[^"]*)"',
    "status": r'"(?P<status>[^"]+)"',
    "uitkomst": r'"(?P<uitkomst>[^"]+)"',
    "pad": r'"(?P<pad>/[^"]*)"',
    "waarde": r'(?P<waarde>"[^"]*"|[^"]+?)',
    "regel": r'"?(?P<regel>[A-Za-z]+-\d+)"?',
    "datum": r"(?P<datum>\d{4}-\d{2}-\d{2}|\d{1,2}-\d{1,2}-\d{4}|\d{1,2} [a-z]+ \d{4})",
    "bedrag": r"(?P<bedrag>€ ?-?\d[\d.]*(?:,\d{1,2})?)",
    "getal": r"(?P<getal>\d[\d.]*(?:,\d+)?)",
    "jaar": r"(?P<jaar>\d{4})",
    "ronde": r"(?P<ronde>\d+)",
    "percentage": r"(?P<percentage>\d+(?:,\d+)?) ?%",
    "onderdeel": r"(?P<onderdeel>partner|activiteit|kostenregel)",
    "veld": rf"(?P<veld>{_alternatives({n for fields in FIELDS.values() for n in fields})})",
    "lijst": rf"(?P<lijst>{_alternatives(LISTS)})",
    "regiosoort": rf"(?P<regiosoort>{_alternatives(REGION_KINDS)})",
    "organisatiedeel": rf"(?P<organisatiedeel>{_alternatives(ORGANISATION_PARTS)})",
    "tekstdeel": r"(?P<tekstdeel>tekst|bronnen)",
    "termijn": rf'(?P<termijn>{_alternatives(TERMS)}|"[a-z_]+")',
    # the committee's part (engine/judgement)
    "wie": r'(?P<wie>de commissie|de auditor|regio "[^"]+")',
    "oordeel": r'"(?P<oordeel>voldoet niet|voldoet onder voorwaarde|voldoet)"',
    "advies": r'"(?P<advies>positief onder voorwaarden|positief|negatief)"',
    "voorwaarde": r'"(?P<voorwaarde>[^"]*)"',
    "motivering": r'"(?P<motivering>[^"]*)"',
    "stand": r'"(?P<stand>[^"]+)"',
}


@dataclass(frozen=True)
class Step:
    kind: str  # "context" (Gegeven/Als) or "check" (Dan)
    sentences: tuple[str, ...]  # as documented, with {placeholders}
    func: StepFunc
    example: str  # a full step line, as in a feature file
    table: str | None = None  # the columns of the table the step reads, if any

    @cached_property
    def regexes(self) -> tuple[re.Pattern[str], ...]:
        return tuple(_to_regex(s) for s in self.sentences)

    def match(self, text: str) -> re.Match[str] | None:
        for regex in self.regexes:
            m = regex.fullmatch(text)
            if m:
                return m
        return None


def _to_regex(sentence: str) -> re.Pattern[str]:
    out, pos = [], 0
    for m in re.finditer(r"\{(\w+)\}", sentence):
        out.append(re.escape(sentence[pos:m.start()]))
        out.append(PLACEHOLDERS[m[1]])
        pos = m.end()
    out.append(re.escape(sentence[pos:]))
    return re.compile("".join(out).replace(r"\ ", " "))


STEPS: list[Step] = []


def step(kind: str, *sentences: str, example: str, table: str | None = None) -> Callable[[F], F]:
    def register(func: F) -> F:
        STEPS.append(Step(kind, sentences, func, example, table))
        return func
    return register


# ---------------------------------------------------------------- running a step


class UnknownStep(ScenarioError):
    pass


def find_step(text: str) -> tuple[Step, re.Match[str]] | None:
    text = normalise(text)
    for s in STEPS:
        m = s.match(text)
        if m:
            return s, m
    return None


def run_step(ctx: ScenarioContext, keyword_type: str, text: str, table: Sequence[Sequence[str]] | None = None) -> None:
    """Run one step. `keyword_type` is given/when/then (as resolved for En/Maar by the parser)."""
    found = find_step(text)
    if found is None:
        raise UnknownStep(unknown_step_message(keyword_type, text))
    s, m = found
    if s.kind == "check" and keyword_type != "then":
        raise ScenarioError(f"'{text}' is een controle: schrijf deze stap na Dan (of na En onder een Dan-stap)")
    if s.kind == "context" and keyword_type == "then":
        raise ScenarioError(f"'{text}' verandert het plan of de keuze van de regeling: schrijf deze stap na "
                            f"Gegeven of Als, niet na Dan")
    rows = _rows(table)
    if s.table and rows is None:
        raise ScenarioError(f"de stap '{text}' verwacht een tabel met de kolommen {s.table}")
    if not s.table and rows is not None:
        raise ScenarioError(f"de stap '{text}' leest geen tabel; haal de tabel weg of kies een andere stap "
                            f"(zie {DOC})")
    args = {k: v for k, v in m.groupdict().items() if v is not None}
    if s.table:
        args["rows"] = rows
    s.func(ctx, **args)
    ctx.steps_done += 1


KEYWORDS = {"given": "Gegeven", "when": "Als", "then": "Dan"}


def unknown_step_message(keyword_type: str, text: str) -> str:
    context_word = "Als" if keyword_type == "when" else "Gegeven"
    sentences = [f"{'Dan' if s.kind == 'check' else context_word} {sentence}" for s in STEPS for sentence in s.sentences]
    close = difflib.get_close_matches(f"{KEYWORDS.get(keyword_type, '')} {normalise(text)}", sentences, n=3,
                                      cutoff=0.4)
    hint = "".join(f"\n    {c}" for c in close)
    return (f"Onbekende stap: {KEYWORDS.get(keyword_type, '')} {normalise(text)}\n"
            f"Deze zin staat niet in de vaste woordenlijst van stappen. Gebruik een stap uit {DOC} "
            f"(daar staat bij elke stap een voorbeeld)."
            + (f"\nBedoelt u een van deze?{hint}" if close else ""))


def _rows(table: Sequence[Sequence[str]] | None) -> Table | None:
    if table is None:
        return None
    if not table:
        return []
    header = [normalise(h).lower() for h in table[0]]
    return [dict(zip(header, (c.strip() for c in row))) for row in table[1:]]


def _column(row: dict[str, str], name: str, required: bool = True, default: str = "") -> str:
    if name in row:
        return row[name]
    if required:
        raise ScenarioError(f"de tabel mist de kolom '{name}' (kolommen: {', '.join(row)})")
    return default


# ================================================================ Gegeven: where a scenario starts


@step("context", "het voorbeeldplan {naam}", example='Gegeven het voorbeeldplan "noord-veluwe-compleet"')
def start_plan(ctx: ScenarioContext, naam: str) -> None:
    ctx.start(naam)


@step("context", "de regelversie {versie}", example='En de regelversie "sto-2020-2023@2022-07-07"')
def choose_version(ctx: ScenarioContext, versie: str) -> None:
    ctx.choose_version(versie)


@step("context", "de regeling zoals die gold op {datum}", example="En de regeling zoals die gold op 1 september 2021")
def choose_date(ctx: ScenarioContext, datum: str) -> None:
    ctx.choose_date(parse_date(datum))


# ================================================================ Als: change one thing


@step("context", "het plan is ingediend op {datum}", "het plan is ingediend op {datum} voor ronde {ronde}",
      example="Als het plan is ingediend op 1 oktober 2019 voor ronde 2")
def submitted_on(ctx: ScenarioContext, datum: str, ronde: str | None = None) -> None:
    submission = ctx.require_plan()["submission"]
    submission["date"] = parse_date(datum)
    if ronde is not None:
        submission["round"] = int(ronde)
    ctx.changed()


@step("context", "de aanvraag reageert op besluit {kenmerk}",
      example='En de aanvraag reageert op besluit "OCW/STO/2019-123"')
def answers_decision(ctx: ScenarioContext, kenmerk: str) -> None:
    ctx.require_plan()["submission"]["answers_decision"] = kenmerk or None
    ctx.changed()


@step("context", "de aanvraag noemt geen eerder besluit", example="En de aanvraag noemt geen eerder besluit")
def no_earlier_decision(ctx: ScenarioContext) -> None:
    ctx.require_plan()["submission"].pop("answers_decision", None)
    ctx.changed()


@step("context", "de regio een {regiosoort} is", example="Als de regio een techniekarme regio is")
def region_kind(ctx: ScenarioContext, regiosoort: str) -> None:
    ctx.require_plan()["region"]["kind"] = REGION_KINDS[regiosoort]
    ctx.changed()


@step("context", "de penvoerder optreedt voor de school met BRIN {brin}",
      example='Als de penvoerder optreedt voor de school met BRIN "33CC"')
def lead_school(ctx: ScenarioContext, brin: str) -> None:
    ctx.require_plan()["lead_applicant"]["school_brin"] = brin
    ctx.changed()


@step("context", "het plan ook deze {lijst} heeft:", table="per lijst: zie Tabellen in docs/gherkin-stappen.md",
      example="Als het plan ook deze partners heeft:")
def add_items(ctx: ScenarioContext, lijst: str, rows: Table) -> None:
    items, key = _list_of(ctx, lijst)
    new = [_item(lijst, row) for row in rows]
    for item in new:
        if key:
            items[:] = [old for old in items if key(old) != key(item)]
        items.append(item)
    ctx.changed()


@step("context", "het plan alleen deze {lijst} heeft:", table="per lijst: zie Tabellen in docs/gherkin-stappen.md",
      example="Als het plan alleen deze cofinanciering heeft:")
def replace_items(ctx: ScenarioContext, lijst: str, rows: Table) -> None:
    items, _ = _list_of(ctx, lijst)
    items[:] = [_item(lijst, row) for row in rows]
    ctx.changed()


@step("context", "{onderdeel} {id} niet in het plan staat", example='Als partner "v2" niet in het plan staat')
def remove_item(ctx: ScenarioContext, onderdeel: str, id: str) -> None:
    items = _collection(ctx, onderdeel)
    item = _by_id(items, onderdeel, id)
    items.remove(item)
    ctx.changed()


@step("context", "bij {onderdeel} {id} de {veld} {waarde} is", "bij {onderdeel} {id} het {veld} {waarde} is",
      example='Als bij kostenregel "K1" het bedrag € 200.002 is')
def set_field(ctx: ScenarioContext, onderdeel: str, id: str, veld: str, waarde: str) -> None:
    spec = _field(onderdeel, veld)
    item = _by_id(_collection(ctx, onderdeel), onderdeel, id)
    item[spec.key] = _field_value(spec, waarde)
    ctx.changed()


@step("context", "{onderdeel} {id} geen {veld} heeft", example='Als activiteit "A1" geen doelen heeft')
def clear_field(ctx: ScenarioContext, onderdeel: str, id: str, veld: str) -> None:
    spec = _field(onderdeel, veld)
    item = _by_id(_collection(ctx, onderdeel), onderdeel, id)
    if spec.empty is None:
        item.pop(spec.key, None)
    else:
        item[spec.key] = spec.empty
    ctx.changed()


@step("context", "activiteit {id} deze mijlpalen heeft:", table="omschrijving | datum | indicator",
      example='Als activiteit "A1" deze mijlpalen heeft:')
def milestones(ctx: ScenarioContext, id: str, rows: Table) -> None:
    activity = _by_id(_collection(ctx, "activiteit"), "activiteit", id)
    activity["milestones"] = [_milestone(row) for row in rows]
    ctx.changed()


@step("context", "partner {id} de samenwerkingsovereenkomst niet heeft getekend",
      example='Als partner "b1" de samenwerkingsovereenkomst niet heeft getekend')
def partner_did_not_sign(ctx: ScenarioContext, id: str) -> None:
    _by_id(_collection(ctx, "partner"), "partner", id)["cooperation_agreement"] = {"signed": False}
    ctx.changed()


@step("context", "geen enkele partner de samenwerkingsovereenkomst heeft getekend",
      example="Als geen enkele partner de samenwerkingsovereenkomst heeft getekend")
def nobody_signed(ctx: ScenarioContext) -> None:
    for partner in ctx.require_plan().get("partners", []):
        partner["cooperation_agreement"] = {"signed": False}
    ctx.changed()


@step("context", "de cofinanciering door het bedrijfsleven {bedrag} is",
      example="Als de cofinanciering door het bedrijfsleven € 371.140 is")
def business_cofinancing(ctx: ScenarioContext, bedrag: str) -> None:
    _set_business_cofinancing(ctx, parse_money(bedrag))


@step("context", "de cofinanciering door het bedrijfsleven {percentage} van de totale kosten is",
      example="Als de cofinanciering door het bedrijfsleven 9,99% van de totale kosten is")
def business_cofinancing_share(ctx: ScenarioContext, percentage: str) -> None:
    total = sum((_line_amount(line) for line in ctx.require_plan().get("budget", {}).get("cost_lines", [])),
                Decimal(0))
    amount = (total * parse_percentage(percentage) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    _set_business_cofinancing(ctx, amount)


@step("context", "de gevraagde subsidie per jaar is:", table="jaar | bedrag",
      example="Als de gevraagde subsidie per jaar is:")
def requested_per_year(ctx: ScenarioContext, rows: Table) -> None:
    budget = ctx.require_plan().setdefault("budget", {})
    budget["requested_subsidy"] = [{"year": int(_column(r, "jaar")), "amount": plain_amount(parse_money(
        _column(r, "bedrag")))} for r in rows]
    ctx.changed()


@step("context", "de gevraagde subsidie in totaal {bedrag} is",
      example="Als de gevraagde subsidie in totaal € 600.000 is")
def requested_total(ctx: ScenarioContext, bedrag: str) -> None:
    # Spread over the years the plan already asks for, so per-year rules see the same years;
    # whole euros per year, the remainder (and cents) in the first year.
    budget = ctx.require_plan().setdefault("budget", {})
    years = sorted({int(r["year"]) for r in budget.get("requested_subsidy", [])}) or [2020]
    total = parse_money(bedrag)
    share = (total / len(years)).to_integral_value(rounding=ROUND_FLOOR)
    amounts = [share] * len(years)
    amounts[0] += total - share * len(years)
    budget["requested_subsidy"] = [{"year": y, "amount": plain_amount(a)} for y, a in zip(years, amounts)]
    ctx.changed()


@step("context", "de projectleider {getal} uur per week beschikbaar is",
      example="Als de projectleider 7,5 uur per week beschikbaar is")
def leader_hours(ctx: ScenarioContext, getal: str) -> None:
    leader = ctx.require_plan().setdefault("organisation", {}).get("project_leader")
    if not leader:
        raise ScenarioError("het plan heeft geen projectleider; voeg die eerst toe in het voorbeeldplan")
    leader["hours_per_week"] = float(parse_number(getal))
    ctx.changed()


@step("context", "de projectorganisatie geen {organisatiedeel} heeft",
      example="Als de projectorganisatie geen stuurgroep heeft")
def organisation_without(ctx: ScenarioContext, organisatiedeel: str) -> None:
    key, empty = ORGANISATION_PARTS[organisatiedeel]
    organisation = ctx.require_plan().setdefault("organisation", {})
    if empty is None:
        organisation.pop(key, None)
    else:
        organisation[key] = empty
    ctx.changed()


@step("context", "het plan geen regiovisie heeft", example="Als het plan geen regiovisie heeft")
def no_vision(ctx: ScenarioContext) -> None:
    ctx.require_plan().pop("regional_vision", None)
    ctx.changed()


@step("context", "de arbeidsmarktanalyse geen {tekstdeel} heeft", example="Als de arbeidsmarktanalyse geen bronnen heeft")
def analysis_without(ctx: ScenarioContext, tekstdeel: str) -> None:
    analysis = _vision(ctx)["labour_market_analysis"]
    analysis["text" if tekstdeel == "tekst" else "sources"] = "" if tekstdeel == "tekst" else []
    ctx.changed()


@step("context", "de prognose van leerlingaantallen loopt tot {jaar}",
      example="Als de prognose van leerlingaantallen loopt tot 2028")
def forecast_until(ctx: ScenarioContext, jaar: str) -> None:
    vision = _vision(ctx)
    last = int(jaar)
    points = [p for p in vision.get("student_forecast", []) if int(p["year"]) < last]
    students = points[-1]["students"] if points else 800
    vision["student_forecast"] = points + [{"year": last, "students": students}]
    ctx.changed()


@step("context", "het veld {pad} de waarde {tekst} heeft",
      example='Als het veld "/organisation/monitoring" de waarde "" heeft')
def set_pointer(ctx: ScenarioContext, pad: str, tekst: str) -> None:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pad.strip("/").split("/")]
    target: object = ctx.require_plan()
    for part in parts[:-1]:
        target = _child(target, part, pad)
    value = yaml.safe_load(tekst) if tekst.strip() else ""
    if isinstance(target, list):
        target[_index(parts[-1], target, pad)] = value
    elif isinstance(target, dict):
        target[parts[-1]] = value
    else:
        raise ScenarioError(f"het pad {pad} loopt dood bij '{parts[-1]}'")
    ctx.changed()


# ================================================================ Dan: check the engine's answer


@step("check", "is de uitkomst {uitkomst}", "de uitkomst is {uitkomst}", example='Dan is de uitkomst "negatief advies"')
def outcome_is(ctx: ScenarioContext, uitkomst: str) -> None:
    expected = parse_choice(uitkomst, OUTCOME_BY_LABEL, "uitkomst")
    actual = ctx.verdict.outcome.value
    if actual != expected:
        failing = ", ".join(f"{f.rule_id} ({LABEL_BY_STATUS[f.status]})" for f in ctx.verdict.findings
                            if f.status in ("fail", "needs_review")) or "geen"
        raise CheckFailed(f"verwacht uitkomst '{LABEL_BY_OUTCOME[expected]}', de engine gaf "
                          f"'{LABEL_BY_OUTCOME[actual]}' ({ctx.version}); regels die niet voldoen: {failing}")


def _check_status(ctx: ScenarioContext, regel: str, expected: str) -> None:
    finding = ctx.finding(regel)
    if finding.status != expected:
        raise CheckFailed(f"verwacht dat regel {regel} '{LABEL_BY_STATUS[expected]}' is, de engine gaf "
                          f"'{LABEL_BY_STATUS[finding.status]}' ({ctx.version}): {finding.message.nl}")
    ctx.observe(regel, expected)


@step("check", "voldoet regel {regel}", "regel {regel} voldoet", example="Dan voldoet regel FIN-04")
def rule_passes(ctx: ScenarioContext, regel: str) -> None:
    _check_status(ctx, regel, "pass")


@step("check", "voldoet regel {regel} niet", "regel {regel} voldoet niet", example="Dan voldoet regel FIN-04 niet")
def rule_fails(ctx: ScenarioContext, regel: str) -> None:
    _check_status(ctx, regel, "fail")


@step("check", "moet de commissie regel {regel} beoordelen", "de commissie moet regel {regel} beoordelen",
      example="Dan moet de commissie regel ACT-05 beoordelen")
def rule_needs_review(ctx: ScenarioContext, regel: str) -> None:
    _check_status(ctx, regel, "needs_review")


@step("check", "is regel {regel} niet van toepassing", "regel {regel} is niet van toepassing",
      example="Dan is regel FIN-06 niet van toepassing")
def rule_not_applicable(ctx: ScenarioContext, regel: str) -> None:
    _check_status(ctx, regel, "not_applicable")


@step("check", "is de status van regel {regel} {status}", "de status van regel {regel} is {status}",
      example='Dan is de status van regel FIN-04 "voldoet niet"')
def rule_status(ctx: ScenarioContext, regel: str, status: str) -> None:
    _check_status(ctx, regel, parse_choice(status, STATUS_BY_LABEL, "status"))


@step("check", "is de uitkomst per regel:", "de uitkomst per regel is:", table="regel | status",
      example="Dan is de uitkomst per regel:")
def rule_statuses(ctx: ScenarioContext, rows: Table) -> None:
    wrong = []
    for row in rows:
        regel, expected = unquote(_column(row, "regel")), parse_choice(_column(row, "status"), STATUS_BY_LABEL,
                                                                       "status")
        finding = ctx.finding(regel)
        if finding.status == expected:
            ctx.observe(regel, expected)
        else:
            wrong.append(f"  {regel}: verwacht '{LABEL_BY_STATUS[expected]}', de engine gaf "
                         f"'{LABEL_BY_STATUS[finding.status]}': {finding.message.nl}")
    if wrong:
        raise CheckFailed(msg.render("{n, plural, one {# regel} other {# regels}} anders dan verwacht ({version}):",
                                     "nl", n=len(wrong), version=ctx.version) + "\n" + "\n".join(wrong))


@step("check", "bestaat regel {regel} niet in deze versie", "regel {regel} bestaat niet in deze versie",
      example="Dan bestaat regel FIN-05 niet in deze versie")
def rule_absent(ctx: ScenarioContext, regel: str) -> None:
    present = [f for f in ctx.verdict.findings if f.rule_id == regel]
    if present:
        raise CheckFailed(f"regel {regel} bestaat wel in {ctx.version}: {LABEL_BY_STATUS[present[0].status]}")


@step("check", "voldoen alle andere regels", "alle andere regels voldoen", example="En alle andere regels voldoen")
def others_pass(ctx: ScenarioContext) -> None:
    # Rules named earlier in the scenario are its subject; every other rule must pass or not apply,
    # so a scenario that "changes one thing" shows that nothing else changed.
    others = [f for f in ctx.verdict.findings if f.rule_id not in ctx.named_rules
              and f.status not in ("pass", "not_applicable")]
    if others:
        listed = "; ".join(f"{f.rule_id} {LABEL_BY_STATUS[f.status]}: {f.message.nl}" for f in others)
        raise CheckFailed(msg.render("{n, plural, one {# andere regel voldoet} other {# andere regels voldoen}} niet "
                                     "({version}): {listed}", "nl", n=len(others), version=ctx.version, listed=listed))


@step("check", "bevat de melding van {regel} {tekst}", "de melding van {regel} bevat {tekst}",
      example='En de melding van FIN-04 bevat "9,99%"')
def message_contains(ctx: ScenarioContext, regel: str, tekst: str) -> None:
    message = ctx.finding(regel).message.nl
    if normalise(tekst) not in normalise(message):
        raise CheckFailed(f"de melding van {regel} bevat '{tekst}' niet; de melding is: {message}")


@step("check", "is de melding van {regel} {tekst}", "de melding van {regel} is {tekst}",
      example='En de melding van PART-03 is "Er doet geen partner uit het bedrijfsleven mee; minimaal 1 is vereist."')
def message_is(ctx: ScenarioContext, regel: str, tekst: str) -> None:
    message = ctx.finding(regel).message.nl
    if normalise(tekst) != normalise(message):
        raise CheckFailed(f"de melding van {regel} is niet '{tekst}' maar: {message}")


def _remediation(ctx: ScenarioContext, regel: str) -> str:
    remedy = ctx.finding(regel).remediation
    if not remedy:
        raise CheckFailed(f"regel {regel} heeft geen remediëring ({ctx.version}); status: "
                          f"{LABEL_BY_STATUS[ctx.finding(regel).status]}")
    message: str = remedy.message.nl
    return message


@step("check", "is de remediëring van {regel} {tekst}", "de remediëring van {regel} is {tekst}",
      example='En de remediëring van FIN-04 is "Voeg € 350,60 cofinanciering door het bedrijfsleven toe '
              '(in geld of in natura): in de begroting onder cofinanciering (budget.cofinancing), bij een partner '
              'met type business."')
def remediation_is(ctx: ScenarioContext, regel: str, tekst: str) -> None:
    remedy = _remediation(ctx, regel)
    if normalise(tekst) != normalise(remedy):
        raise CheckFailed(f"de remediëring van {regel} is niet '{tekst}' maar: {remedy}")


@step("check", "bevat de remediëring van {regel} {tekst}", "de remediëring van {regel} bevat {tekst}",
      example='En de remediëring van PART-01 bevat "Neem nog 1 vmbo-school met"')
def remediation_contains(ctx: ScenarioContext, regel: str, tekst: str) -> None:
    remedy = _remediation(ctx, regel)
    if normalise(tekst) not in normalise(remedy):
        raise CheckFailed(f"de remediëring van {regel} bevat '{tekst}' niet; de remediëring is: {remedy}")


@step("check", "heeft regel {regel} geen remediëring", "regel {regel} heeft geen remediëring",
      example="En regel FIN-04 heeft geen remediëring")
def no_remediation(ctx: ScenarioContext, regel: str) -> None:
    remedy = ctx.finding(regel).remediation
    if remedy:
        raise CheckFailed(f"regel {regel} heeft toch een remediëring: {remedy.message.nl}")


@step("check", "is de gebruikte regelversie {versie}", "de gebruikte regelversie is {versie}",
      example='Dan is de gebruikte regelversie "sto-2020-2023@2022-07-07"')
def version_used(ctx: ScenarioContext, versie: str) -> None:
    expected = ctx.resolve_version(versie)
    if ctx.version != expected:
        raise CheckFailed(f"verwacht regelversie {expected}, de engine gebruikte {ctx.version} "
                          f"(gekozen op: {ctx.verdict.receipt.selected_by}, {ctx.verdict.receipt.as_of})")


def _schedule_entry(ctx: ScenarioContext, termijn: str) -> dict[str, Any] | None:
    # the schedule exactly as the letters read it: that of the version that judged the plan
    from engine.letters.render import schedule_for

    name = TERMS.get(termijn) or unquote(termijn)
    return schedule_for(ctx.verdict, ctx.assessor.library).get(name)


@step("check", "is de uiterste datum voor {termijn} {datum}", "de uiterste datum voor {termijn} is {datum}",
      example="Dan is de uiterste datum voor de voortgangsrapportage 1 november 2021")
def deadline_is(ctx: ScenarioContext, termijn: str, datum: str) -> None:
    entry = _schedule_entry(ctx, termijn)
    expected = parse_date(datum)
    if entry is None:
        raise CheckFailed(f"{ctx.version} noemt geen uiterste datum voor {termijn}; verwacht {expected.isoformat()}")
    if entry["date"] != expected.isoformat():
        raise CheckFailed(f"de uiterste datum voor {termijn} is in {ctx.version} {entry['date']}, niet "
                          f"{expected.isoformat()}")


@step("check", "is er geen uiterste datum voor {termijn}", "er is geen uiterste datum voor {termijn}",
      example="Dan is er geen uiterste datum voor een verbeterd plan")
def no_deadline(ctx: ScenarioContext, termijn: str) -> None:
    entry = _schedule_entry(ctx, termijn)
    if entry is not None:
        raise CheckFailed(f"{ctx.version} noemt toch een uiterste datum voor {termijn}: {entry['date']}")


# ================================================================ De commissie: oordeel en advies
# A scenario stores the engine's verdict as a pre-screen in a store of its own (SQLite in memory) and
# records the committee's judgements and advice there, as `sto judge` and `sto advise` do. A step
# that the store refuses is remembered: the next step must check it (`Dan wordt dat geweigerd`).

HOLDS_BY_LABEL = {"voldoet": "yes", "voldoet niet": "no", "voldoet onder voorwaarde": "with-condition"}
ADVICE_BY_LABEL = {"positief": "positive", "positief onder voorwaarden": "positive-with-conditions",
                   "negatief": "negative"}


class CommitteeState:
    def __init__(self, ctx: ScenarioContext):
        from engine.store import open_store

        verdict = ctx.verdict  # the engine's verdict on the plan as the scenario built it (same bytes as here)
        raw = orjson.dumps(ctx.require_plan(), default=str)
        self.store = open_store("sqlite://")
        self.record = self.store.record(plan_bytes=raw, plan_source=verdict.receipt.plan_source,
                                        verdict=verdict, actor="scenario", role="committee", mode="pre-screen")
        # the record the last step wrote, or why the store refused it
        self.last: CommitteeRecord | JudgementError | None = None
        self.checked = True

    def act(self, what: str, write: Callable[[AuditStore, str], CommitteeRecord]) -> None:
        if not self.checked and isinstance(self.last, JudgementError):
            raise ScenarioError(f"de vorige stap werd geweigerd ({self.last.nl}); controleer dat eerst met "
                                f"'Dan wordt dat geweigerd'")
        try:
            self.last = write(self.store, self.record.id)
        except JudgementError as exc:
            self.last = exc
        self.checked = False

    def picture(self) -> dict[str, Any]:
        return self.store.picture(self.record.id)


def _committee(ctx: ScenarioContext) -> CommitteeState:
    state = ctx.committee
    if state is None:
        raise ScenarioError("leg eerst de voortoets vast: Gegeven de commissie heeft het plan voorgetoetst")
    return state


def _role(wie: str) -> tuple[str, str]:
    if wie == "de commissie":
        return "committee", "commissielid"
    if wie == "de auditor":
        return "auditor", "auditor"
    return "region:" + unquote(wie[len("regio "):]), "regio"


@step("context", "de commissie heeft het plan voorgetoetst", "de commissie het plan voortoetst",
      example="Gegeven de commissie heeft het plan voorgetoetst")
def committee_prescreens(ctx: ScenarioContext) -> None:
    ctx.committee = CommitteeState(ctx)


@step("context", "{wie} over regel {regel} oordeelt {oordeel} met de motivering {motivering}",
      "{wie} over regel {regel} oordeelt {oordeel} met de voorwaarde {voorwaarde} en de motivering {motivering}",
      example='Als de commissie over regel PART-05 oordeelt "voldoet" met de motivering "De overeenkomst wordt '
              'getekend."')
def committee_judges(ctx: ScenarioContext, wie: str, regel: str, oordeel: str, motivering: str,
                     voorwaarde: str | None = None) -> None:
    holds = parse_choice(oordeel, HOLDS_BY_LABEL, "oordeel")
    role, actor = _role(wie)
    _committee(ctx).act("oordeel", lambda store, rid: store.judge(
        rid, rule_id=regel, holds=holds, motivation=motivering, condition=voorwaarde, actor=actor, role=role))


@step("context", "{wie} het advies {advies} geeft met de motivering {motivering}",
      "{wie} het advies {advies} geeft met de voorwaarde {voorwaarde} en de motivering {motivering}",
      example='Als de commissie het advies "positief" geeft met de motivering "Een sterk plan."')
def committee_advises(ctx: ScenarioContext, wie: str, advies: str, motivering: str,
                      voorwaarde: str | None = None) -> None:
    advice = parse_choice(advies, ADVICE_BY_LABEL, "advies")
    role, actor = _role(wie)
    _committee(ctx).act("advies", lambda store, rid: store.advise(
        rid, advice=advice, motivation=motivering, conditions=[voorwaarde] if voorwaarde is not None else [],
        actor=actor, role=role))


@step("context", "de commissie vastlegt dat de regio de aanvraag heeft ingetrokken, met de toelichting {motivering}",
      example='Als de commissie vastlegt dat de regio de aanvraag heeft ingetrokken, met de toelichting "Brief van '
              '3 juni."')
def committee_records_withdrawal(ctx: ScenarioContext, motivering: str) -> None:
    _committee(ctx).act("intrekking", lambda store, rid: store.withdraw(rid, motivation=motivering,
                                                                       actor="commissielid"))


@step("check", "wordt dat vastgelegd", "is dat vastgelegd", example="Dan wordt dat vastgelegd")
def committee_recorded(ctx: ScenarioContext) -> None:
    state = _committee(ctx)
    state.checked = True
    if state.last is None:
        raise ScenarioError("er is nog geen oordeel of advies gegeven in dit scenario")
    if isinstance(state.last, JudgementError):
        raise CheckFailed(f"verwacht dat het werd vastgelegd, maar het werd geweigerd: {state.last.nl}")
    report = state.store.verify()
    if not report.ok:
        why = report.reason["nl"] if report.reason else f"record {report.first_bad_seq}"
        raise CheckFailed(f"de keten klopt niet meer: {why}")


@step("check", "wordt dat geweigerd", "wordt dat geweigerd met een melding over {tekst}",
      example='Dan wordt dat geweigerd met een melding over "motivering"')
def committee_refused(ctx: ScenarioContext, tekst: str | None = None) -> None:
    state = _committee(ctx)
    state.checked = True
    if not isinstance(state.last, JudgementError):
        raise CheckFailed("verwacht dat het werd geweigerd, maar het is vastgelegd" if state.last else
                          "er is nog geen oordeel of advies gegeven in dit scenario")
    message = state.last.nl
    if tekst is not None and tekst.lower() not in message.lower():
        raise CheckFailed(f"verwacht een melding over '{tekst}', de melding was: {message}")


@step("check", "is de stand van de commissie {stand}", "de stand van de commissie is {stand}",
      example='Dan is de stand van de commissie "klaar voor advies"')
def committee_standing(ctx: ScenarioContext, stand: str) -> None:
    from engine.i18n import tr
    from engine.judgement import PROCESS_OUTCOMES

    known = {tr(label, "nl"): code for code, label in PROCESS_OUTCOMES.items()}
    expected = parse_choice(stand, known, "stand van de commissie")
    pic = _committee(ctx).picture()
    if pic["outcome"] != expected:
        raise CheckFailed(f"verwacht de stand '{tr(PROCESS_OUTCOMES[expected], 'nl')}', het is "
                          f"'{pic['outcome_label']['nl']}' (open: {', '.join(pic['open_rules']) or 'geen'})")


@step("check", "telt regel {regel} als {status}", "regel {regel} telt als {status}",
      example='Dan telt regel PART-05 als "voldoet"')
def committee_effective_status(ctx: ScenarioContext, regel: str, status: str) -> None:
    expected = parse_choice(status, STATUS_BY_LABEL, "status")
    pic = _committee(ctx).picture()
    effective = {e["rule_id"]: e["effective"] for e in pic["effective"]}
    finding = next((f for f in pic_findings(ctx) if f.rule_id == regel), None)
    if finding is None:
        raise ScenarioError(f"regel {regel} komt niet voor in de voortoets")
    actual = effective.get(regel, finding.status)
    if actual != expected:
        raise CheckFailed(f"verwacht dat regel {regel} telt als '{LABEL_BY_STATUS[expected]}', na de oordelen telt "
                          f"hij als '{LABEL_BY_STATUS[actual]}' (de machine gaf '{LABEL_BY_STATUS[finding.status]}')")


def pic_findings(ctx: ScenarioContext) -> list[Finding]:
    return _committee(ctx).record.verdict.findings


# ---------------------------------------------------------------- helpers for the plan changes


def _collection(ctx: ScenarioContext, onderdeel: str) -> list[dict[str, Any]]:
    target = ctx.require_plan()
    path = COLLECTIONS[onderdeel]
    for key in path[:-1]:
        target = target.setdefault(key, {})
    items: list[dict[str, Any]] = target.setdefault(path[-1], [])
    return items


def _by_id(items: list[dict[str, Any]], onderdeel: str, id: str) -> dict[str, Any]:
    for item in items:
        if item.get("id") == id:
            return item
    known = ", ".join(str(i.get("id")) for i in items) or "geen"
    raise ScenarioError(f"het plan heeft geen {onderdeel} '{id}'; wel: {known}")


def _field(onderdeel: str, veld: str) -> PlanField:
    fields = FIELDS[onderdeel]
    if veld not in fields:
        raise ScenarioError(f"een {onderdeel} heeft geen veld '{veld}'; velden: {', '.join(fields)} (zie {DOC})")
    return fields[veld]


def _field_value(spec: PlanField, text: str) -> object:
    raw = unquote(text)
    kind = spec.kind
    if kind in ("text", "id"):
        return raw
    if kind == "int":
        return int(parse_number(raw))
    if kind == "money":
        return plain_amount(parse_money(raw))
    if kind == "number":
        return format(parse_number(raw), "f")
    if kind == "goals":
        return [parse_choice(g, MAIN_GOALS, "hoofddoel") for g in parse_list(raw)]
    if kind == "objectives":
        return [g.strip() for g in raw.split(";") if g.strip()]
    if kind == "profiles":
        return parse_profiles(raw)
    if kind.startswith("choice:"):
        choices, what = CHOICES[kind.split(":", 1)[1]]
        return parse_choice(raw, choices, what)
    raise ScenarioError(f"het veld '{spec.key}' kan alleen leeg gemaakt worden (… geen {spec.key} heeft)")


def _list_of(ctx: ScenarioContext, lijst: str) -> tuple[list[dict[str, Any]], Callable[[dict[str, Any]], object] | None]:
    plan = ctx.require_plan()
    if lijst == "partners":
        return plan.setdefault("partners", []), lambda i: i["id"]
    if lijst == "activiteiten":
        return plan.setdefault("activities", []), lambda i: i["id"]
    if lijst == "kostenregels":
        return plan.setdefault("budget", {}).setdefault("cost_lines", []), lambda i: i["id"]
    if lijst == "cofinanciering":
        return plan.setdefault("budget", {}).setdefault("cofinancing", []), None
    vision = _vision(ctx)
    return vision.setdefault("offer_decisions", []), lambda i: (i["partner"], i["profile"])


def _item(lijst: str, row: dict[str, str]) -> dict[str, Any]:
    def col(name: str, required: bool = True, default: str = "") -> str:
        return _column(row, name, required, default)

    item: dict[str, Any]
    if lijst == "partners":
        item = {"id": col("id"), "name": col("naam", False, col("id")),
                "type": parse_choice(col("soort"), PARTNER_TYPES, "soort partner"),
                "role": parse_choice(col("rol", False, "ondersteunend"), ROLES, "rol"),
                "cooperation_agreement": {"signed": parse_yes_no(col("getekend", False, "ja"))}}
        if col("brin", False):
            item["brin"] = col("brin")
        if col("bestuur", False):
            item["board"] = col("bestuur")
        if col("profielen", False):
            item["profiles"] = parse_profiles(col("profielen"))
        return item
    if lijst == "activiteiten":
        item = {"id": col("id"), "title": col("titel", False, col("id")), "description": col("omschrijving", False),
                "main_goals": [parse_choice(g, MAIN_GOALS, "hoofddoel") for g in parse_list(col("hoofddoelen",
                                                                                                  False))],
                "objectives": [o.strip() for o in col("doelen", False).split(";") if o.strip()]}
        if col("eigenaar", False):
            item["owner"] = col("eigenaar")
        return item
    if lijst == "kostenregels":
        item = {"id": col("id"), "year": int(col("jaar")),
                "category": parse_choice(col("categorie", False, "overig"), COST_CATEGORIES, "kostencategorie"),
                "amount": plain_amount(parse_money(col("bedrag")))}
        if col("activiteit", False):
            item["activity"] = col("activiteit")
        if col("aantal", False):
            item["quantity"] = format(parse_number(col("aantal")), "f")
        if col("prijs", False):
            item["unit_price"] = plain_amount(parse_money(col("prijs")))
        if col("toelichting", False):
            item["explanation"] = col("toelichting")
        return item
    if lijst == "cofinanciering":
        return {"partner": col("partner"), "year": int(col("jaar")),
                "kind": parse_choice(col("soort", False, "in natura"), COFINANCING_KINDS, "soort cofinanciering"),
                "amount": plain_amount(parse_money(col("bedrag"))), "description": col("omschrijving", False)}
    item = {"partner": col("partner"), "profile": col("profiel"),
            "decision": parse_choice(col("besluit"), OFFER_DECISIONS, "besluit"),
            "small_offer": parse_yes_no(col("klein aanbod", False, "nee"))}
    if col("afweging", False):
        item["justification"] = col("afweging")
    return item


def _milestone(row: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {"description": _column(row, "omschrijving")}
    if _column(row, "datum", False):
        item["due"] = parse_date(_column(row, "datum"))
    if _column(row, "indicator", False):
        item["indicator"] = _column(row, "indicator")
    return item


def _vision(ctx: ScenarioContext) -> dict[str, Any]:
    vision: dict[str, Any] | None = ctx.require_plan().get("regional_vision")
    if not vision:
        raise ScenarioError("het plan heeft geen regiovisie")
    return vision


def _line_amount(line: dict[str, Any]) -> Decimal:
    return Decimal(str(line["amount"]))


def _set_business_cofinancing(ctx: ScenarioContext, amount: Decimal) -> None:
    # Business co-financing becomes one line of the first business partner; co-financing by
    # schools or government stays, so only the business share changes.
    plan = ctx.require_plan()
    business = [p["id"] for p in plan.get("partners", []) if p.get("type") == "business"]
    if not business:
        raise ScenarioError("het plan heeft geen partner uit het bedrijfsleven om cofinanciering aan toe te kennen")
    budget = plan.setdefault("budget", {})
    lines = [c for c in budget.get("cofinancing", []) if c["partner"] not in business]
    years = sorted(int(c["year"]) for c in budget.get("cofinancing", []) if c["partner"] in business)
    year = years[0] if years else min((int(line["year"]) for line in budget.get("cost_lines", [])), default=2020)
    lines.append({"partner": business[0], "year": year, "kind": "in_kind", "amount": plain_amount(amount),
                  "description": "cofinanciering door het bedrijfsleven (scenario)"})
    budget["cofinancing"] = lines
    ctx.changed()


def _child(target: object, part: str, pad: str) -> object:
    if isinstance(target, list):
        return target[_index(part, target, pad)]
    if isinstance(target, dict):
        return target.setdefault(part, {})
    raise ScenarioError(f"het pad {pad} loopt dood bij '{part}'")


def _index(part: str, items: list[object], pad: str) -> int:
    if not part.isdigit() or int(part) >= len(items):
        raise ScenarioError(f"het pad {pad}: '{part}' is geen plaats in een lijst van {len(items)}")
    return int(part)

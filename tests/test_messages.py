"""Messages people read: every count agrees with its noun and verb, and every failing rule says how to pass.

The sweep renders every message (pass, fail, not applicable, needs review and remediation) of every
rule of every rulebook version, in Dutch and English, with each count 0, 1 and 2 and each yes/no
both ways, and looks for hedges like "(s)", "(en)", "mijlpaal/mijlpalen", "of -scholen" and for a
number that disagrees with its noun or verb ("Er doen 1", "1 partners hebben", "2 activity").
"""
from __future__ import annotations

import itertools
import json
import re
import string
from fractions import Fraction
from pathlib import Path

import pytest

from engine.assess import Assessor
from engine.facts import derive_facts
from engine.facts.catalogue import CATALOGUE, PLAN
from engine.plan import load_plan_text
from engine.rulebook import load_library
from engine.rulebook import messages as msg
from engine.rulebook.loader import _count_names
from engine.rules import ruleset_for
from engine.verdict.build import build_findings
from tests.synthetic import generate_plans

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "plans"

# ---------------------------------------------------------------- the plural and select syntax


@pytest.mark.parametrize("lang, n, expected", [
    ("nl", 0, "geen activiteit"), ("nl", 1, "{count} activiteit"), ("nl", 2, "{count} activiteiten"),
    ("nl", 11, "{count} activiteiten"), ("en", 1, "{count} activity"), ("en", 2, "{count} activities"),
])
def test_plural_chooses_exact_then_babel_category(lang, n, expected):
    text = {"nl": "{count, plural, =0 {geen activiteit} one {# activiteit} other {# activiteiten}}",
            "en": "{count, plural, =0 {geen activiteit} one {# activity} other {# activities}}"}[lang]
    assert msg.expand(text, lang, lambda name: n) == expected


def test_plural_category_follows_babel_for_both_languages():
    assert [msg.plural_category(n, "nl") for n in (0, 1, 2, 1.5)] == ["other", "one", "other", "other"]
    assert [msg.plural_category(n, "en") for n in (0, 1, 2)] == ["other", "one", "other"]


@pytest.mark.parametrize("value, expected", [
    ("3", "{n} stuks"),  # not a number (once a TypeError): the other branch
    (1.5, "{n} stuks"),
    (Fraction(3, 2), "{n} stuks"),  # Babel read 3/2 as 'one'
    (1, "{n} stuk"),
])
def test_plural_of_a_value_that_is_no_whole_number(value, expected):
    assert msg.expand("{n, plural, one {# stuk} other {# stuks}}", "nl", {"n": value}.get) == expected


def test_select_nests_and_keeps_placeholders_and_escapes():
    text = ("{{literal}} {ok, select, true {klaar} false {nog {n, plural, one {# punt} other {# punten}} in {x}}"
            " other {?}}")
    values = {"ok": False, "n": 1}
    assert msg.expand(text, "nl", values.get) == "{{literal}} nog {n} punt in {x}"
    assert msg.expand(text, "nl", {"ok": True}.get) == "{{literal}} klaar"
    assert msg.expand(text, "nl", {}.get) == "{{literal}} ?"  # unknown value: the other branch
    assert msg.names(text) == ["ok", "n", "x"]
    assert msg.expand("{round, select, 1 {eerste} other {latere}}", "nl", {"round": 1}.get) == "eerste"


@pytest.mark.parametrize("text, words", [
    ("{n, plural, one {# a}}", "needs an 'other' branch"),
    ("{n, plural, one {# a} one {# b} other {c}}", "branch 'one' appears twice"),
    ("{n, plural, few2 {# a} other {b}}", "'few2' is not a plural branch"),
    ("{n, plural, one # a other {b}}", "expected a branch"),
    ("{n, plural, one {# a} other {b}", "unclosed '{'"),
])
def test_malformed_choice_is_refused_with_the_reason(text, words):
    with pytest.raises(msg.MessageError, match=re.escape(words)):
        msg.names(text)


# ---------------------------------------------------------------- every message, every count

HEDGES = [
    re.compile(r"\((s|en|n|e)\)"),  # partner(s), activiteit(en)
    re.compile(r"\b[a-zà-ÿ]{3,}/[a-zà-ÿ]{3,}\b"),  # mijlpaal/mijlpalen
    re.compile(r"\bof -[a-z]"),  # basisschool of -scholen
    re.compile(r"[#{}]"),  # an unexpanded plural or placeholder
]
NL_PLURAL_NOUNS = ("activiteiten|kostenregels|bronnen|vmbo-scholen|scholen|basisscholen|partners|kernpartners|"
                   "mbo-instellingen|mijlpalen|leden|doelen|hoofddoelen|opleidingen|jaren")
NL_SINGULAR_NOUNS = ("activiteit|kostenregel|bron|vmbo-school|school|basisschool|partner|kernpartner|mbo-instelling|"
                     "mijlpaal|lid|doel|hoofddoel|opleiding|aanbod")
EN_PLURAL_NOUNS = "activities|lines|sources|schools|institutions|partners|milestones|members|years|offers|hours"
EN_SINGULAR_NOUNS = "activity|line|source|school|institution|partner|milestone|member|year|offer|hour"
CLAUSE = r"(?:(?!(?:en|and|of|or|die|that)\b)[^\s.,;:()]+ ){0,6}?"  # up to six words of one clause
NL_MOD = r"(?:(?:nog|kleine?|technische) )?"  # words that may stand between a number and its noun
EN_MOD = r"(?:(?:more|cost|vmbo|mbo|business|primary|regional|small|core) ){0,2}"
WRONG = {
    ("nl", 1): [rf"\b1 {NL_MOD}(?:{NL_PLURAL_NOUNS})\b",
                r"\b(?:doen|zijn|hebben) (?:maar )?1\b",
                rf"\b1 {CLAUSE}(?:doen|zijn|hebben|horen|dragen|blijven|ontbreken)\b"],
    ("nl", 0): [rf"\b0 {NL_MOD}(?:{NL_SINGULAR_NOUNS})\b",
                r"\b(?:doet|is|heeft) (?:maar )?0\b"],
    ("nl", 2): [rf"\b2 {NL_MOD}(?:{NL_SINGULAR_NOUNS})\b",
                r"\b(?:doet|is|heeft) (?:maar )?2\b",
                rf"\b2 {CLAUSE}(?:doet|is|heeft|hoort|draagt|blijft|ontbreekt)\b"],
    ("en", 1): [rf"\b1 {EN_MOD}(?:{EN_PLURAL_NOUNS})\b",
                rf"\b1 {CLAUSE}(?:are|have|take|belong|serve)\b"],
    ("en", 0): [rf"\b0 {EN_MOD}(?:{EN_SINGULAR_NOUNS})\b"],
    ("en", 2): [rf"\b2 {EN_MOD}(?:{EN_SINGULAR_NOUNS})\b",
                rf"\b2 {CLAUSE}(?:is|has|takes|belongs|serves)\b"],
}
ASSUMED = {"nl": " Deze regel berust op een aanname en leidt daarom niet tot afwijzing: de commissie beoordeelt dit.",
           "en": " This rule rests on an assumption, so it cannot reject: the committee reviews it."}
# What a non-count placeholder shows: words without the digits 0, 1 and 2 standing alone.
SAMPLE = {"money": "€ 5.000", "share": "9,99%", "day": "3 maart 2019", "minutes": "4 uur", "year": "2023",
          "enum": "technical", "bool": "nee", "items": "activiteit A7 (Techniekhuis)",
          "where": "activiteit A7 (Techniekhuis, activities[3])", "fields": "activities[3].owner"}


def _texts(rule):
    spec = rule.spec
    out = [("pass", spec.messages.pass_), ("fail", spec.messages.fail)]
    if spec.messages.not_applicable is not None:
        out.append(("not_applicable", spec.messages.not_applicable))
    out.append(("remediation", spec.remediation.message))
    return out


def _unit(name, rule, book):
    if name in CATALOGUE[PLAN]:
        return CATALOGUE[PLAN][name].unit
    if rule.spec.for_each and name in CATALOGUE[rule.spec.for_each]:
        return CATALOGUE[rule.spec.for_each][name].unit
    if name in book.parameters:
        return book.parameters[name].unit
    if name == "gap":
        return rule.spec.remediation.unit
    return name  # items, where, fields, count


def _renderings(rule, book, text, lang):
    """(values, rendered) for every combination of counts 0/1/2 and yes/no of the message's placeholders."""
    counts = _count_names(rule.spec, book.parameters)
    names = list(dict.fromkeys(msg.names(text)))
    choices = []
    for name in names:
        unit = _unit(name, rule, book)
        if name in counts:
            choices.append([0, 1, 2])
        elif unit == "bool":
            choices.append([True, False])
        elif unit == "enum":
            choices.append(list(CATALOGUE[PLAN][name].values))
        else:
            choices.append([SAMPLE.get(unit, SAMPLE.get(name, "X"))])
    for combo in itertools.product(*choices):
        values = dict(zip(names, combo))
        template = msg.expand(text, lang, values.get)
        shown = {k: (("ja" if v else "nee") if lang == "nl" else ("yes" if v else "no")) if isinstance(v, bool)
                 else str(v) for k, v in values.items()}
        yield values, template.format_map(shown)


def _problems(rendered: str, values: dict, lang: str) -> list[str]:
    found = [p.pattern for p in HEDGES if p.search(rendered)]
    for n in {v for v in values.values() if type(v) is int}:
        found += [p for p in WRONG[(lang, n)] if re.search(p, rendered)]
    return found


def test_every_message_of_every_rule_agrees_with_its_counts():
    rendered_count = 0
    problems = []
    seen = set()
    for book in load_library().books:
        for rule in book.rules:
            for kind, loc in _texts(rule):
                for lang in ("nl", "en"):
                    text = getattr(loc, lang)
                    if (rule.id, kind, lang, text) in seen:
                        continue
                    seen.add((rule.id, kind, lang, text))
                    for values, rendered in _renderings(rule, book, text, lang):
                        rendered_count += 1
                        if kind == "fail" and rule.assumed:
                            rendered += ASSUMED[lang]  # the needs-review form of the message
                        bad = _problems(rendered, values, lang)
                        if bad:
                            problems.append(f"{book.ref} {rule.id} {kind}.{lang} {values}: {rendered!r} ({bad[0]})")
    assert not problems, "\n".join(problems[:20])
    assert rendered_count > 500


@pytest.mark.parametrize("rendered, values, lang", [
    ("Er doen 1 vmbo-scholen met een technisch profiel mee.", {"n": 1}, "nl"),
    ("1 kostenregels zonder toelichting.", {"n": 1}, "nl"),
    ("De arbeidsmarktanalyse noemt 1 bronnen.", {"n": 1}, "nl"),
    ("1 partner(s) hebben niet getekend.", {"n": 1}, "nl"),
    ("1 activiteit hebben geen eigenaar.", {"n": 1}, "nl"),
    ("Neem 1 basisschool of -scholen op.", {"n": 1}, "nl"),
    ("2 mijlpaal/mijlpalen zonder datum.", {"n": 2}, "nl"),
    ("Er doet 2 mbo-instelling mee.", {"n": 2}, "nl"),
    ("Add 1 more vmbo schools.", {"n": 1}, "en"),
    ("2 activity has no owner.", {"n": 2}, "en"),
])
def test_the_sweep_would_catch_the_old_wording(rendered, values, lang):
    assert _problems(rendered, values, lang)


# ---------------------------------------------------------------- every failing rule tells how to pass


@pytest.fixture(scope="module")
def assessor() -> Assessor:
    return Assessor()


def test_every_failing_finding_has_a_remediation_naming_plan_fields(assessor):
    """Synthetic plans with defects, under every version: each rule that fails (or needs review on an
    assumed basis) carries a remediation with the fields to change, in both languages."""
    plans = list(generate_plans(30, seed=13, defect_rate=0.5))
    failing_rules = set()
    for book in assessor.library.books:
        compiled = assessor.compiled(book)
        ruleset = ruleset_for(compiled)
        for i, data in enumerate(plans):
            plan = load_plan_text(json.dumps(data, ensure_ascii=False, default=str).encode(), f"p{i}.json").plan
            facts = derive_facts(plan)
            for finding in build_findings(book, compiled, facts,
                                          ruleset.evaluate(facts.engine_facts(compiled.item_types))):
                f = finding.to_json()
                if f["reason"] not in ("engine_fail", "assumed_basis"):
                    continue
                failing_rules.add(f["rule_id"])
                rem = f["remediation"]
                assert rem is not None, (book.ref, f["rule_id"])
                assert rem["fields"] and rem["message"]["nl"] and rem["message"]["en"], (book.ref, f["rule_id"])
                assert rem["message"]["nl"] != rem["message"]["en"]
                if f["violations"]:  # item rules point at each failing item's place in the plan
                    for v in f["violations"]:
                        place = v["pointer"].strip("/").replace("/", ".")
                        assert any(re.sub(r"\[(\d+)\]", r".\1", fld).startswith(place) for fld in rem["fields"])
    assert len(failing_rules) >= 15, sorted(failing_rules)


def test_assess_verbose_shows_the_remediation_of_a_failing_example(capsys):
    """`sto assess -v` of a failing example plan: every failing rule's remediation is printed."""
    import cli

    code = cli.main(["assess", "-v", "--format", "json", str(EXAMPLES / "onvoldoende-partners.yaml")])
    verdict = json.loads(capsys.readouterr().out)
    code = cli.main(["assess", "-v", str(EXAMPLES / "onvoldoende-partners.yaml")])
    text = capsys.readouterr().out
    assert code != 0 or verdict["outcome"] == "ineligible"
    part01 = next(f for f in verdict["findings"] if f["rule_id"] == "PART-01")
    assert part01["status"] == "fail"
    assert part01["remediation"]["fields"] == ["partners"]
    assert ("→ Zo voldoet het plan: Neem nog 1 vmbo-school met een technisch profiel (eigen BRIN-nummer) op als "
            "partner: in de partnerlijst (partners)") in text
    failing = [f for f in verdict["findings"] if f["status"] == "fail"]
    assert failing
    for f in failing:
        assert f["remediation"]["message"]["nl"] in text


def test_placeholder_names_equal_the_formatter_for_plain_messages():
    """A message without plural or select is parsed exactly as str.format parses it."""
    for book in load_library().books:
        for rule in book.rules:
            for _, loc in _texts(rule):
                for lang in ("nl", "en"):
                    text = getattr(loc, lang)
                    if not msg.has_choice(text):
                        assert msg.names(text) == [n for _, n, _, _ in string.Formatter().parse(text) if n is not None]


# ---------------------------------------------------------------- letters: counts and remediations


@pytest.mark.parametrize("weeks, nl, en", [(1, "Eén week na de datum van deze brief valt op 13 juli 2019 (zaterdag)",
                                            "One week after the date of this letter falls on 13 July 2019 (Saturday)"),
                                           (2, "2 weken na de datum van deze brief valt op 20 juli 2019 (zaterdag)",
                                            "2 weeks after the date of this letter falls on 20 July 2019 (Saturday)")])
def test_aanvulling_letter_counts_its_weeks(assessor, tmp_path, weeks, nl, en):
    """A term of N weeks from a Saturday ends on a Saturday: the letter says so, counted, and moves it."""
    import datetime as dt

    from engine.letters import load_config, render_letter
    from engine.store import open_store
    from tests.letter_cases import INCOMPLETE, dossier, prescreen

    with open_store(f"sqlite:///{tmp_path / 'audit.sqlite'}") as store:
        verdict, case = dossier(store, prescreen(store, INCOMPLETE, assessor).id)
    config = load_config().model_copy(update={"aanvulling_weeks": weeks})
    saturday = dt.date(2019, 7, 6)
    for lang, words in (("nl", nl), ("en", en)):
        text = " ".join(render_letter(verdict, kind="aanvulling", lang=lang, config=config, dossier=case,
                                      letter_date=saturday).text.split())
        assert words in text


def test_beschikking_gives_every_failing_rule_its_remediation_without_field_paths(assessor, tmp_path):
    """The letter's 'Handvat ter verbetering' is the rule's remediation, not the rule's title again,
    and speaks of the plan, not of its file: the field paths are left out."""
    from engine.letters import md_escape, render_letter
    from engine.store import open_store
    from tests.letter_cases import decided

    with open_store(f"sqlite:///{tmp_path / 'audit.sqlite'}") as store:
        verdict, case = decided(store, EXAMPLES / "begroting-zonder-onderbouwing.yaml", assessor, "negative")
    text = " ".join(render_letter(verdict, kind="beschikking", dossier=case).text.split())
    failing = [f for f in verdict.findings if f.status == "fail"]
    assert failing
    for f in failing:
        assert f.remediation, f.rule_id
        assert "Handvat ter verbetering" in text
    assert "zorg dat het plan voldoet aan de eis" not in text
    assert "pas de genoemde onderdelen aan" not in text
    assert md_escape("kostenregel K01") in text and "budget.cost_lines" not in text
    assert "cost\\_lines" not in text


def test_command_texts_count_with_the_same_syntax():
    assert msg.render("{n, plural, one {# versie is} other {# versies zijn}} geldig", "nl", n=1) == "1 versie is geldig"
    assert msg.render("{n, plural, one {# versie is} other {# versies zijn}} geldig", "nl", n=7) == "7 versies zijn geldig"
    assert msg.render("({n, plural, one {# record} other {# records}} checked)", "en", n=1) == "(1 record checked)"


DUTCH_HEDGE = re.compile(r"\b(?:versie|bestand|record|regel|combinatie|rekenproces|activiteit|kostenregel|"
                         r"partner|mijlpaal|basisschool|school|bron|week|plan)\((?:s|en|sen|nen)\)|mijlpaal/mijlpalen|"
                         r"of -scholen")


def test_no_dutch_count_hedges_in_the_code_and_texts_people_read():
    files = [ROOT / "cli.py", *(ROOT / "engine").rglob("*.py"), *(ROOT / "templates").rglob("*.j2"),
             *(ROOT / "templates").rglob("*.yaml"), *(ROOT / "rulebooks").rglob("*.yaml")]
    found = [f"{path.relative_to(ROOT)}:{i}: {line.strip()}" for path in files
             for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if DUTCH_HEDGE.search(line)]
    assert not found, "\n".join(found)

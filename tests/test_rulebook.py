"""Rulebook loading: the real rulebook is valid, and every kind of broken rulebook is refused
with an error naming the file and, where it applies, the rule."""
from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from engine.errors import RulebookError, VersionSelectionError
from engine.rulebook import load_library
from engine.rulebook.expressions import ExpressionError, Scope, parse_condition, render
from engine.rules import compile_rulebook

ROOT = Path(__file__).resolve().parents[1]
ORIGINAL = ROOT / "rulebooks" / "sto-2020-2023" / "2018-09-13.yaml"
BIBLIOGRAPHY = ROOT / "rulebooks" / "bronnen.yaml"


def _base() -> dict:
    return yaml.safe_load(ORIGINAL.read_text(encoding="utf-8"))


def _write(root: Path, data: dict, rid: str | None = None, version: str | None = None) -> Path:
    rid = rid or data["id"]
    version = version or data["version"]
    folder = root / rid
    folder.mkdir(parents=True, exist_ok=True)
    if not (root / "bronnen.yaml").exists():
        shutil.copy(BIBLIOGRAPHY, root / "bronnen.yaml")
    path = folder / f"{version}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _rule(data: dict, rule_id: str) -> dict:
    return next(r for r in data["rules"] if r["id"] == rule_id)


def test_real_rulebooks_load_and_compile():
    lib = load_library()
    assert lib.books, "no rulebooks found"
    for book in lib.books:
        compiled = compile_rulebook(book)
        families = {r.spec.family.value for r in book.rules}
        assert families == {"eligibility", "partner_composition", "concreteness", "financial", "organisation"}
        # pass + fail per rule (+ not-applicable where the rule has applies_when)
        assert len(compiled.ruleset) == sum(3 if r.applies else 2 for r in book.rules)
        assert all(r.spec.basis.source and r.spec.basis.section for r in book.rules)


def test_assumed_rules_are_marked_and_parameters_cited():
    book = load_library().get("sto-2020-2023@2018-09-13")
    assumed = {r.id for r in book.rules if r.assumed}
    assert {"PART-05", "ACT-05", "FIN-05", "FIN-06", "FIN-01", "PART-08", "ELIG-08"} <= assumed
    assert book.parameters["rate_bbkb_four_years"].spec.basis.confidence.value == "assumed"
    assert book.parameters["rate_bbkb_four_years"].engine_value == 1_589_500  # € 15.895 for the four years
    assert book.parameters["rate_gl_four_years"].engine_value == 794_750
    assert book.parameters["min_cofinancing_share"].engine_value == 1000  # 10% in basis points


def test_content_hash_is_stable_and_sensitive(tmp_path):
    data = _base()
    _write(tmp_path / "a", data)
    changed = copy.deepcopy(data)
    changed["parameters"]["min_cofinancing_share"]["value"] = 11
    _write(tmp_path / "b", changed)
    a1, a2 = load_library(tmp_path / "a").books[0], load_library(tmp_path / "a").books[0]
    b = load_library(tmp_path / "b").books[0]
    assert a1.sha256 == a2.sha256
    assert a1.sha256 != b.sha256
    assert compile_rulebook(a1).name != compile_rulebook(b).name


@pytest.mark.parametrize("mutate, rule, words", [
    (lambda d: _rule(d, "FIN-04").update(condition="cofinancing_shar_bp >= min_cofinancing_share"),
     "FIN-04", "unknown fact or parameter 'cofinancing_shar_bp'"),
    (lambda d: _rule(d, "PART-01").update(condition="technical_vmbo_school_count >= min_schools"),
     "PART-01", "unknown fact or parameter 'min_schools'"),
    (lambda d: _rule(d, "FIN-04").update(condition="cofinancing_business_cents >= spending_end"),
     "FIN-04", "compares money with day"),
    (lambda d: _rule(d, "ORG-01").update(condition="has_project_leader >= 1"),
     "ORG-01", "yes/no"),
    (lambda d: _rule(d, "ELIG-02").update(condition='region_kind == "urban"'),
     "ELIG-02", "not a value of region_kind"),
    (lambda d: _rule(d, "FIN-08").update(condition="requested_total_cents <= total_cost_cents / 2"),
     "FIN-08", "no division"),
    (lambda d: _rule(d, "ACT-01").update(severity="fatal"), "ACT-01", "severity"),
    (lambda d: _rule(d, "FIN-04")["messages"]["fail"].update(nl="Aandeel {cofinancing_shares_bp}"),
     "FIN-04", "unknown placeholder {cofinancing_shares_bp}; did you mean {cofinancing_share_bp}?"),
    (lambda d: _rule(d, "FIN-04")["remediation"]["message"].update(en="Add {gap} ({total_costs_cents})"),
     "FIN-04", "remediation.message.en uses unknown placeholder {total_costs_cents}; did you mean {total_cost_cents}?"),
    # every rule tells how to pass: a rule without a remediation is refused
    (lambda d: _rule(d, "ORG-03").pop("remediation"), "ORG-03", "the rule has no remediation"),
    (lambda d: _rule(d, "ORG-03")["remediation"].update(fields=[]), "ORG-03", "remediation/fields"),
    (lambda d: _rule(d, "ORG-03")["remediation"].update(fields=["organisation.monitorin"]),
     "ORG-03", "'monitorin' is not a field of organisation; did you mean 'monitoring'?"),
    (lambda d: _rule(d, "PART-05")["remediation"].update(fields=["partners.cooperation_agreement"]),
     "PART-05", "'partners' is a list: write 'partners[]'"),
    (lambda d: _rule(d, "PART-05")["remediation"].update(fields=["activities[].owner"]),
     "PART-05", "is not a field of the rule's partner items (they are partners[])"),
    (lambda d: _rule(d, "ORG-03")["remediation"].update(gap="1"), "ORG-03", "'gap' and 'unit' go together"),
    (lambda d: _rule(d, "PART-05")["remediation"]["message"].update(nl="Laat {where} tekenen ({gap})."),
     "PART-05", "remediation.message.nl uses unknown placeholder {gap}"),
    (lambda d: _rule(d, "ORG-03")["remediation"]["message"].update(nl="Beschrijf het ({where})."),
     "ORG-03", "remediation.message.nl uses unknown placeholder {where}"),
    # counts in messages: a plural needs a count and an 'other' branch, and must parse
    (lambda d: _rule(d, "ELIG-03")["messages"]["pass"].update(
        nl="{activity_count, plural, one {# activiteit}} in het plan."),
     "ELIG-03", "messages.pass.nl: {activity_count, plural, ...} needs an 'other' branch"),
    (lambda d: _rule(d, "FIN-04")["messages"]["pass"].update(
        nl="{total_cost_cents, plural, one {# euro} other {# euro}}."),
     "FIN-04", "{total_cost_cents, plural, ...} needs a count, and total_cost_cents is not one"),
    (lambda d: _rule(d, "ELIG-03")["messages"]["fail"].update(
        en="{activity_count, plural, one {# activity} several {# activities}}."),
     "ELIG-03", "'several' is not a plural branch"),
    (lambda d: _rule(d, "ELIG-03")["messages"]["fail"].update(
        en="{activity_count, plural, one {# activity} other {# activities}."),
     "ELIG-03", "unclosed '{'"),
    (lambda d: _rule(d, "ELIG-03")["messages"]["fail"].update(
        en="{activity_counts, plural, one {# activity} other {# activities}}."),
     "ELIG-03", "unknown placeholder {activity_counts}; did you mean {activity_count}?"),
    (lambda d: _rule(d, "ACT-01").pop("basis"), "ACT-01", "basis"),
    (lambda d: _rule(d, "ACT-02").update(condition='plan.region_kind == "technical"'),
     "ACT-02", "must read a field of the activity"),
    (lambda d: _rule(d, "ACT-02").update(condition="objective_count >= 1 and cofinancing_share_bp >= 1"),
     "ACT-02", "optional plan facts"),
])
def test_broken_rule_is_refused_naming_file_and_rule(tmp_path, mutate, rule, words):
    data = _base()
    mutate(data)
    path = _write(tmp_path, data)
    with pytest.raises(RulebookError) as err:
        load_library(tmp_path)
    assert err.value.rule == rule
    assert err.value.file == str(path)
    assert words in str(err.value)
    _dutch_first(err.value)


def test_duplicate_rule_id_is_refused(tmp_path):
    data = _base()
    data["rules"].append(copy.deepcopy(_rule(data, "FIN-04")))
    _write(tmp_path, data)
    with pytest.raises(RulebookError, match="duplicate rule id 'FIN-04'"):
        load_library(tmp_path)


def test_unused_parameter_is_refused(tmp_path):
    data = _base()
    data["parameters"]["forgotten"] = copy.deepcopy(data["parameters"]["min_mbo_institutions"])
    _write(tmp_path, data)
    with pytest.raises(RulebookError, match="forgotten"):
        load_library(tmp_path)


def test_malformed_yaml_names_line(tmp_path):
    folder = tmp_path / "sto-2020-2023"
    folder.mkdir()
    text = ORIGINAL.read_text(encoding="utf-8").replace("rules:\n", "rules:\n  - id: [unclosed\n", 1)
    (folder / "2018-09-13.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RulebookError, match=r"not valid YAML at line \d+"):
        load_library(tmp_path)


def _child(version: str, valid_from: str, extends: str | None = "2018-09-13", **extra) -> dict:
    data = {"id": "sto-2020-2023", "version": version, "title": f"wijziging {version}",
            "legal_source": {"citation": "Stcrt. test", "kind": "amendment"},
            "valid_from": dt.date.fromisoformat(valid_from), "valid_to": None, "extends": extends}
    data.update(extra)
    return data


def test_extends_overrides_parameters_and_rules_and_selection_by_date(tmp_path):
    base = _base()
    base["valid_to"] = dt.date(2019, 2, 26)
    _write(tmp_path, base)
    child = _child("2019-02-27", "2019-02-27",
                   parameters={"min_cofinancing_share": {**base["parameters"]["min_cofinancing_share"], "value": 7.5}},
                   rules=[{"id": "ORG-04", "severity": "assessment"}])
    _write(tmp_path, child)
    lib = load_library(tmp_path)
    old, new = lib.get("sto-2020-2023@2018-09-13"), lib.get("sto-2020-2023@2019-02-27")
    assert new.parameters["min_cofinancing_share"].engine_value == 750
    assert old.parameters["min_cofinancing_share"].engine_value == 1000
    assert new.rule("ORG-04").spec.severity.value == "assessment"
    assert new.rule("ORG-04").spec.condition == old.rule("ORG-04").spec.condition  # merged, not replaced
    assert lib.in_force(dt.date(2019, 2, 26)) is old
    assert lib.in_force(dt.date(2019, 2, 27)) is new
    with pytest.raises(VersionSelectionError, match="no rulebook version is in force on 2018-01-01"):
        lib.in_force(dt.date(2018, 1, 1))
    with pytest.raises(VersionSelectionError, match="unknown rulebook version"):
        lib.get("sto-2020-2023@1999-01-01")


def test_gap_between_versions_is_refused(tmp_path):
    base = _base()
    base["valid_to"] = dt.date(2019, 2, 20)
    _write(tmp_path, base)
    _write(tmp_path, _child("2019-02-27", "2019-02-27"))
    with pytest.raises(RulebookError, match="gap between") as err:
        load_library(tmp_path)
    _dutch_first(err.value)


def test_overlapping_versions_are_refused(tmp_path):
    base = _base()
    base["valid_to"] = dt.date(2019, 3, 10)
    _write(tmp_path, base)
    _write(tmp_path, _child("2019-02-27", "2019-02-27"))
    with pytest.raises(RulebookError, match="overlaps") as err:
        load_library(tmp_path)
    _dutch_first(err.value)


def test_open_ended_version_followed_by_another_overlaps(tmp_path):
    base = _base()
    base["valid_to"] = None
    _write(tmp_path, base)
    _write(tmp_path, _child("2019-02-27", "2019-02-27"))
    with pytest.raises(RulebookError, match="overlaps") as err:
        load_library(tmp_path)
    _dutch_first(err.value)


def test_extends_unknown_version_is_refused(tmp_path):
    base = _base()
    base["valid_to"] = dt.date(2019, 2, 26)
    _write(tmp_path, base)
    _write(tmp_path, _child("2019-02-27", "2019-02-27", extends="2017-01-01"))
    with pytest.raises(RulebookError, match="extends version '2017-01-01', which does not exist") as err:
        load_library(tmp_path)
    _dutch_first(err.value)


def test_file_name_must_match_version(tmp_path):
    data = _base()
    _write(tmp_path, data, version="2018-09-14")
    with pytest.raises(RulebookError, match="name the file 2018-09-13.yaml"):
        load_library(tmp_path)


def test_condition_language_normalises_and_negates():
    scope = Scope(None, {"min_x": (2, "count")})
    c = parse_condition("min_x <= technical_vmbo_school_count", scope)
    assert render(c) == "technical_vmbo_school_count >= min_x"
    chained = parse_condition("1 <= mbo_count <= 3", scope)
    assert render(chained) == "(mbo_count >= 1 and mbo_count <= 3)"
    assert render(parse_condition("not has_project_leader", scope)) == "has_project_leader != true"
    assert render(parse_condition('region_kind in ["technical", "low_technical"]', scope)) == \
        '(region_kind == "technical" or region_kind == "low_technical")'
    with pytest.raises(ExpressionError):
        parse_condition("__import__('os')", scope)
    with pytest.raises(ExpressionError):
        parse_condition("mbo_count >= 1 if True else False", scope)


def test_in_needs_a_fact_on_one_side_like_a_comparison():
    scope = Scope(None, {})
    # once a crash (AttributeError) instead of the rulebook author's error
    with pytest.raises(ExpressionError, match="one side of each comparison must be a single fact"):
        parse_condition("true in [1]", scope)
    assert render(parse_condition('"technical" in [region_kind]', scope)) == 'region_kind == "technical"'


def test_rulebook_folder_missing_is_clear(tmp_path):
    with pytest.raises(RulebookError, match="rulebook folder not found"):
        load_library(tmp_path / "nope")
    shutil.rmtree(tmp_path, ignore_errors=True)


# ---------------------------------------------------------------- sources: the bibliography


@pytest.mark.parametrize("mutate, rule, words", [
    (lambda d: _rule(d, "FIN-04")["basis"].update(source="seo-2020-achtergrondschets-sto.md"),
     "FIN-04", "basis/source 'seo-2020-achtergrondschets-sto.md' is not in rulebooks/bronnen.yaml"),
    (lambda d: _rule(d, "FIN-04")["basis"].update(source="seo-2021"), "FIN-04", "did you mean 'seo-2020'?"),
    (lambda d: _rule(d, "ACT-01")["basis"].update(source="eigen-lezing"),
     "ACT-01", "our own reading, so its confidence must be assumed"),
    (lambda d: _rule(d, "ACT-01")["basis"].update(section="zie kamerbrief-2021-voortgang-sto.txt"),
     "ACT-01", "basis/section names a file"),
    (lambda d: _rule(d, "ACT-01")["basis"].update(citation="Zelf geschreven"),
     "ACT-01", "basis/citation is filled in from rulebooks/bronnen.yaml"),
    # a verified rule reading an assumed parameter: what the original FIN-01 (rounding tolerance) did
    (lambda d: _rule(d, "FIN-01")["basis"].update(confidence="verified"),
     "FIN-01", "reads parameter(s) ['cost_rounding_tolerance'], whose basis is assumed"),
    (lambda d: d["parameters"]["min_cofinancing_share"]["basis"].update(confidence="assumed"),
     "FIN-04", "reads parameter(s) ['min_cofinancing_share'], whose basis is assumed"),
])
def test_a_basis_must_cite_the_bibliography_and_not_overstate(tmp_path, mutate, rule, words):
    data = _base()
    mutate(data)
    path = _write(tmp_path, data)
    with pytest.raises(RulebookError) as err:
        load_library(tmp_path)
    assert err.value.rule == rule and err.value.file == str(path)
    assert words in str(err.value)
    assert "rulebooks/bronnen.yaml" in str(err.value) or "assumed" in str(err.value)
    _dutch_first(err.value)


def _dutch_first(error: RulebookError) -> None:
    from engine.errors_nl import UNKNOWN_TEXT, render_error

    text = render_error(error)
    assert "fout in het regelboek" not in text and UNKNOWN_TEXT not in text, text


def test_parameter_and_schedule_sources_are_checked_too(tmp_path):
    data = _base()
    data["parameters"]["min_mbo_institutions"]["basis"]["source"] = "drenthe-2018.txt"
    _write(tmp_path, data)
    with pytest.raises(RulebookError, match="parameters/min_mbo_institutions/basis/source 'drenthe-2018.txt'"):
        load_library(tmp_path)
    data = _base()
    data["schedule"]["final_report_due"]["basis"]["source"] = "nergens"
    _write(tmp_path, data)
    with pytest.raises(RulebookError, match="schedule/final_report_due/basis/source 'nergens'"):
        load_library(tmp_path)


def test_the_bibliography_is_required_and_checked(tmp_path):
    _write(tmp_path, _base())
    (tmp_path / "bronnen.yaml").unlink()
    with pytest.raises(RulebookError, match="bibliography not found") as err:
        load_library(tmp_path)
    _dutch_first(err.value)
    bib = yaml.safe_load(BIBLIOGRAPHY.read_text(encoding="utf-8"))
    bib["sources"]["seo-2020"]["citation"] = "seo-2020-achtergrondschets-sto.md"
    (tmp_path / "bronnen.yaml").write_text(yaml.safe_dump(bib, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulebookError, match="sources/seo-2020/citation looks like a file name") as err:
        load_library(tmp_path)
    _dutch_first(err.value)
    bib["sources"]["seo-2020"]["citation"] = "Achtergrondschets"
    bib["sources"]["seo-2020"]["kind"] = "blog"
    (tmp_path / "bronnen.yaml").write_text(yaml.safe_dump(bib, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulebookError, match="sources/seo-2020/kind"):
        load_library(tmp_path)


def _bases(book):
    yield from ((f"{book.ref} {r.id}", r.spec.basis) for r in book.rules)
    yield from ((f"{book.ref} {n}", p.spec.basis) for n, p in book.parameters.items())
    yield from ((f"{book.ref} {n}", e.basis) for n, e in book.schedule.items())


def test_every_basis_of_every_real_rulebook_carries_a_citation_and_no_file_name():
    from engine.rulebook.bibliography import FILE_LIKE

    lib = load_library()
    for book in lib.books:
        for where, basis in _bases(book):
            assert basis.source in lib.sources, where
            assert basis.citation == lib.sources[basis.source].citation, where
            for text in (basis.section, basis.note or "", basis.quote or "", basis.citation):
                assert not FILE_LIKE.search(text), (where, text)
        assert book.legal_source.source in lib.sources, book.ref
        assert not FILE_LIKE.search(book.legal_source.citation), book.ref
    for src in lib.sources.values():
        assert not FILE_LIKE.search(src.citation)
    # own readings are never verified anywhere
    own = [w for b in lib.books for w, basis in _bases(b)
           if lib.sources[basis.source].kind == "own_reading" and basis.confidence.value != "assumed"]
    assert not own


def test_docs_bronnen_is_generated_from_the_bibliography():
    from engine.rulebook.bibliography import load_bibliography, render_markdown

    expected = render_markdown(load_bibliography(ROOT / "rulebooks"))
    assert (ROOT / "docs" / "bronnen.md").read_text(encoding="utf-8") == expected, (
        "docs/bronnen.md is out of date: python -m engine.rulebook bronnen > docs/bronnen.md")
    for sid in load_bibliography(ROOT / "rulebooks"):
        assert f"### `{sid}`" in expected


def _validate(root: Path, capsys, *lang: str) -> str:
    import cli

    capsys.readouterr()
    assert cli.main([*lang, "--rulebooks", str(root), "rulebooks", "validate"]) == 2
    return capsys.readouterr().err


def test_a_rulebook_error_reads_in_dutch_with_the_english_as_it_was(tmp_path, capsys, monkeypatch):
    """The loader's and the condition language's errors are worded by id: `sto rulebooks validate`
    prints the catalogue's Dutch first, --lang en the English as it was."""
    monkeypatch.delenv("STO_LANG", raising=False)
    data = _base()
    _rule(data, "FIN-04").update(condition="cofinancing_shar_bp >= min_cofinancing_share")
    path = _write(tmp_path / "a", data)
    err = _validate(tmp_path / "a", capsys)
    assert err.startswith(
        f"{path} (regel FIN-04): onbekend feit of onbekende parameter 'cofinancing_shar_bp' in 'cofinancing_shar_bp >= "
        "min_cofinancing_share' (geen feit van het plan en geen parameter); bedoelt u cofinancing_share_bp")
    assert "(English: unknown fact or parameter 'cofinancing_shar_bp' in 'cofinancing_shar_bp >= min_cofinancing_share' " \
           "(not a plan fact nor a parameter); did you mean cofinancing_share_bp" in err
    assert _validate(tmp_path / "a", capsys, "--lang", "en").startswith(
        f"{path} (rule FIN-04): unknown fact or parameter 'cofinancing_shar_bp' in 'cofinancing_shar_bp >= "
        "min_cofinancing_share' (not a plan fact nor a parameter); did you mean cofinancing_share_bp")

    base = _base()
    base["valid_to"] = dt.date(2019, 2, 20)
    _write(tmp_path / "b", base)
    child = _write(tmp_path / "b", _child("2019-02-27", "2019-02-27"))
    assert _validate(tmp_path / "b", capsys) == (
        f"{child}: gat tussen sto-2020-2023@2018-09-13 (tot 2019-02-20) en sto-2020-2023@2019-02-27 (vanaf 2019-02-27): "
        "de datums ertussen vallen onder geen enkele versie (English: gap between sto-2020-2023@2018-09-13 (until "
        "2019-02-20) and sto-2020-2023@2019-02-27 (from 2019-02-27): dates in between are covered by no version)\n"
        "  oplossing: laat sto-2020-2023@2019-02-27 beginnen op 2019-02-21 of laat sto-2020-2023@2018-09-13 later eindigen\n")
    assert _validate(tmp_path / "b", capsys, "--lang", "en") == (
        f"{child}: gap between sto-2020-2023@2018-09-13 (until 2019-02-20) and sto-2020-2023@2019-02-27 (from "
        "2019-02-27): dates in between are covered by no version\n"
        "  fix: start sto-2020-2023@2019-02-27 on 2019-02-21 or end sto-2020-2023@2018-09-13 later\n")

    data = _base()
    _rule(data, "ORG-03").pop("remediation")
    path = _write(tmp_path / "c", data)
    assert _validate(tmp_path / "c", capsys).startswith(
        f"{path} (regel ORG-03): de regel heeft geen remediëring: elke regel zegt een regio hoe die kan voldoen (English: "
        "the rule has no remediation: every rule tells a region how to pass)\n"
        "  oplossing: voeg 'remediation: {fields: [plan.field.path], message: {nl: ..., en: ...}}' toe")


def test_nested_reasons_are_dutch_too(tmp_path):
    """A message's plural that does not parse and a remediation field that is no field of the plan
    give their reason by id, so the Dutch has no English inside."""
    data = _base()
    _rule(data, "ELIG-03")["messages"]["fail"].update(en="{activity_count, plural, one {# activity} several {# x}}.")
    _write(tmp_path / "a", data)
    with pytest.raises(RulebookError) as err:
        load_library(tmp_path / "a")
    assert err.value.nl == ("messages.fail.en: {activity_count, plural, ...}: 'several' is geen meervoudstak (gebruik =N, "
                            "one of other) (schrijf een accolade als tekst als {{ of }})")
    assert err.value.message == ("messages.fail.en: {activity_count, plural, ...}: 'several' is not a plural branch (use =N, "
                                 "one or other) (write a literal brace as {{ or }})")
    data = _base()
    _rule(data, "ORG-03")["remediation"].update(fields=["organisation.monitorin"])
    _write(tmp_path / "b", data)
    with pytest.raises(RulebookError) as err:
        load_library(tmp_path / "b")
    assert err.value.nl == ("remediation.fields: 'organisation.monitorin': 'monitorin' is geen veld van organisation; "
                            "bedoelt u 'monitoring'?")
    assert err.value.nl_hint == "noem velden zoals in het plansjabloon (sto init), met punten, met [] na een lijst"

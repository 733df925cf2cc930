"""Errors in Dutch first: every problem the plan loader reports has a Dutch message, expected and
fix text; the CLI prints them with the file:line:column prefix and the English once in brackets,
and `--lang en` / STO_LANG=en gives the English messages alone."""
from __future__ import annotations

import json

import pytest
import yaml

import cli
from engine import errors_nl as nl
from engine.errors import InputError, Problem, RulebookError, StoError, VersionSelectionError
from engine.errors_nl import UNKNOWN_ERROR, UNKNOWN_PROBLEM, UNKNOWN_TEXT, render_error, render_input_error
from engine.i18n import both
from engine.plan import load_plan, load_plan_text
from tests.plans import FILLED_TEMPLATE, good_plan


def _replace(old: str, new: str, text: str = FILLED_TEMPLATE) -> str:
    assert text.count(old) == 1, f"template changed: {old!r} is not there exactly once"
    return text.replace(old, new)


def _yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _bad_plan() -> str:
    data = good_plan()
    data["partners"][0]["type"] = "school"
    data["submission"]["date"] = "15-03-2019"
    data["budget"]["cost_lines"][0]["amount"] = -5
    data["budget"]["cost_lines"][1]["amount"] = "veel"
    data["budget"]["cost_lines"][1]["quantity"] = 1.0005
    data["partners"][1]["brin"] = "XX12"
    data["partners"][2]["id"] = "1-m"
    data["partners"][2]["name"] = ""
    data["activities"][1]["id"] = "A1"
    data["region"]["extra"] = True
    data["partners"][0]["cooperation_agreement"]["signed"] = "ja"
    data["partners"][0]["cooperation_agreement"]["signed_on"] = "2019-02-30"
    data["regional_vision"]["student_forecast"][0]["year"] = 1900
    data["regional_vision"]["offer_decisions"] = {"partner": "v2"}
    data["organisation"]["steering_group"][0] = "A. de Vries"
    return _yaml(data)


# The broken inputs of tests/test_plan_errors.py and tests/test_plan_loader.py (and a few more).
BROKEN: list[tuple[str | bytes, str]] = [
    (_replace("  round: 1 ", '  round: "1" '), "plan.yaml"),
    (_replace("  round: 1 ", "  round: een "), "plan.yaml"),
    (_replace("  round: 1 ", "  round: 0 "), "plan.yaml"),
    (_replace("  kind: technical", "  knd: technical"), "plan.yaml"),
    (_replace("  kind: technical", "  kind: techniek"), "plan.yaml"),
    (_replace("  board: Stichting Zandstadscholen    #", "  board: 1234    #"), "plan.yaml"),
    (_replace("  board: Stichting Zandstadscholen    # naam van het bevoegd gezag\n", ""), "plan.yaml"),
    (_replace("    type: mbo\n", "    type: roc\n"), "plan.yaml"),
    (_replace("date: 2019-03-15", "date: 15-03-2019"), "plan.yaml"),
    (_replace("signed_on: 2019-02-20", "signed_on: 2019-02-30"), "plan.yaml"),
    (_replace("      amount: 100000 ", "      amount: -100000 "), "plan.yaml"),
    (_replace("    brin: 56EF\n", "    brin: ZZ99\n"), "plan.yaml"),
    (_replace("      year: 2020\n", "      year: 1900\n"), "plan.yaml"),
    (_replace("  - id: school-b\n", "  - id: school-a\n"), "plan.yaml"),
    (_replace("  name: Regio Zandstad", "  name: Regio Zandstad\n  name: Andere Regio"), "plan.yaml"),
    (_bad_plan(), "plan.yaml"),
    ('{"region": {"name": "a", "name": "b"}}', "plan.json"),
    ('{\n  "region": {\n    "name": "x",\n  }\n}\n', "plan.json"),
    ('{"region": ' + "9" * 5000 + "}", "plan.json"),
    ("[" * 100_000, "plan.json"),
    ('{"a": ' * 60 + "1" + "}" * 60, "plan.json"),
    ("region:\n  name: [Regio\nsubmission: x\n", "plan.yaml"),
    ("region: !!python/object/apply:os.system ['true']\n", "plan.yaml"),
    ("submission:\n  round: 1\nregion: !local value\n", "plan.yaml"),
    ("\n".join(['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
               + [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]), "plan.yaml"),
    ("region: &r [*r]\n", "plan.yaml"),
    ("a: " + "[" * 200 + "]" * 200, "plan.yaml"),
    ("a: " + "[" * 100_000, "plan.yaml"),
    ("region: {}\n---\nregion: {}\n", "plan.yaml"),
    ("region:\n  name: " + "9" * 5000 + "\n", "plan.yaml"),
    ("? [a]\n: b\n", "plan.yaml"),
    ("region: \ud800\n", "plan.yaml"),
    (b"region:\n  name: Caf\xe9\n", "plan.yaml"),
    (b"region: x\x00\n", "plan.yaml"),
    ("region:\n\tname: x\n", "plan.yaml"),
    ("region: *nergens\n", "plan.yaml"),
    ("region: x\x07\n", "plan.yaml"),
    ("", "plan.yaml"),
    ("# nog niets ingevuld\n", "plan.yaml"),
    ("- a\n- b\n", "plan.yaml"),
    ("gewoon tekst\n", "plan.yaml"),
    ("42\n", "plan.yaml"),
    (FILLED_TEMPLATE, "plan.yaml", ),  # with max_bytes below: too large
]


def _problems_of(text: str | bytes, source: str, **kw) -> list[Problem]:
    with pytest.raises(InputError) as err:
        load_plan_text(text, source, **kw)
    return err.value.problems


def _all_problems(tmp_path, monkeypatch) -> list[Problem]:
    problems = []
    for text, source in BROKEN[:-1]:
        problems += _problems_of(text, source)
    problems += _problems_of(BROKEN[-1][0], "plan.yaml", max_bytes=100)
    for path in (tmp_path / "nope.yaml", tmp_path):
        with pytest.raises(InputError) as err:
            load_plan(path)
        problems += err.value.problems
    monkeypatch.setenv("STO_MAX_PLAN_BYTES", "veel")
    problems += _problems_of(FILLED_TEMPLATE, "plan.yaml")
    return problems


def test_every_loader_problem_has_dutch_message_expected_and_fix(tmp_path, monkeypatch):
    problems = _all_problems(tmp_path, monkeypatch)
    assert len(problems) > 60
    untranslated = [("message", p.message) for p in problems if nl.problem_dutch(p) is None]
    untranslated += [("expected", p.expected) for p in problems if p.expected and nl.expected_nl(p) is None]
    untranslated += [("hint", p.hint) for p in problems if p.hint and nl.hint_nl(p) is None]
    assert not untranslated, f"word these by catalogue id (docs/design/messages.md): {untranslated}"
    for p in problems:
        rendered = render_input_error(InputError("plan.yaml", [p]))
        assert UNKNOWN_PROBLEM not in rendered and UNKNOWN_TEXT not in rendered, rendered
        assert rendered.count(f"(English: {p.message})") == 1
        if nl.problem_dutch(p) != p.message:  # the Dutch differs from the English (not merely copied)
            assert f": {nl.problem_dutch(p)} (English:" in rendered


def test_dutch_rendering_names_file_line_column_field_expected_found_and_fix():
    text = _replace("  round: 1 ", '  round: "1" ')
    with pytest.raises(InputError) as err:
        load_plan_text(text, "mijn-plan.yaml")
    line = _line_of(text, 'round: "1"')
    english = str(err.value)
    rendered = render_error(err.value)
    assert rendered.splitlines() == [
        "mijn-plan.yaml: 1 probleem gevonden",
        f"mijn-plan.yaml:{line}:3: hier hoort een geheel getal te staan (English: Input should be a valid integer)",
        "  veld:      /submission/round",
        "  verwacht:  een geheel getal",
        "  gevonden:  '1'",
        "  oplossing: haal de aanhalingstekens om de waarde weg",
    ]
    assert str(err.value) == english  # the English rendering is untouched


def test_dutch_rendering_of_several_problems_keeps_their_order_and_values():
    text = _replace("  kind: technical", "  knd: technical")
    with pytest.raises(InputError) as err:
        load_plan_text(text, "plan.yaml")
    rendered = render_error(err.value)
    assert rendered.startswith("plan.yaml: 2 problemen gevonden\n")
    missing, unknown = rendered.split("\nplan.yaml:")[1:]
    assert missing.startswith("9:1: het verplichte veld 'kind' ontbreekt (English: required field 'kind' is missing)")
    assert "  gevonden:  niets (het veld ontbreekt)" in missing
    assert "  oplossing: voeg hier 'kind:' toe; `sto init` toont elk veld met een voorbeeld" in missing
    assert unknown.startswith("11:3: onbekend veld 'knd' (English: unknown field 'knd')")
    assert "  veld:      /region/knd" in unknown and "  gevonden:  'technical'" in unknown
    assert "bedoelt u 'kind'?; toegestane velden hier: kind, name" in unknown


def _problem_at(data: dict, path: str) -> Problem:
    with pytest.raises(InputError) as err:
        load_plan_text(_yaml(data), "plan.yaml")
    [p] = [p for p in err.value.problems if p.path == path]
    return p


def test_dutch_for_dates_amounts_choices_and_patterns():
    """The plan model's refusals carry their Dutch (message, expected, found) from the catalogue."""
    data = good_plan()
    data["submission"]["date"] = "15-03-2019"
    date = _problem_at(data, "/submission/date")
    assert (date.message, date.nl) == ("expected a date written as YYYY-MM-DD, found '15-03-2019'",
                                       "verwacht een datum als JJJJ-MM-DD, gevonden: '15-03-2019'")
    assert date.nl_expected == "een datum als JJJJ-MM-DD (bijv. 2019-02-01)"
    data = good_plan()
    data["budget"]["requested_subsidy"][0]["amount"] = 2000000000
    amount = _problem_at(data, "/budget/requested_subsidy/0/amount")
    assert amount.message == "amount 2000000000 is larger than EUR 1,000,000,000; is it in cents by mistake?"
    assert amount.nl.startswith("het bedrag 2000000000 is groter dan € 1.000.000.000")
    data = good_plan()
    data["region"]["kind"] = "big"
    kind = _problem_at(data, "/region/kind")
    assert (kind.expected, kind.nl_expected) == ("one of: technical, low_technical", "een van: technical, low_technical")
    data = good_plan()
    data["partners"] = {"a": 1}
    found = _problem_at(data, "/partners")
    assert (found.found, found.nl_found) == ("a mapping ({'a': 1})", "een mapping ({'a': 1})")
    assert nl.found_nl(Problem("x", found="'technical'")) == "'technical'"  # values stay as written
    with pytest.raises(InputError) as err:
        load_plan_text('{"region": 1 "x": 2}', "plan.json")
    [json_problem] = err.value.problems
    assert json_problem.message == "not valid JSON: Expecting ',' delimiter"
    assert json_problem.nl == "geen geldige JSON: hier ontbreekt een komma"
    assert json_problem.nl_hint.startswith("controleer op een ontbrekende komma")
    assert nl.problem_dutch(Problem("something new")) is None


def test_unknown_texts_get_a_dutch_lead_in_and_the_english():
    p = Problem("something new", path="/x", line=4, column=2, expected="a widget", hint="ask someone")
    rendered = render_input_error(InputError("p.yaml", [p]))
    assert rendered.splitlines()[1:] == [
        f"p.yaml:4:2: {UNKNOWN_PROBLEM} (English: something new)",
        "  veld:      /x",
        f"  verwacht:  {UNKNOWN_TEXT}a widget",
        f"  oplossing: {UNKNOWN_TEXT}ask someone",
    ]
    assert render_error(StoError("a brand new failure")) == f"{UNKNOWN_ERROR}: a brand new failure"


def test_other_errors_dutch_first():
    known = "sto-2020-2023@2018-09-13, sto-2025-2028@2024-04-03"
    text = render_error(VersionSelectionError.said(both("version.unknown", ref="x@y", known=known)))
    assert text.startswith(f"onbekende versie van het regelboek: 'x@y'; bekende versies: {known}\n")
    assert text.count("unknown rulebook version 'x@y'") == 1
    assert render_error(StoError.said(both("cli.exists_force", target="plan.yaml"))) == (
        "plan.yaml bestaat al; kies een andere naam of geef --force mee om het te overschrijven (English: plan.yaml "
        "already exists; choose another name or pass --force to overwrite it)")
    rb = RulebookError.said_in("rulebooks/x/1.yaml", both("rulebook.duplicate_rule", rule="FIN-01"), rule="FIN-01",
                               hint=both("rulebook.hint.duplicate_rule"))
    assert render_error(rb).splitlines() == [
        "rulebooks/x/1.yaml (regel FIN-01): de regel-id 'FIN-01' komt twee keer voor (English: duplicate rule id "
        "'FIN-01')",
        "  oplossing: elke regel-id staat één keer in een bestand; pas die regel aan om hem te wijzigen"]
    several = render_error(StoError.said(both("settings.invalid", lines="setting port: Input should be at most 65535")))
    assert several == ("ongeldige instellingen van de service (English: invalid service settings):\n"
                       "  setting port: Input should be at most 65535")
    # the lines after the first are shown once, in Dutch (a fix has its own Dutch)
    fix = StoError.said(both("store.no_store_here", url="sqlite:///x.sqlite", env="STO_DATABASE_URL"))
    assert render_error(fix) == ("database sqlite:///x.sqlite: hier staat geen audit-store (English: database "
                                 "sqlite:///x.sqlite: there is no audit store here)\n"
                                 "  oplossing: controleer het pad of de URL in --database of STO_DATABASE_URL")
    assert str(fix) == ("database sqlite:///x.sqlite: there is no audit store here\n"
                        "  fix: check the path or the URL in --database or STO_DATABASE_URL")


# ---------------------------------------------------------------- the CLI


@pytest.fixture()
def broken_plan(tmp_path):
    p = tmp_path / "plan.yaml"
    p.write_text(FILLED_TEMPLATE.replace("kind: technical", "kind: urban"), encoding="utf-8")
    return p


def _run(args, capsys):
    code = cli.main(args)
    return code, capsys.readouterr().err


def test_cli_prints_input_errors_dutch_first(broken_plan, capsys):
    code, err = _run(["assess", str(broken_plan)], capsys)
    assert code == 2
    first = err.splitlines()[1]
    assert first.startswith(f"{broken_plan}:11:3: de waarde moet een van deze zijn: 'technical' of 'low_technical' "
                            f"(English: Input should be 'technical' or 'low_technical')")
    assert "  veld:      /region/kind" in err and "  verwacht:  een van: technical, low_technical" in err
    assert "  gevonden:  'urban'" in err


def test_cli_lang_en_prints_the_english_only(broken_plan, capsys, monkeypatch):
    with pytest.raises(InputError) as exc:
        load_plan(broken_plan)
    english = str(exc.value) + "\n"
    for args in (["assess", str(broken_plan), "--lang", "en"], ["--lang", "en", "assess", str(broken_plan)],
                 ["--lang", "en", "funding", str(broken_plan)]):
        assert _run(args, capsys) == (2, english)
    monkeypatch.setenv("STO_LANG", "en")
    assert _run(["assess", str(broken_plan)], capsys) == (2, english)
    # an explicit --lang nl wins over the environment
    code, err = _run(["assess", str(broken_plan), "--lang", "nl"], capsys)
    assert "1 probleem gevonden" in err and "(English: Input should be" in err


def test_cli_other_errors_dutch_first(tmp_path, capsys):
    plan = tmp_path / "plan.yaml"
    plan.write_text(FILLED_TEMPLATE, encoding="utf-8")
    code, err = _run(["assess", str(plan), "--rulebook", "sto-2020-2023@1999-01-01"], capsys)
    assert code == 2 and err.startswith("onbekende versie van het regelboek: 'sto-2020-2023@1999-01-01'")
    assert "(English: unknown rulebook version 'sto-2020-2023@1999-01-01'" in err
    code, err = _run(["init", str(plan)], capsys)
    assert code == 2 and err.startswith(f"{plan} bestaat al; kies een andere naam of geef --force mee")
    code, err = _run(["rulebooks", "show"], capsys)
    assert code == 2 and err.startswith("sto rulebooks show heeft een versie nodig")
    verdict = tmp_path / "v.json"
    verdict.write_text(json.dumps({"outcome": "positive_advice"}))
    code, err = _run(["explain", str(verdict)], capsys)
    assert code == 2 and "problemen gevonden" in err and UNKNOWN_PROBLEM not in err and "/findings" in err


def test_one_line_summaries_in_dutch():
    problem = Problem("the file is empty", line=4, column=1, nl="het bestand is leeg (uit de catalogus)")
    assert nl.problem_line_nl(problem, "ronde/kapot.yaml") == "ronde/kapot.yaml:4:1: het bestand is leeg (uit de catalogus)"
    english_only = Problem("something new", line=3)  # no Dutch of its own: the English, never a guess
    assert nl.problem_line_nl(english_only, "p.yaml") == "p.yaml:3: something new"

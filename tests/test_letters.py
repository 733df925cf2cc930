"""Committee letters (engine/letters, templates/letters): every kind for every plan, the findings and
their basis in the text, the amounts, identical bytes on re-rendering, and the PDF's text."""
from __future__ import annotations

import copy
import datetime as dt
import html as htmllib
import io
import json
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

import cli
from engine import units
from engine.assess import Assessor, assess_file
from engine.errors import InputError, StoError
from engine.letters import KINDS, load_config, md_escape, render_letter, schedule_for, template_set_sha256
from engine.letters.render import ALLOWED_KINDS, AUTO_KIND, SEVERITY_ORDER, template_dir
from engine.verdict import seal

ROOT = Path(__file__).resolve().parents[1]
OWN_PLANS = sorted((ROOT / "tests" / "data" / "letters").glob("*.yaml"))
EXAMPLE_PLANS = sorted((ROOT / "examples" / "plans").glob("*.yaml"))
PLANS = EXAMPLE_PLANS + OWN_PLANS
PLAN_IDS = [f"{p.parent.name}/{p.stem}" for p in PLANS]
LETTER_DATE = dt.date(2019, 7, 1)  # before the 2019-10-01 resubmission deadline of the 2020-2023 rulebook


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def assessor() -> Assessor:
    return Assessor()


@pytest.fixture(scope="module")
def verdicts(assessor) -> dict[str, dict]:
    # through JSON and back, as `sto letter` reads them
    return {pid: json.loads(json.dumps(assess_file(p, assessor=assessor).verdict)) for pid, p in zip(PLAN_IDS, PLANS)}


@pytest.fixture(scope="module")
def schedules(assessor, verdicts) -> dict[str, dict]:
    return {pid: schedule_for(v, assessor.library) for pid, v in verdicts.items()}


@pytest.fixture(scope="module")
def own(verdicts) -> dict[str, dict]:
    """The letter tests' own plans, by outcome (each outcome is covered)."""
    out = {}
    for p, pid in zip(PLANS, PLAN_IDS):
        if p in OWN_PLANS:
            out.setdefault(verdicts[pid]["outcome"], pid)
    assert set(out) == set(AUTO_KIND), f"tests/data/letters must cover every outcome, has {sorted(out)}"
    return out


def render(verdicts, schedules, pid, kind="auto", fmt="md", lang="nl", date=LETTER_DATE, **kw):
    return render_letter(verdicts[pid], kind=kind, lang=lang, fmt=fmt, letter_date=date,
                         schedule=schedules[pid], **kw)


def html_text(html: str) -> str:
    """The text a reader sees: tags removed, entities decoded, whitespace collapsed."""
    body = re.sub(r"<(style|head)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def squash(text: str) -> str:
    """For PDF text: ligatures and non-breaking spaces normalised, all whitespace removed (line breaks fall
    anywhere, also after a hyphen)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(data: bytes) -> tuple[str, list]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), list(reader.pages)


# ---------------------------------------------------------------- every kind for every plan


def test_there_are_plans_to_write_letters_for():
    assert OWN_PLANS, "tests/data/letters/*.yaml is missing"


@pytest.mark.parametrize("pid", PLAN_IDS)
def test_auto_picks_the_letter_from_the_outcome(verdicts, schedules, pid):
    v = verdicts[pid]
    letter = render(verdicts, schedules, pid)
    assert letter.kind == AUTO_KIND[v["outcome"]]
    assert letter.kind == {"ineligible": "afwijzing", "negative_advice": "afwijzing",
                           "committee_review": "aanvulling", "positive_advice": "goedkeuring"}[v["outcome"]]


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("pid", PLAN_IDS)
def test_every_kind_for_every_plan(verdicts, schedules, pid, kind, fmt):
    v = verdicts[pid]
    if kind not in ALLOWED_KINDS[v["outcome"]]:
        # a decision letter that contradicts the verdict is refused, with the way out named
        with pytest.raises(StoError, match=f"outcome is {v['outcome']}.*--kind auto"):
            render(verdicts, schedules, pid, kind=kind, fmt=fmt)
        return
    letter = render(verdicts, schedules, pid, kind=kind, fmt=fmt)
    text = letter.text if fmt == "md" else html_text(letter.text)
    rb = v["receipt"]["rulebook"]
    for must in (f"{rb['id']}@{rb['version']}", rb["sha256"], v["receipt"]["verdict_sha256"],
                 v["receipt"]["plan_sha256"], letter.fingerprint, letter.reference, "1 juli 2019",
                 v["plan"]["lead_applicant"]):
        assert (md_escape(must) if fmt == "md" else must) in text, must
    assert "Ondersteuning is beschikbaar" in text
    assert ("zes weken" in text and "6:7" in text) == (kind in ("afwijzing", "goedkeuring"))
    if kind == "zelfcheck":
        assert "adviserend" in text and "geen besluit" in text


@pytest.mark.parametrize("pid", PLAN_IDS)
def test_letters_cite_only_what_the_verdict_says(verdicts, schedules, pid):
    """The annex lists exactly the rules the letter discusses, with their verdict status."""
    v = verdicts[pid]
    by_id = {f["rule_id"]: f for f in v["findings"]}
    letter = render(verdicts, schedules, pid, kind="zelfcheck")
    cited = re.findall(r"^\[\d+\] \*\*([A-Z]+-\d+[a-z]?)\*\*", letter.text, flags=re.M)
    open_items = [f["rule_id"] for f in v["findings"] if f["status"] in ("fail", "needs_review")]
    assert sorted(cited) == sorted(open_items)
    for rid in cited:
        assert by_id[rid]["status"] in ("fail", "needs_review")


# ---------------------------------------------------------------- afwijzing


def _rejected(verdicts):
    return [pid for pid in PLAN_IDS if AUTO_KIND[verdicts[pid]["outcome"]] == "afwijzing"]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_rejection_letter_has_every_failing_rule_with_message_and_basis(verdicts, schedules, fmt, lang):
    rejected = _rejected(verdicts)
    assert rejected
    for pid in rejected:
        v = verdicts[pid]
        letter = render(verdicts, schedules, pid, fmt=fmt, lang=lang)
        text = flat(letter.text) if fmt == "md" else html_text(letter.text)
        esc = md_escape if fmt == "md" else (lambda s: s)
        fails = [f for f in v["findings"] if f["status"] == "fail"]
        assert fails
        for f in fails:
            assert esc(f["rule_id"]) in text
            assert esc(flat(f["message"][lang])) in text, (pid, f["rule_id"])
            # the basis as a person cites it (rulebooks/bronnen.yaml), never the source id or a file name
            assert esc(flat(f["basis"]["citation"])) in text, (pid, f["rule_id"])
            assert f["basis"]["source"] not in text, (pid, f["rule_id"])
            assert esc(flat(f["basis"]["section"])) in text, (pid, f["rule_id"])
            if f.get("remediation"):
                assert esc(flat(f["remediation"]["message"][lang])) in text, (pid, f["rule_id"])
        for fam in v["families"]:
            if any(f["family"] == fam["family"] for f in fails):
                assert esc(fam["name"][lang]) in text
        assert ("6:7" in text) and (("zes weken" in text) if lang == "nl" else ("six weeks" in text))


def test_rejection_letter_names_the_next_round_deadline(verdicts, schedules, own):
    pid = own["negative_advice"]
    entry = schedules[pid].get("next_round_deadline")
    assert entry, "the 2020-2023 rulebook has a next_round_deadline"
    deadline = dt.date.fromisoformat(entry["date"])
    before = render(verdicts, schedules, pid, date=deadline - dt.timedelta(days=30)).text
    assert units.date(deadline) in before
    assert "U kunt het plan verbeteren en opnieuw indienen." in before
    assert md_escape(entry["basis"]["citation"]) in before
    after = render(verdicts, schedules, pid, date=deadline + dt.timedelta(days=1)).text
    assert units.date(deadline) in after
    assert "Die datum ligt vóór de datum van deze brief." in after
    assert "U kunt het plan verbeteren" not in after


def test_rejection_without_a_next_round_in_the_rulebook_says_so(verdicts, schedules, own):
    pid = own["ineligible"]
    text = render_letter(verdicts[pid], letter_date=LETTER_DATE, schedule={}).text
    assert "noemt geen datum voor een volgende indieningsronde" in text


def test_ineligible_and_negative_are_worded_differently(verdicts, schedules, own):
    inelig = render(verdicts, schedules, own["ineligible"]).text
    negative = render(verdicts, schedules, own["negative_advice"]).text
    assert "knock-outcriteria" in inelig and "Niet subsidiabel" in inelig
    assert "knock-outcriteria" not in negative and "Negatief advies" in negative


# ---------------------------------------------------------------- goedkeuring


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_approval_letter_carries_the_amounts_and_obligations(verdicts, schedules, fmt):
    approved = [pid for pid in PLAN_IDS if verdicts[pid]["outcome"] == "positive_advice"]
    assert approved
    for pid in approved:
        v = verdicts[pid]
        letter = render(verdicts, schedules, pid, fmt=fmt)
        text = flat(letter.text) if fmt == "md" else html_text(letter.text)
        requested = v["funding"]["requested"]
        total = units.money(requested["total_cents"])
        assert total.startswith("€\xa0")  # Babel's Dutch form: € 1.020.000 (with a no-break space)
        assert flat(total) in text
        for year in requested["per_year"]:
            assert str(year["year"]) in text and flat(units.money(year["cents"])) in text
        for name, entry in schedules[pid].items():
            if name != "next_round_deadline":
                assert units.date(dt.date.fromisoformat(entry["date"])) in text
                assert entry["description"]["nl"] in text


def test_approval_letter_in_english(verdicts, schedules, own):
    pid = own["positive_advice"]
    text = render(verdicts, schedules, pid, lang="en").text
    total = verdicts[pid]["funding"]["requested"]["total_cents"]
    assert "Dear Board," in text and units.money(total, "en") in text and "1 July 2019" in text
    assert "Positive advice" in text and "six weeks" in text


def test_approval_obligations_come_from_the_rulebook_schedule(verdicts, schedules, own):
    pid = own["positive_advice"]
    schedule = copy.deepcopy(schedules[pid])
    schedule["progress_report_due"]["date"] = "2031-02-03"
    text = render_letter(verdicts[pid], letter_date=LETTER_DATE, schedule=schedule).text
    assert "3 februari 2031" in text
    none = render_letter(verdicts[pid], letter_date=LETTER_DATE, schedule={}).text
    assert "legt geen data voor voortgangs- of eindrapportage vast" in none


# ---------------------------------------------------------------- aanvulling


def test_aanvulling_says_what_to_clarify_and_by_when(verdicts, schedules, own):
    pid = own["committee_review"]
    v = verdicts[pid]
    weeks = load_config().aanvulling_weeks
    letter = render(verdicts, schedules, pid)
    text = flat(letter.text)
    assert letter.kind == "aanvulling"
    assert units.date(LETTER_DATE + dt.timedelta(weeks=weeks)) in text
    assert f"{weeks} weken na de datum van deze brief" in text
    reviews = [f for f in v["findings"] if f["status"] == "needs_review"]
    assert reviews
    for f in reviews:
        assert md_escape(flat(f["message"]["nl"])) in text
        assert md_escape(f["basis"]["citation"]) in text


def test_aanvulling_weeks_come_from_the_configuration(verdicts, schedules, own):
    pid = own["committee_review"]
    config = load_config().model_copy(update={"aanvulling_weeks": 2})
    text = render(verdicts, schedules, pid, config=config).text
    assert units.date(LETTER_DATE + dt.timedelta(weeks=2)) in text


# ---------------------------------------------------------------- zelfcheck


@pytest.mark.parametrize("pid", PLAN_IDS)
def test_zelfcheck_fix_list_is_ordered_by_severity(verdicts, schedules, pid):
    v = verdicts[pid]
    text = render(verdicts, schedules, pid, kind="zelfcheck").text
    section = text.split("## Verbeterlijst", 1)[1].split("## Alle getoetste eisen", 1)[0]
    listed = re.findall(r"^\d+\. \*\*([A-Z]+-\d+[a-z]?) — ", section, flags=re.M)
    severity = {f["rule_id"]: f["severity"] for f in v["findings"]}
    open_items = [f["rule_id"] for f in v["findings"] if f["status"] in ("fail", "needs_review")]
    assert sorted(listed) == sorted(open_items)
    ranks = [SEVERITY_ORDER[severity[r]] for r in listed]
    assert ranks == sorted(ranks)
    if not open_items:
        assert "De toets vond geen verbeterpunten." in text
    for f in v["findings"]:  # the overview shows every rule with its status
        assert f"| {f['rule_id']} |" in text


# ---------------------------------------------------------------- determinism and fingerprint


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("pid", PLAN_IDS)
def test_rerendering_gives_identical_bytes(verdicts, schedules, pid, fmt):
    from engine.letters import render as module

    first = render(verdicts, schedules, pid, fmt=fmt, date=None)
    module._environments.cache_clear()
    module._texts.cache_clear()
    again = render_letter(json.loads(json.dumps(verdicts[pid])), fmt=fmt, schedule=schedules[pid])
    assert first.data == again.data
    assert first.fingerprint == again.fingerprint
    # without --date the letter is dated on the verdict's receipt day, never today
    assert first.letter_date.isoformat() == verdicts[pid]["receipt"]["timestamp"][:10]


def test_fingerprint_names_the_inputs(verdicts, schedules, own):
    pid = own["negative_advice"]
    base = render(verdicts, schedules, pid)
    assert render(verdicts, schedules, pid, fmt="html").fingerprint == base.fingerprint  # format-independent
    assert render(verdicts, schedules, pid, lang="en").fingerprint != base.fingerprint
    assert render(verdicts, schedules, pid, date=LETTER_DATE + dt.timedelta(days=1)).fingerprint != base.fingerprint
    assert render(verdicts, schedules, pid, kind="zelfcheck").fingerprint != base.fingerprint
    other = own["ineligible"]
    assert render(verdicts, schedules, other).fingerprint != base.fingerprint


def test_fingerprint_changes_with_the_templates(verdicts, schedules, own, tmp_path):
    pid = own["negative_advice"]
    copy_dir = tmp_path / "letters"
    shutil.copytree(template_dir(), copy_dir)
    same = render(verdicts, schedules, pid, directory=copy_dir)
    assert same.data == render(verdicts, schedules, pid).data
    assert template_set_sha256(copy_dir) == template_set_sha256()
    css = copy_dir / "brief.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    changed = render(verdicts, schedules, pid, directory=copy_dir)
    assert template_set_sha256(copy_dir) != template_set_sha256()
    assert changed.fingerprint != same.fingerprint


# ---------------------------------------------------------------- PDF (one per kind: it is the slow part)


def _pdf_cases():
    return [("negative_advice", "auto"), ("positive_advice", "auto"), ("committee_review", "auto"),
            ("ineligible", "zelfcheck")]


@pytest.mark.parametrize("outcome,kind", _pdf_cases())
def test_pdf_has_the_same_findings_on_numbered_a4_pages(verdicts, schedules, own, outcome, kind):
    pid = own[outcome]
    v = verdicts[pid]
    letter = render(verdicts, schedules, pid, kind=kind, fmt="pdf")
    assert letter.data.startswith(b"%PDF-")
    text, pages = pdf_text(letter.data)
    for page in pages:  # A4 in points
        assert abs(float(page.mediabox.width) - 595.28) < 1 and abs(float(page.mediabox.height) - 841.89) < 1
    n = len(pages)
    assert n >= 2  # the annex starts on a page of its own
    body = squash(text)
    for i in range(1, n + 1):
        assert squash(f"Pagina {i} van {n}") in body
    html_letter = render(verdicts, schedules, pid, kind=kind, fmt="html")
    assert letter.fingerprint == html_letter.fingerprint and letter.fingerprint in body
    shown = [f for f in v["findings"] if f["status"] in ("fail", "needs_review")]
    for f in shown:
        assert squash(f["message"]["nl"]) in body, f["rule_id"]
        assert squash(f["basis"]["citation"]) in body and squash(f["basis"]["section"]) in body
        if f.get("remediation") and letter.kind != "aanvulling":
            assert squash(f["remediation"]["message"]["nl"]) in body
    if letter.kind == "goedkeuring":
        assert squash(units.money(v["funding"]["requested"]["total_cents"])) in body


def test_pdf_rerenders_to_the_same_bytes(verdicts, schedules, own):
    pid = own["positive_advice"]
    first = render(verdicts, schedules, pid, fmt="pdf")
    again = render(verdicts, schedules, pid, fmt="pdf")
    assert first.data == again.data


# ---------------------------------------------------------------- input checks


def test_a_changed_verdict_is_refused(verdicts, schedules, own):
    v = copy.deepcopy(verdicts[own["negative_advice"]])
    v["findings"][0]["message"]["nl"] = "Iets wat de engine nooit zei."
    with pytest.raises(InputError, match="changed after the engine sealed it"):
        render_letter(v, schedule={}, letter_date=LETTER_DATE)


def test_a_verdict_of_another_rulebook_content_is_refused(verdicts, assessor, own):
    v = copy.deepcopy(verdicts[own["negative_advice"]])
    v["receipt"]["rulebook"]["sha256"] = "0" * 64
    seal(v)
    with pytest.raises(StoError, match="the rulebook changed since"):
        schedule_for(v, assessor.library)


def test_plan_text_is_escaped_in_markdown_and_html(verdicts, schedules, own):
    v = copy.deepcopy(verdicts[own["positive_advice"]])
    v["plan"]["region"] = "Zuid *Oost* | <b>West</b>"
    v["plan"]["lead_applicant"] = "Stichting [A] & B_C"
    seal(v)
    md = render_letter(v, schedule=schedules[own["positive_advice"]], letter_date=LETTER_DATE).text
    assert "Zuid \\*Oost\\* \\| \\<b\\>West\\</b\\>" in md and "Stichting \\[A\\] & B\\_C" in md
    html = render_letter(v, fmt="html", schedule=schedules[own["positive_advice"]], letter_date=LETTER_DATE).text
    assert "<b>West</b>" not in html and "&lt;b&gt;West&lt;/b&gt;" in html and "Stichting [A] &amp; B_C" in html


def test_bad_configuration_is_an_input_error(tmp_path):
    bad = tmp_path / "briefhoofd.yaml"
    bad.write_text("sender: {name: X}\naanvulling_weeks: 0\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_config(bad)
    assert "aanvulling_weeks" in str(err.value) and "briefhoofd.yaml" in str(err.value)


# ---------------------------------------------------------------- the command line


@pytest.fixture()
def verdict_file(verdicts, own, tmp_path) -> Path:
    path = tmp_path / "oordeel.json"
    path.write_text(json.dumps(verdicts[own["negative_advice"]], ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_cli_writes_each_format(verdict_file, tmp_path, capsys):
    for suffix in ("md", "html"):
        out = tmp_path / f"brief.{suffix}"
        assert cli.main(["letter", str(verdict_file), "--date", "2019-07-01", "-o", str(out)]) == 0
        assert "afwijzing" in capsys.readouterr().err
        assert out.read_bytes().startswith(b"**" if suffix == "md" else b"<!DOCTYPE html>")
    assert cli.main(["letter", str(verdict_file), "--kind", "zelfcheck", "--lang", "en", "--format", "md"]) == 0
    assert "Self-check" in capsys.readouterr().out


def test_cli_fingerprint_matches_the_letter(verdict_file, tmp_path, capsys):
    out = tmp_path / "brief.html"
    assert cli.main(["letter", str(verdict_file), "-o", str(out)]) == 0
    capsys.readouterr()
    assert cli.main(["letter", str(verdict_file), "--fingerprint"]) == 0
    fp = capsys.readouterr().out.strip()
    assert re.fullmatch(r"[0-9a-f]{64}", fp) and fp in out.read_text(encoding="utf-8")


def test_cli_unreadable_or_contradicting_input_exits_2(verdict_file, tmp_path, capsys):
    missing = tmp_path / "nope.json"
    assert cli.main(["letter", str(missing)]) == 2
    assert "file not found" in capsys.readouterr().err
    junk = tmp_path / "junk.json"
    junk.write_text("{not json", encoding="utf-8")
    assert cli.main(["letter", str(junk)]) == 2
    assert "not a JSON verdict" in capsys.readouterr().err
    assert cli.main(["letter", str(verdict_file), "--kind", "goedkeuring"]) == 2
    assert "would contradict it" in capsys.readouterr().err


SOURCE_FILE_LIKE = re.compile(r"(\.\./|\bshared/|\w\.(txt|md)\b|drenthe-2018|seo-2020-achtergrondschets)")


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_no_letter_cites_a_file_name_or_a_source_id(verdicts, schedules, fmt):
    """Issue 13: letters cite sources as a person would (rulebooks/bronnen.yaml), never a file or an id."""
    from engine.rulebook import load_library

    ids = set(load_library().sources)
    checked = 0
    for pid, v in verdicts.items():
        for kind in ALLOWED_KINDS[v["outcome"]]:
            for lang in ("nl", "en"):
                letter = render(verdicts, schedules, pid, kind=kind, fmt=fmt, lang=lang)
                text = letter.text if fmt == "md" else html_text(letter.text)
                assert not SOURCE_FILE_LIKE.search(text), (pid, kind, lang, SOURCE_FILE_LIKE.search(text))
                cited = {f["basis"]["source"] for f in v["findings"]}
                assert not [sid for sid in cited & ids if re.search(rf"(?<![\w-]){re.escape(sid)}(?![\w-])", text)]
                checked += 1
    assert checked

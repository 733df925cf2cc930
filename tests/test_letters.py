"""Letters in their legal form (engine/letters, templates/letters): which letter the procedure allows
when, who sends it to whom, what each says (and what none may say), the term of an aanvulling,
identical bytes on re-rendering, the PDF, and `sto letter`."""
from __future__ import annotations

import datetime as dt
import html as htmllib
import io
import json
import re
import shutil
import unicodedata

import pytest

import cli
from engine import units
from engine.assess import Assessor, assess_file
from engine.errors import InputError, StoError
from engine.letters import (
    KINDS,
    Dossier,
    LetterRefused,
    letters_due,
    load_config,
    md_escape,
    public_holidays,
    render_letter,
    schedule_for,
    supplementable,
    template_set_sha256,
    term_end,
)
from engine.letters.context import without_field_paths
from engine.letters.render import template_dir
from engine.letters.terms import easter_sunday, is_working_day
from engine.store import open_store
from engine.verdict import Verdict, seal
from tests.letter_cases import COMPLETE, EXAMPLES, INCOMPLETE, INELIGIBLE, NEGATIVE, REVIEW, decided, dossier, prescreen

LETTER_DATE = dt.date(2019, 7, 1)  # before the 2019-10-01 resubmission deadline of the 2020-2023 rulebook


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def assessor() -> Assessor:
    return Assessor()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_store(f"sqlite:///{tmp_path_factory.mktemp('brieven') / 'audit.sqlite'}")
    yield s
    s.close()


@pytest.fixture(scope="module")
def cases(assessor, store) -> dict[str, tuple[dict, Dossier]]:
    """One stored pre-screen per stage of the procedure the letters know."""
    return {
        "rejected": decided(store, NEGATIVE, assessor, "negative", motivation="Nog niet voldragen: te weinig "
                                                                               "cofinanciering."),
        "ineligible": decided(store, INELIGIBLE, assessor, "negative", motivation="Te weinig vmbo-scholen."),
        "granted": decided(store, COMPLETE, assessor, "positive", motivation="Een voldragen, concreet plan."),
        "conditional": decided(store, REVIEW, assessor, "positive-with-conditions", holds="with-condition",
                               condition="De ondertekende overeenkomst van Techniekschool Oost ligt vóór 1 september "
                                         "2019 bij DUS-I.", motivation="Voldragen, op één handtekening na."),
        "judged_no_advice": decided(store, REVIEW, assessor, None),
        "incomplete": dossier(store, prescreen(store, INCOMPLETE, assessor).id),
        "open": dossier(store, prescreen(store, REVIEW, assessor).id),
    }


def letter(cases, case, kind, fmt="md", lang="nl", date=LETTER_DATE, **kw):
    verdict, d = cases[case]
    return render_letter(verdict, kind=kind, lang=lang, fmt=fmt, letter_date=date, dossier=d, **kw)


def flat(text: str) -> str:
    return " ".join(text.split())


def html_text(html: str) -> str:
    """The text a reader sees: tags removed, entities decoded, whitespace collapsed."""
    body = re.sub(r"<(style|head)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def squash(text: str) -> str:
    """For PDF text: ligatures and non-breaking spaces normalised, all whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pdf_text(data: bytes) -> tuple[str, list]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages), list(reader.pages)


# ---------------------------------------------------------------- the Algemene termijnenwet


@pytest.mark.parametrize("year, easter", [(2019, dt.date(2019, 4, 21)), (2024, dt.date(2024, 3, 31)),
                                          (2025, dt.date(2025, 4, 20)), (2038, dt.date(2038, 4, 25))])
def test_easter_is_computed(year, easter):
    assert easter_sunday(year) == easter


def test_public_holidays_of_the_atw_are_computed_for_any_year():
    assert set(public_holidays(2026)) == {
        dt.date(2026, 1, 1), dt.date(2026, 4, 3), dt.date(2026, 4, 6), dt.date(2026, 4, 27), dt.date(2026, 5, 5),
        dt.date(2026, 5, 14), dt.date(2026, 5, 25), dt.date(2026, 12, 25), dt.date(2026, 12, 26)}
    assert dt.date(2025, 4, 26) in public_holidays(2025)  # 27 April 2025 is a Sunday: King's Day on the Saturday
    assert dt.date(2013, 4, 30) in public_holidays(2013)  # Queen's Day before 2014
    assert not is_working_day(dt.date(2030, 5, 30)) and is_working_day(dt.date(2030, 5, 31))  # Ascension 2030


@pytest.mark.parametrize("start, weeks, end", [
    (dt.date(2019, 12, 4), 4, dt.date(2020, 1, 2)),    # ends on New Year's Day
    (dt.date(2019, 12, 18), 1, dt.date(2019, 12, 27)),  # Christmas Day, Boxing Day
    (dt.date(2019, 7, 6), 2, dt.date(2019, 7, 22)),    # a Saturday -> the Monday
    (dt.date(2019, 3, 22), 4, dt.date(2019, 4, 23)),   # Good Friday 19 April -> Easter Monday -> Tuesday
    (dt.date(2019, 7, 2), 4, dt.date(2019, 7, 30)),    # a Tuesday: stays
])
def test_a_term_ends_on_a_working_day(start, weeks, end):
    assert term_end(start, weeks)[0] == end


# ---------------------------------------------------------------- which letter when


def test_the_procedure_decides_which_letters_are_due(cases, assessor):
    file_verdict = assess_file(NEGATIVE, assessor=assessor).verdict
    assert letters_due(file_verdict, None) == ["zelfcheck"]
    assert letters_due(*cases["rejected"]) == ["advies", "beschikking"]
    assert letters_due(*cases["incomplete"]) == ["aanvulling"]
    assert letters_due(*cases["open"]) == [] and letters_due(*cases["judged_no_advice"]) == []


@pytest.mark.parametrize("case, kind, code", [
    ("open", "advies", "no_advice"), ("open", "beschikking", "no_advice"), ("open", "auto", "no_letter_due"),
    ("open", "aanvulling", "nothing_to_supply"), ("rejected", "aanvulling", "advised"),
])
def test_a_letter_the_procedure_does_not_allow_is_refused_with_the_reason(cases, case, kind, code):
    with pytest.raises(LetterRefused) as err:
        letter(cases, case, kind)
    assert err.value.code == code and err.value.nl and err.value.en


def test_a_decision_letter_needs_the_stored_pre_screen(cases):
    verdict, _ = cases["rejected"]
    with pytest.raises(LetterRefused, match="stored pre-screen") as err:
        render_letter(verdict, kind="beschikking", letter_date=LETTER_DATE)
    assert "sto letter ID" in err.value.nl


def test_a_stale_advice_or_a_withdrawal_gives_no_decision_letter(store, assessor):
    verdict, case = decided(store, REVIEW, assessor, "positive-with-conditions", holds="with-condition",
                            condition="Handtekening vóór 1 september.", motivation="Voldragen.")
    store.judge(case.assessment_id, rule_id="PART-05", holds="no", motivation="Toch niet getekend.", actor="lid B")
    verdict, case = dossier(store, case.assessment_id)
    with pytest.raises(LetterRefused) as err:
        render_letter(verdict, kind="beschikking", dossier=case)
    assert err.value.code == "advice_stale"
    store.withdraw(case.assessment_id, motivation="Brief van de penvoerder.", actor="secretaris")
    verdict, case = dossier(store, case.assessment_id)
    assert letters_due(verdict, case) == []
    with pytest.raises(LetterRefused) as err:
        render_letter(verdict, kind="advies", dossier=case)
    assert err.value.code == "withdrawn"


def test_aanvulling_only_for_what_the_applicant_can_supply(cases):
    """Awb 4:5 is for missing data on a requirement the sources state, never for an assumption."""
    items = [f.rule_id for f in supplementable(cases["incomplete"][0])]
    assert items == ["FIN-04"]
    assert not supplementable(cases["open"][0])  # PART-05 rests on an assumption: the committee weighs it
    text = flat(letter(cases, "incomplete", "aanvulling").text)
    assert "FIN-04" in text and "PART-05" not in text and "FIN-08" not in text


# ---------------------------------------------------------------- what each letter says


def test_zelfcheck_binds_no_one_and_says_so(cases, assessor):
    verdict = assess_file(NEGATIVE, assessor=assessor).verdict
    text = flat(render_letter(verdict, kind="zelfcheck", letter_date=LETTER_DATE).text)
    assert "geen advies van de beoordelingscommissie en geen besluit van de minister" in text
    assert "geen bezwaar tegen open" in text and "Hoogachtend" not in text and "namens deze" not in text
    assert "### Bezwaar" not in text and "FIN-04" in text
    english = flat(render_letter(verdict, kind="zelfcheck", lang="en", letter_date=LETTER_DATE).text)
    assert "not an advice of the assessment committee and not a decision of the minister" in english


def test_zelfcheck_fix_list_is_ordered_by_severity(assessor):
    verdict = assess_file(EXAMPLES / "geen-projectorganisatie.yaml", assessor=assessor).verdict
    text = render_letter(verdict, kind="zelfcheck", letter_date=LETTER_DATE).text
    fixlist = text[text.index("## Verbeterlijst"):text.index("## Alle getoetste eisen")]
    order = [m.group(1) for m in re.finditer(r"\*\*([A-Z]+-\d+[a-z]?) —", fixlist)]
    assert order == ["ORG-01", "ORG-02", "ORG-04"]  # assessment fails before the advisory point
    assert "Gevraagd:" in fixlist.split("ORG-04")[1]  # needs review: what to clarify, not what to fix


def test_aanvulling_comes_from_dusi_with_article_4_5_and_a_term_on_a_working_day(cases):
    md = letter(cases, "incomplete", "aanvulling", date=dt.date(2019, 12, 4))
    text = flat(md.text)
    assert text.startswith("**Dienst Uitvoering Subsidies aan Instellingen** (DUS-I)")
    assert "artikel 4:5, eerste lid, van de Algemene wet bestuursrecht" in text
    assert "uiterlijk 2 januari 2020" in text  # four weeks fall on New Year's Day
    assert "valt op 1 januari 2020 (Nieuwjaarsdag); volgens de Algemene termijnenwet" in text
    assert "artikel 4:15, eerste lid, onder a" in text and "geen besluit; er staat geen bezwaar tegen open" in text
    assert "namens deze," in text and "### Bezwaar" not in text
    assert "Het advies van de commissie luidt" not in text
    plain = flat(letter(cases, "incomplete", "aanvulling", date=dt.date(2019, 7, 2)).text)
    assert "uiterlijk 30 juli 2019" in plain and "Algemene termijnenwet" not in plain


def test_advies_goes_to_the_minister_quotes_judgements_and_has_no_bezwaar(cases):
    verdict, case = cases["conditional"]
    text = flat(letter(cases, "conditional", "advies").text)
    assert "Aan de Minister voor Basis- en Voortgezet Onderwijs en Media" in text
    assert "Geachte minister," in text and "De commissie adviseert u de aangevraagde subsidie van" in text
    assert "onder de volgende voorwaarden" in text and "ligt vóór 1 september 2019 bij DUS-I" in text
    assert "‘Voldragen, op één handtekening na.’" in text
    assert "PART-05 ‘Elke partner heeft de samenwerkingsovereenkomst getekend’ — voldoet onder voorwaarde" in text
    assert "‘Oordeel over PART-05: zo beoordeeld door de commissie.’" in text
    assert "Dit advies is geen besluit" in text
    assert "### Bezwaar" not in text and "bezwaar maken" not in text and "namens deze" not in text
    for r in case.records:  # every record it rests on, by id and hash, and the pre-screen
        assert r["id"] in text and r["record_hash"] in text
    assert case.assessment_id in text and case.record_hash in text
    negative = flat(letter(cases, "rejected", "advies").text)
    assert "De commissie adviseert u de aanvraag af te wijzen" in negative and "FIN-04" in negative


def test_beschikking_verlening_has_amounts_conditions_obligations_basis_and_bezwaar(cases):
    verdict, case = cases["conditional"]
    text = flat(letter(cases, "conditional", "beschikking").text)
    assert "Ik verleen u voor het regionale plan van de regio Kop van de Dijk een subsidie van ten hoogste" in text
    for y in verdict.funding.requested.per_year:
        assert flat(f"| {y.year} | {units.money(y.cents)} |") in text
    assert "Aan deze subsidie verbind ik de volgende voorwaarden" in text and "vóór 1 september 2019" in text
    assert "geadviseerd de subsidie te verlenen onder voorwaarden. Ik neem dit advies over." in text
    schedule = schedule_for(verdict)
    for name in ("progress_report_due", "final_report_due"):
        assert flat(units.date(dt.date.fromisoformat(schedule[name]["date"]))) in text
    assert "(meldplicht)" in text and "Meldplicht en verantwoorden van STO-gelden" in text
    assert ("Dit besluit berust op de Subsidieregeling sterk techniekonderwijs 2020–2023, Stcrt. 2018, 51216, "
            "zoals gewijzigd bij") in text and "titel 4.2 van de Algemene wet bestuursrecht" in text
    assert "binnen zes weken" in text and "artikel 6:7 van de Algemene wet bestuursrecht" in text
    assert "De Minister voor Basis- en Voortgezet Onderwijs en Media,\\ namens deze," in text
    assert "Concept — te controleren en te ondertekenen" in text
    granted = flat(letter(cases, "granted", "beschikking").text)
    assert "Aan deze subsidie verbind ik" not in granted and "Ik neem dit advies over." in granted


def test_beschikking_afwijzing_takes_its_grounds_from_the_advice(cases):
    verdict, case = cases["ineligible"]
    text = flat(letter(cases, "ineligible", "beschikking").text)
    assert "Ik wijs uw aanvraag af." in text and "‘Te weinig vmbo-scholen.’" in text
    assert "voorwaarden waaraan elk plan moet voldoen" in text and "PART-01" in text
    assert "### Opnieuw indienen" in text and "30 september 2019" in text
    assert "### Bezwaar" in text and "Ik verleen" not in text
    judged = flat(letter(cases, "rejected", "beschikking").text)
    assert "FIN-04" in judged and "Handvat ter verbetering" in judged


def test_no_letter_says_the_committee_advice_luidt_or_leaks_internal_text(cases, assessor):
    """Sentences a civil servant would sign: no 'Het advies van de commissie luidt', no field paths,
    no snake_case keys, no source ids or file names, no rulebook notes."""
    from engine.rulebook import load_library

    ids = set(load_library().sources)
    file_like = re.compile(r"(\.\./|\bshared/|\w\.(txt|md|yaml)\b|drenthe-2018|seo-2020-achtergrondschets)")
    jobs = [(case, kind) for case in ("rejected", "ineligible", "granted", "conditional")
            for kind in ("advies", "beschikking")] + [("incomplete", "aanvulling")]
    file_verdicts = [assess_file(p, assessor=assessor).verdict for p in sorted(EXAMPLES.glob("*.yaml"))]
    texts = []
    for lang in ("nl", "en"):
        texts += [letter(cases, case, kind, lang=lang).text for case, kind in jobs]
        texts += [render_letter(v, kind="zelfcheck", lang=lang, letter_date=LETTER_DATE).text for v in file_verdicts]
    for text in texts:
        body = text[:text.index("## Bijlage")] if "## Bijlage" in text else text[:text.index("## Annex")]
        body = re.sub(r"\S+@\S+|www\.\S+|https?://\S+", "", body)  # addresses are no field paths
        assert "luidt" not in body and "advice is:" not in body
        assert not re.search(r"\b[a-z]+\\?_[a-z\\_]+\b", body), re.search(r"\b[a-z]+\\?_[a-z\\_]+\b", body)
        assert not re.search(r"\b[a-z_]+(\\?\[\d*\\?\])?\.[a-z_]+\b(?!\.)", body.replace("sto-toets", "")), \
            re.search(r"\b[a-z_]+(\\?\[\d*\\?\])?\.[a-z_]+\b", body)
        assert not file_like.search(text), file_like.search(text)
        assert not [sid for sid in ids if re.search(rf"(?<![\w-]){re.escape(sid)}(?![\w-])", text)]


def test_field_paths_are_dropped_only_where_they_are_plan_fields():
    assert without_field_paths("Voeg cofinanciering toe (budget.cofinancing).") == "Voeg cofinanciering toe."
    assert without_field_paths("Noem een doel (objectives), bij activiteit A3 (Hybride docenten, activities[2]).") \
        == "Noem een doel, bij activiteit A3 (Hybride docenten)."
    assert without_field_paths("in geld of in natura (minimaal 10%)") == "in geld of in natura (minimaal 10%)"
    assert without_field_paths("partner v2 (Techniekschool Oost)") == "partner v2 (Techniekschool Oost)"


# ---------------------------------------------------------------- reproducible


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_rerendering_gives_identical_bytes(cases, fmt):
    from engine.letters import render as module

    verdict, case = cases["conditional"]
    first = render_letter(verdict, kind="beschikking", fmt=fmt, dossier=case)
    module._environments.cache_clear()
    module._texts.cache_clear()
    again = render_letter(Verdict.from_json(json.loads(json.dumps(verdict.to_json()))), kind="beschikking", fmt=fmt,
                          dossier=Dossier(**{**case.__dict__, "records": tuple(json.loads(json.dumps(case.records)))}))
    assert first.data == again.data and first.fingerprint == again.fingerprint
    # without --date the letter is dated on the newest record it rests on, never today
    assert first.letter_date.isoformat() == max(r["created_at"] for r in case.records)[:10]


def test_fingerprint_names_the_inputs_and_the_records(cases, store):
    base = letter(cases, "rejected", "beschikking")
    assert letter(cases, "rejected", "beschikking", fmt="html").fingerprint == base.fingerprint
    assert letter(cases, "rejected", "beschikking", lang="en").fingerprint != base.fingerprint
    assert letter(cases, "rejected", "advies").fingerprint != base.fingerprint
    assert letter(cases, "rejected", "beschikking", date=LETTER_DATE + dt.timedelta(days=1)).fingerprint \
        != base.fingerprint
    verdict, case = cases["rejected"]
    store.advise(case.assessment_id, advice="negative", motivation="Een tweede advies.", actor="voorzitter")
    verdict, later = dossier(store, case.assessment_id)
    again = render_letter(verdict, kind="beschikking", dossier=later, letter_date=LETTER_DATE)
    assert again.fingerprint != base.fingerprint and "Een tweede advies." in again.text


def test_fingerprint_changes_with_the_templates(cases, tmp_path):
    copy_dir = tmp_path / "letters"
    shutil.copytree(template_dir(), copy_dir)
    same = letter(cases, "granted", "advies", directory=copy_dir)
    assert same.data == letter(cases, "granted", "advies").data
    assert template_set_sha256(copy_dir) == template_set_sha256()
    css = copy_dir / "brief.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    assert letter(cases, "granted", "advies", directory=copy_dir).fingerprint != same.fingerprint


# ---------------------------------------------------------------- PDF (one per kind: it is the slow part)


@pytest.mark.parametrize("case, kind", [("incomplete", "aanvulling"), ("conditional", "advies"),
                                        ("conditional", "beschikking"), ("ineligible", "beschikking")])
def test_pdf_on_numbered_a4_pages_says_what_the_markdown_says(cases, case, kind):
    pdf = letter(cases, case, kind, fmt="pdf")
    assert pdf.data.startswith(b"%PDF-")
    text, pages = pdf_text(pdf.data)
    for page in pages:  # A4 in points
        assert abs(float(page.mediabox.width) - 595.28) < 1 and abs(float(page.mediabox.height) - 841.89) < 1
    n = len(pages)
    body = squash(text)
    for i in range(1, n + 1):
        assert squash(f"Pagina {i} van {n}") in body
    assert pdf.fingerprint == letter(cases, case, kind, fmt="html").fingerprint and pdf.fingerprint in body
    html = html_text(letter(cases, case, kind, fmt="html").text)
    for sentence in ("Geacht bestuur,", "Geachte minister,", "Ik wijs uw aanvraag af.", "Ik verleen u",
                     "artikel 4:5, eerste lid", "Dit advies is geen besluit"):
        assert (sentence in html) == (squash(sentence) in body), sentence


def test_pdf_rerenders_to_the_same_bytes(cases):
    assert letter(cases, "granted", "beschikking", fmt="pdf").data == letter(cases, "granted", "beschikking",
                                                                              fmt="pdf").data


def test_zelfcheck_pdf_of_a_verdict_file(assessor):
    verdict = assess_file(NEGATIVE, assessor=assessor).verdict
    pdf = render_letter(verdict, kind="zelfcheck", fmt="pdf", letter_date=LETTER_DATE)
    text, _ = pdf_text(pdf.data)
    assert squash("Zelfcheck — geen advies en geen besluit").upper() in squash(text).upper() and "FIN-04" in text


# ---------------------------------------------------------------- input checks


def test_a_changed_verdict_is_refused(assessor):
    v = assess_file(NEGATIVE, assessor=assessor).verdict.to_json()
    v["findings"][0]["message"]["nl"] = "Iets wat de engine nooit zei."
    with pytest.raises(InputError, match="changed after the engine sealed it"):
        render_letter(Verdict.from_json(v), kind="zelfcheck", letter_date=LETTER_DATE)


def test_a_verdict_of_another_rulebook_content_is_refused(assessor):
    v = assess_file(NEGATIVE, assessor=assessor).verdict.to_json()
    v["receipt"]["rulebook"]["sha256"] = "0" * 64
    with pytest.raises(StoError, match="the rulebook changed since"):
        schedule_for(seal(Verdict.from_json(v)), assessor.library)


def test_plan_text_is_escaped_in_markdown_and_html(assessor):
    data = assess_file(COMPLETE, assessor=assessor).verdict.to_json()
    data["plan"]["region"] = "Zuid *Oost* | <b>West</b>"
    data["plan"]["lead_applicant"] = "Stichting [A] & B_C"
    v = seal(Verdict.from_json(data))
    md = render_letter(v, kind="zelfcheck", letter_date=LETTER_DATE).text
    assert "Zuid \\*Oost\\* \\| \\<b\\>West\\</b\\>" in md
    html = render_letter(v, kind="zelfcheck", fmt="html", letter_date=LETTER_DATE).text
    assert "<b>West</b>" not in html and "&lt;b&gt;West&lt;/b&gt;" in html
    assert md_escape("B_C") == "B\\_C"


def test_bad_configuration_is_an_input_error(tmp_path):
    bad = tmp_path / "briefhoofd.yaml"
    bad.write_text("agency: {short: X}\naanvulling_weeks: 0\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_config(bad)
    assert "aanvulling_weeks" in str(err.value) and "briefhoofd.yaml" in str(err.value)


def test_every_kind_has_both_templates():
    for kind in KINDS:
        for fmt in ("md", "html"):
            assert (template_dir() / f"{kind}.{fmt}.j2").is_file()


# ---------------------------------------------------------------- the command line


@pytest.fixture()
def database(tmp_path, assessor) -> tuple[str, str]:
    """A store with one pre-screen the committee advised on: (url, its id)."""
    url = f"sqlite:///{tmp_path / 'audit.sqlite'}"
    with open_store(url) as s:
        _, case = decided(s, NEGATIVE, assessor, "negative", motivation="Nog niet voldragen.")
    return url, case.assessment_id


def test_cli_writes_the_letters_of_a_stored_pre_screen(database, tmp_path, capsys):
    url, aid = database
    for kind, suffix in (("beschikking", "md"), ("advies", "html"), ("beschikking", "pdf")):
        out = tmp_path / f"{kind}.{suffix}"
        assert cli.main(["letter", aid, "--kind", kind, "--database", url, "-o", str(out)]) == 0
        assert kind in capsys.readouterr().err
        assert out.read_bytes().startswith({"md": b"**", "html": b"<!DOCTYPE html>", "pdf": b"%PDF-"}[suffix])
    assert cli.main(["letter", aid, "--database", url]) == 0  # auto: the beschikking
    out = capsys.readouterr().out
    assert "Ik wijs uw aanvraag af." in out and f"sto letter {aid} --kind beschikking" in flat(out)
    assert cli.main(["letter", aid, "--database", url, "--fingerprint"]) == 0
    fp = capsys.readouterr().out.strip()
    assert re.fullmatch(r"[0-9a-f]{64}", fp) and fp in (tmp_path / "beschikking.md").read_text(encoding="utf-8")


def test_cli_zelfcheck_of_a_verdict_file_and_refusals(assessor, tmp_path, capsys):
    path = tmp_path / "oordeel.json"
    path.write_text(json.dumps(assess_file(NEGATIVE, assessor=assessor).verdict.to_json(), ensure_ascii=False),
                    encoding="utf-8")
    assert cli.main(["letter", str(path), "--lang", "en"]) == 0
    assert "Self-check" in capsys.readouterr().out
    assert cli.main(["letter", str(path), "--kind", "beschikking"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("een beschikking gaat over een opgeslagen voortoets") and "(English:" in err
    missing = tmp_path / "nope.json"
    assert cli.main(["letter", str(missing)]) == 2
    assert "file not found" in capsys.readouterr().err
    junk = tmp_path / "junk.json"
    junk.write_text("{not json", encoding="utf-8")
    assert cli.main(["letter", str(junk)]) == 2
    assert "not a JSON verdict" in capsys.readouterr().err
    with open_store(f"sqlite:///{tmp_path / 'leeg.sqlite'}"):
        pass
    assert cli.main(["letter", "0" * 32, "--database", f"sqlite:///{tmp_path / 'leeg.sqlite'}"]) == 2
    assert "neither a file nor the id" in capsys.readouterr().err

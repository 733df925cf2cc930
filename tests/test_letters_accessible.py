"""Letters a person reads: no internal names in the annex, the reproduce command breaks only at its
spaces, and the PDF is tagged (PDF/UA) with language and title, its text extractable in reading order."""
from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from engine.assess import Assessor, assess_file
from engine.letters import KINDS, render_letter, schedule_for
from engine.letters.render import html_to_pdf

ROOT = Path(__file__).resolve().parents[1]
NEGATIVE = ROOT / "examples" / "plans" / "cofinanciering-net-onder-10.yaml"
LETTER_DATE = dt.date(2019, 7, 1)


@pytest.fixture(scope="module")
def negative() -> tuple[dict, dict]:
    assessor = Assessor()
    verdict = assess_file(NEGATIVE, assessor=assessor).verdict
    return verdict, schedule_for(verdict, assessor.library)


def _letter(negative, kind="afwijzing", fmt="md", lang="nl"):
    verdict, schedule = negative
    return render_letter(verdict, kind=kind, lang=lang, fmt=fmt, letter_date=LETTER_DATE, schedule=schedule)


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_annex_names_no_internal_keys(negative, lang):
    text = _letter(negative, lang=lang).text
    assert "next_round_deadline" not in text and "next\\_round\\_deadline" not in text
    assert "durable-rules" not in text and "Ruleset" not in text
    if lang == "nl":
        assert ("Uiterste datum om een verbeterd plan in te dienen (tweede ronde): 30 september 2019 "
                "(regelboek sto-2020-2023@2019-02-27)") in text
        assert "| Versie van de uitgevoerde regels |" in text and "(receipt)" not in text


def test_reproduce_command_breaks_only_at_its_spaces(negative):
    letter = _letter(negative, kind="zelfcheck", fmt="html")
    command = re.search(r'<code class="opdracht">(.*?)</code>', letter.text, re.S)
    assert command and re.sub(r"<[^>]+>", "", command.group(1)) == \
        f"sto letter OORDEEL.json --kind zelfcheck --lang nl --date {LETTER_DATE.isoformat()}"
    # laid out in a narrow column, as a narrow browser window would: every word of it stays whole
    narrow = letter.text.replace("</head>", "<style>p.klein { width: 38mm; }</style></head>")
    text = _text(html_to_pdf(narrow, when=LETTER_DATE))
    start = text.index("sto letter")
    tail = text[start:start + 200]
    assert "\n" in tail.split(LETTER_DATE.isoformat())[0]  # the command does wrap here
    for word in ["OORDEEL.json", "--kind", "zelfcheck", "--lang", "--date", LETTER_DATE.isoformat()]:
        assert re.search(rf"(?<!\S){re.escape(word)}(?!\S)", tail), (word, tail)


def _struct_kinds(node, out: list[str], depth: int = 0) -> None:
    node = node.get_object()
    if isinstance(node, dict):
        if "/S" in node:
            out.append(str(node["/S"]))
        kids = node.get("/K")
        if kids is not None and depth < 60:
            for kid in kids if isinstance(kids, list) else [kids]:
                if not isinstance(kid, int):
                    _struct_kinds(kid, out, depth + 1)


# One plan per kind of letter, whose outcome allows that letter.
PLAN_FOR_KIND = {"afwijzing": NEGATIVE, "zelfcheck": NEGATIVE,
                 "goedkeuring": ROOT / "examples" / "plans" / "noord-veluwe-compleet.yaml",
                 "aanvulling": ROOT / "tests" / "data" / "letters" / "commissie.yaml"}


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_is_tagged_with_language_title_and_reading_order(kind):
    assessor = Assessor()
    verdict = assess_file(PLAN_FOR_KIND[kind], assessor=assessor).verdict
    letter = render_letter(verdict, kind=kind, fmt="pdf", letter_date=LETTER_DATE,
                           schedule=schedule_for(verdict, assessor.library))
    reader = PdfReader(io.BytesIO(letter.data))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a PDF boolean object)
    assert "/StructTreeRoot" in root
    kinds: list[str] = []
    _struct_kinds(root["/StructTreeRoot"], kinds)
    assert {"/P", "/Table", "/TR", "/TD"} <= set(kinds) and any(re.fullmatch(r"/H\d", k) for k in kinds)
    assert root["/Lang"] == "nl"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    region = verdict["plan"]["region"]
    assert region in reader.metadata.title
    # the text comes out whole and in the order a reader reads it
    text = _text(letter.data)
    order = ["Beoordelingscommissie Sterk Techniekonderwijs", region, "Bijlage: verantwoording",
             "Herkomst van deze brief", "sto letter OORDEEL.json"]
    failing = [f["rule_id"] for f in verdict["findings"] if f["status"] == "fail"]
    if kind in ("afwijzing", "zelfcheck"):
        order.insert(2, failing[0])
    positions = [text.find(s) for s in order]
    assert -1 not in positions and positions == sorted(positions), list(zip(order, positions))


def test_english_pdf_says_en(negative):
    reader = PdfReader(io.BytesIO(_letter(negative, kind="zelfcheck", fmt="pdf", lang="en").data))
    assert reader.trailer["/Root"]["/Lang"] == "en"

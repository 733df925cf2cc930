"""Letters a person reads: no internal names in the annex, the reproduce command breaks only at its
spaces, and the PDF is tagged (PDF/UA) with language and title, its text extractable in reading order."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from engine.assess import Assessor, assess_file
from engine.letters import KINDS, render_letter
from engine.letters.render import html_to_pdf
from engine.store import open_store
from tests.letter_cases import INCOMPLETE, NEGATIVE, decided, prescreen
from tests.letter_cases import dossier as dossier_of

LETTER_DATE = dt.date(2019, 7, 1)


@pytest.fixture(scope="module")
def assessor() -> Assessor:
    return Assessor()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_store(f"sqlite:///{tmp_path_factory.mktemp('brieven') / 'audit.sqlite'}")
    yield s
    s.close()


@pytest.fixture(scope="module")
def negative(assessor, store):
    """The negative example, advised negative: (verdict, dossier)."""
    return decided(store, NEGATIVE, assessor, "negative")


def _letter(negative, kind="beschikking", fmt="md", lang="nl"):
    verdict, dossier = negative
    return render_letter(verdict, kind=kind, lang=lang, fmt=fmt, letter_date=LETTER_DATE,
                         dossier=None if kind == "zelfcheck" else dossier)


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
    letter = _letter(negative, kind="zelfcheck", fmt="html")  # a zelfcheck of a verdict file
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


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_is_tagged_with_language_title_and_reading_order(kind, assessor, store, negative):
    if kind == "aanvulling":
        verdict, dossier = dossier_of(store, prescreen(store, INCOMPLETE, assessor).id)
    else:
        verdict, dossier = negative if kind != "zelfcheck" else (assess_file(NEGATIVE, assessor=assessor).verdict, None)
    letter = render_letter(verdict, kind=kind, fmt="pdf", letter_date=LETTER_DATE, dossier=dossier)
    reader = PdfReader(io.BytesIO(letter.data))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a PDF boolean object)
    assert "/StructTreeRoot" in root
    kinds: list[str] = []
    _struct_kinds(root["/StructTreeRoot"], kinds)
    assert {"/P", "/Table", "/TR", "/TD"} <= set(kinds) and any(re.fullmatch(r"/H\d", k) for k in kinds)
    assert root["/Lang"] == "nl"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    region = verdict.plan.region
    assert region in reader.metadata.title
    # the text comes out whole and in the order a reader reads it: sender, addressee, the point of the
    # letter, the signature, the annex
    text = _text(letter.data)
    sender = {"zelfcheck": "sto-toets", "aanvulling": "Dienst Uitvoering Subsidies", "advies": "Beoordelingscommissie",
              "beschikking": "Dienst Uitvoering Subsidies"}[kind]
    addressee = "Minister" if kind == "advies" else region
    point = {"zelfcheck": "FIN-04", "aanvulling": "FIN-04", "advies": "adviseert u de aanvraag af te wijzen",
             "beschikking": "Ik wijs uw aanvraag af."}[kind]
    order = [sender, addressee, point, "Bijlage: verantwoording", "Herkomst van deze brief", "sto letter"]
    positions = [text.find(s) for s in order]
    assert -1 not in positions and positions == sorted(positions), list(zip(order, positions))


def test_english_pdf_says_en(negative):
    reader = PdfReader(io.BytesIO(_letter(negative, kind="zelfcheck", fmt="pdf", lang="en").data))
    assert reader.trailer["/Root"]["/Lang"] == "en"

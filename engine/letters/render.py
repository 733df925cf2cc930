"""Verdict (+ the committee's records) -> letter (Markdown, HTML or PDF), from templates/letters/.

    letter = render_letter(verdict, kind="zelfcheck", lang="nl", fmt="html")
    letter = render_letter(verdict, kind="beschikking", dossier=Dossier.from_store(stored, records))
    letter.data          # bytes: UTF-8 text for md/html, the PDF for pdf
    letter.fingerprint   # sha256 over template set + verdict + records + settings; printed in the letter

Four kinds, each with its sender, addressee and legal form (docs/process.md, docs/letters.md):
zelfcheck (tool -> region), aanvulling (DUS-I for the minister -> applicant, Awb 4:5), advies
(committee -> minister, no bezwaar) and beschikking (minister, namens deze DUS-I -> applicant, with
the bezwaar clause). The procedure decides which is possible when (engine/letters/dossier.py).

Rendering is a pure function of its inputs: the verdict, the committee's records it rests on, the
letter kind, the language, the letter date (default: the date of the newest record it rests on,
never today), the letterhead configuration (briefhoofd.yaml), the rulebook's schedule and legal
basis (looked up once in the rulebook library and checked against the rulebook hash in the
receipt), and the template files. The same inputs give the same bytes, so an auditor can re-render
a letter later and compare; the fingerprint names exactly those inputs.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InputError, Problem, StoError
from ..i18n import both
from ..jsontypes import JSONObject
from .context import Inputs, build_context
from .dossier import Dossier, check_kind

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..rulebook import Library
    from ..rulebook.model import LegalSource
    from ..verdict.model import Verdict

FORMATS = ("md", "html", "pdf")
LANGS = ("nl", "en")

CONFIG_FILE = "briefhoofd.yaml"
TEXTS_FILE = "teksten.yaml"
CSS_FILE = "brief.css"



def template_dir() -> Path:
    """templates/letters/ of the project (STO_LETTER_TEMPLATES overrides it)."""
    explicit = os.environ.get("STO_LETTER_TEMPLATES")
    if explicit:
        return Path(explicit)
    return Path(__file__).resolve().parents[2] / "templates" / "letters"


# ---------------------------------------------------------------- configuration (briefhoofd.yaml)


class _C(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(_C):
    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Signatory(_C):
    name: str = Field(min_length=1)
    function: Localized


class Office(_C):
    """A sender: its name, letterhead, addresses and who signs for it."""

    name: Localized
    short: str = Field(min_length=1)
    logo_lines: list[str] = Field(min_length=1, max_length=4)
    postal_address: list[str] = Field(min_length=1)
    visiting_address: list[str] = []
    website: str
    email: str
    signatory: Signatory


class Support(_C):
    name: Localized
    email: str
    phone: str
    website: str


class LetterConfig(_C):
    """The small configuration of the letters: the agency (DUS-I) and the committee as senders, the
    minister (default: the regulation's), the reference prefix, the support contact, where a bezwaar
    goes, and the term of an aanvulling."""

    agency: Office
    committee: Office
    minister: Localized | None = None
    reference_prefix: str = Field(min_length=1, max_length=40)
    support: Support
    objection_address: list[str] = Field(min_length=1)
    aanvulling_weeks: int = Field(ge=1, le=52, description="weeks after the letter date to complete an application")


def load_config(path: str | os.PathLike[str] | None = None) -> LetterConfig:
    """Read briefhoofd.yaml (the project's, or the file given)."""
    from ..files import read_bytes

    file = Path(path) if path else template_dir() / CONFIG_FILE
    raw = read_bytes(file, hint=both("letters.hint.config_file", file="templates/letters/" + CONFIG_FILE))
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(str(file), [Problem.said(both("text.not_utf8", offset=exc.start),
                                                  hint=both("text.hint.save_utf8"))]) from None
    except yaml.YAMLError as exc:
        from .. import yaml_messages

        said = yaml_messages.messages(exc)
        line, column = yaml_messages.position(exc)
        raise InputError(str(file), [Problem(said["en"], nl=said["nl"], line=line, column=column)]) from None
    try:
        return LetterConfig.model_validate(data)
    except ValidationError as exc:
        raise InputError(str(file), [Problem.from_pydantic(e) for e in exc.errors()[:20]]) from None


# ---------------------------------------------------------------- hashing


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _sha(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def template_files(directory: Path | None = None) -> list[Path]:
    root = directory or template_dir()
    return sorted((p for p in root.rglob("*") if p.is_file() and not any(part.startswith((".", "__"))
                                                                          for part in p.relative_to(root).parts)),
                  key=lambda p: p.relative_to(root).as_posix())


def template_set_sha256(directory: Path | None = None) -> str:
    """sha256 over every file of the template set: its relative path and the sha256 of its bytes."""
    root = directory or template_dir()
    lines = [f"{p.relative_to(root).as_posix()}\0{_sha(p.read_bytes())}\n" for p in template_files(root)]
    return _sha("".join(lines))


def fingerprint(verdict: JSONObject, kind: str, lang: str, letter_date: dt.date, config: LetterConfig,
                rulebook: dict[str, Any], directory: Path | None = None, dossier: Dossier | None = None) -> str:
    """The letter's identity: sha256 over the template set, the canonical verdict JSON, the records
    it may rest on (ids and hashes) and the settings.

    The output format is not part of it: the Markdown, HTML and PDF of one letter share it.
    """
    payload = {
        "templates": template_set_sha256(directory),
        "verdict": _sha(canonical_json(verdict)),
        "config": _sha(canonical_json(config.model_dump(mode="json"))),
        "rulebook": rulebook,
        "dossier": dossier.digest() if dossier is not None else None,
        "kind": kind,
        "lang": lang,
        "date": letter_date.isoformat(),
    }
    return _sha(canonical_json(payload))


# ---------------------------------------------------------------- inputs taken from the verdict and rulebook


def validate_verdict(verdict: Verdict, source: str | None = None, data: JSONObject | None = None) -> Verdict:
    """The verdict, when its seal (receipt.verdict_sha256) still matches its content: a letter is only
    written for a verdict as the engine made it. `data`: its JSON data, when the caller has it already."""
    from ..verdict import verdict_digest

    sealed = verdict.receipt.verdict_sha256
    if verdict_digest(data if data is not None else verdict.to_json()) != sealed:
        raise InputError(source, [Problem.said(
            both("verdict.changed_after_sealing"), path="/receipt/verdict_sha256", found=sealed,
            hint=both("letters.hint.sealed_verdicts_only", command="sto assess PLAN --format json"))])
    return verdict


def default_letter_date(verdict: Verdict, dossier: Dossier | None = None) -> dt.date:
    """The date of the newest record the letter rests on (the pre-screen's receipt, or the
    committee's newest record), so that re-rendering later gives the same letter."""
    stamp = verdict.receipt.timestamp
    if dossier is not None and dossier.records:
        stamp = max(stamp, max(r["created_at"] for r in dossier.records))
    try:
        return dt.datetime.fromisoformat(stamp).date()
    except ValueError:
        raise InputError(None, [Problem.said(both("verdict.timestamp_not_iso"), path="/receipt/timestamp",
                                             found=stamp, hint=both("letters.hint.letter_date"))]) from None


def schedule_for(verdict: Verdict, library: Library | None = None) -> dict[str, Any]:
    """The schedule entries of the rulebook version that produced the verdict, as plain data.

    The rulebook found in the library must be the one in the receipt (same sha256): otherwise the
    dates might not be those of the version that judged the plan.
    """
    from ..rulebook import load_library

    lib = library if library is not None else load_library()
    book = lib.get(verdict.rulebook_ref)
    then = verdict.receipt.rulebook.sha256
    if book.sha256 != then:
        raise StoError.said(both("letters.rulebook_changed", ref=book.ref, root=lib.root, now=book.sha256[:16] + "…",
                                 then=then[:16] + "…"))
    return {name: entry.model_dump(mode="json", exclude_none=True) for name, entry in sorted(book.schedule.items())}


def legal_basis_for(verdict: Verdict, library: Library | None = None) -> dict[str, Any]:
    """The legal basis a decision letter cites: the regulation (its first version's source in the
    bibliography), the amendments up to the verdict's version, the framework regulation, and the
    minister who issued the regulation; plus the bibliography entries letters may cite by id."""
    from ..rulebook import load_library

    lib = library if library is not None else load_library()
    book = lib.get(verdict.rulebook_ref)
    versions = [b for b in lib.regulation(book.id).versions if b.valid_from <= book.valid_from]
    sources = lib.sources

    def cited(legal: LegalSource) -> tuple[str, str | None, str | None]:
        src = sources.get(legal.source) if legal.source else None
        return (src.citation, src.url, src.publisher) if src else (legal.citation, legal.url, None)

    regulation, url, publisher = cited(versions[0].legal_source)
    amended = [cited(b.legal_source)[0] for b in versions[1:] if b.legal_source.kind == "amendment"]
    framework = sources.get("kaderregeling-ocw-szw-vws")
    keep = ("awb", "atw", "sto-site-meldplicht-2020-11-12")
    return {"regulation": regulation, "url": url, "publisher": publisher, "amended_by": amended,
            "framework": framework.citation if framework else None,
            "sources": {k: {"citation": sources[k].citation, "url": sources[k].url} for k in keep if k in sources}}


def rulebook_view(verdict: Verdict, library: Library | None = None) -> dict[str, Any]:
    """What a letter takes from the rulebook library: the schedule and the legal basis."""
    from ..rulebook import load_library

    lib = library if library is not None else load_library()
    return {"schedule": schedule_for(verdict, lib), "legal": legal_basis_for(verdict, lib)}


@lru_cache(maxsize=8)
def _texts(directory: str, sha: str) -> dict[str, Any]:
    texts: dict[str, Any] = yaml.safe_load((Path(directory) / TEXTS_FILE).read_text(encoding="utf-8"))
    return texts


# ---------------------------------------------------------------- Jinja


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(value: Any) -> str:
    """Escape the characters Markdown would read as markup (verdict and plan texts are plain text)."""
    return _MD_SPECIAL.sub(r"\\\1", str(value))


def md_escaped(obj: Any) -> Any:
    """The context with every text escaped for Markdown (the data is escaped, not the template output,
    so that the templates' own markup and macro results stay as written)."""
    if isinstance(obj, str):
        return md_escape(obj)
    if isinstance(obj, dict):
        return {k: md_escaped(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [md_escaped(v) for v in obj]
    return obj


def css_string(value: str) -> str:
    """A CSS string literal (for @page margin boxes)."""
    out = []
    for ch in str(value):
        if ch in '"\\' or ch in "<>&" or ord(ch) < 32:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


@lru_cache(maxsize=8)
def _environments(directory: str) -> tuple[Environment, Environment]:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    loader = FileSystemLoader(directory)

    def environment(autoescape: bool, finalize: Callable[[object], object] | None = None) -> Environment:
        env = Environment(loader=loader, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                          keep_trailing_newline=True, auto_reload=True, autoescape=autoescape, finalize=finalize)
        env.filters["css_string"] = css_string
        return env

    return environment(True), environment(False, lambda v: "" if v is None else v)


def _page_css(ctx: dict[str, Any]) -> Markup:
    t, letter = ctx["t"], ctx["letter"]
    running = f"{t['date']} {letter['date']} · {t['our_reference']} {letter['reference']}"
    return Markup(
        "@page { @bottom-right { content: " + css_string(t["page"] + " ") + " counter(page) "
        + css_string(" " + t["page_of"] + " ") + " counter(pages); }\n"
        "        @bottom-left { content: " + css_string(f"{t['fingerprint_short']} {letter['fingerprint'][:16]}") + "; }\n"
        "        @top-right { content: " + css_string(running) + "; } }\n"
        "@page :first { @top-right { content: none; } }\n")


# ---------------------------------------------------------------- the public function


@dataclass(frozen=True)
class Letter:
    kind: str
    lang: str
    format: str
    data: bytes
    fingerprint: str
    letter_date: dt.date
    reference: str

    @property
    def text(self) -> str:
        if self.format == "pdf":
            raise ValueError("a PDF letter has no text form; use .data")
        return self.data.decode("utf-8")

    @property
    def suffix(self) -> str:
        return "." + self.format


def render_letter(verdict: Verdict, kind: str = "auto", lang: str = "nl", fmt: str = "md", *,
                  dossier: Dossier | None = None, config: LetterConfig | None = None,
                  letter_date: dt.date | None = None, rulebook: dict[str, Any] | None = None, library: Library | None = None,
                  directory: Path | None = None) -> Letter:
    """Render one letter. `dossier`: the stored pre-screen and the committee's records (needed for
    every kind but the zelfcheck). `rulebook` (schedule and legal basis as plain data, see
    rulebook_view) is looked up in `library` (default: the project's rulebooks) when not given."""
    if lang not in LANGS:
        raise StoError.said(both("letters.unknown_language", lang=lang))
    if fmt not in FORMATS:
        raise StoError.said(both("letters.unknown_format", format=fmt, formats=", ".join(FORMATS)))
    verdict_data = verdict.to_json()  # one dump serves the seal's check and the fingerprint
    validate_verdict(verdict, data=verdict_data)
    root = Path(directory) if directory else template_dir()
    kind = check_kind(verdict, dossier, kind)
    config = config or load_config(root / CONFIG_FILE)
    letter_date = letter_date or default_letter_date(verdict, dossier)
    if rulebook is None:
        rulebook = rulebook_view(verdict, library)
    templates_sha = template_set_sha256(root)
    fp = fingerprint(verdict_data, kind, lang, letter_date, config, rulebook, root, dossier)
    texts = _texts(str(root), _sha((root / TEXTS_FILE).read_bytes()))[lang]
    ctx = build_context(Inputs(verdict, kind, lang, letter_date, config, rulebook, texts, dossier, fp, templates_sha,
                               _sha(canonical_json(config.model_dump(mode="json")))))
    html_env, md_env = _environments(str(root))
    if fmt == "md":
        text = md_env.get_template(f"{kind}.md.j2").render(md_escaped(ctx))
        data = text.encode("utf-8")
    else:
        ctx["css"] = Markup((root / CSS_FILE).read_text(encoding="utf-8"))
        ctx["page_css"] = _page_css(ctx)
        html = html_env.get_template(f"{kind}.html.j2").render(ctx)
        data = html.encode("utf-8") if fmt == "html" else html_to_pdf(html, root, letter_date)
    return Letter(kind, lang, fmt, data, fp, letter_date, ctx["letter"]["reference"])


# Tagged, accessible PDF (PDF/UA-1): a structure tree in reading order for screen readers, the
# document language from <html lang> and the title from <title>, shown as the window title.
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str, base: Path | None = None, when: dt.date | None = None) -> bytes:
    """A4 PDF/UA through WeasyPrint (page size, margins and page numbers come from the CSS).

    WeasyPrint subsets the embedded fonts with HarfBuzz, which writes no timestamp, so the same
    letter gives the same PDF bytes. Where HarfBuzz's subsetter is missing WeasyPrint falls back to
    fontTools, whose subsets carry the time of rendering: the bytes then differ, the fingerprint
    (which never covers the format) does not. `when` is kept for callers; the date is in the letter.
    """
    import logging

    with warnings.catch_warnings():  # WeasyPrint's notice about its fontTools fallback
        warnings.simplefilter("ignore", DeprecationWarning)
        from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        pdf: bytes = HTML(string=html, base_url=str(base or template_dir())).write_pdf(pdf_variant=PDF_VARIANT)
    return pdf

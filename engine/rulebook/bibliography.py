"""The bibliography (`rulebooks/bronnen.yaml`): every source a rulebook may cite, by id.

A rule's basis names a source id and a locator inside it; readers (letters, pages, `sto explain`)
see the source's citation as a person would write it, never the id or a file name.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator

from ..errors import RulebookError
from ..i18n import N_, both, tr
from .model import FileModel
from .yamlfile import read_yaml

FILE_NAME = "bronnen.yaml"

SourceKind = Literal["law", "regulation", "amendment", "policy_letter", "parliamentary_letter", "parliamentary_qa", "study",
                     "agency_page", "programme_site", "third_party", "own_reading"]

# The name of each kind of source, by message id.
KIND_NAMES: dict[str, str] = {
    "law": N_("bibliography.kind.law"),
    "regulation": N_("bibliography.kind.regulation"),
    "amendment": N_("bibliography.kind.amendment"),
    "policy_letter": N_("bibliography.kind.policy_letter"),
    "parliamentary_letter": N_("bibliography.kind.parliamentary_letter"),
    "parliamentary_qa": N_("bibliography.kind.parliamentary_qa"),
    "study": N_("bibliography.kind.study"),
    "agency_page": N_("bibliography.kind.agency_page"),
    "programme_site": N_("bibliography.kind.programme_site"),
    "third_party": N_("bibliography.kind.third_party"),
    "own_reading": N_("bibliography.kind.own_reading"),
}

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# What a file name or a path into the project's working folders looks like: never in a citation.
FILE_LIKE = re.compile(r"(\.\./|\bshared/|\.(txt|md|yaml|yml|json|pdf)\b)", re.IGNORECASE)


class Source(FileModel):
    kind: SourceKind
    citation: str = Field(min_length=1, description="the official citation, as a person would write it")
    date: str | None = Field(default=None, pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
    publisher: str | None = None
    url: str | None = Field(default=None, pattern=r"^https://\S+$")
    note: str | None = None

    @field_validator("date", mode="before")
    @classmethod
    def _date_text(cls, v: object) -> object:
        if isinstance(v, dt.date):
            return v.isoformat()
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v


class BibliographyFile(FileModel):
    sources: dict[str, Source]


def load_bibliography(root: Path) -> dict[str, Source]:
    path = root / FILE_NAME
    name = str(path)
    if not path.is_file():
        raise RulebookError.said_in(name, both("rulebook.no_bibliography"), hint=both("rulebook.hint.create_bibliography"))
    data = read_yaml(path)
    try:
        book = BibliographyFile.model_validate(data)
    except ValidationError as exc:
        from ..errors_nl import UNKNOWN_TEXT
        from ..pydantic_messages import messages

        err = exc.errors()[0]
        loc = "/".join(str(p) for p in err["loc"])
        texts = messages(err)
        said = {"en": f"{loc}: {err['msg']}", "nl": f"{loc}: {texts['nl'] if texts else UNKNOWN_TEXT + err['msg']}"}
        raise RulebookError.said_in(name, said, hint=both("rulebook.hint.sources_format")) from None
    for sid, src in book.sources.items():
        if not ID_PATTERN.match(sid):
            raise RulebookError.said_in(name, both("rulebook.source_id", source=sid), hint=both("rulebook.hint.rename_source"))
        if FILE_LIKE.search(src.citation):
            raise RulebookError.said_in(name, both("rulebook.citation_file_name", source=sid, citation=repr(src.citation)),
                                     hint=both("rulebook.hint.official_citation"))
    return dict(book.sources)


def citation(sources: dict[str, Source], source_id: str) -> str:
    return sources[source_id].citation


DOC_INTRO = """# Bronnen

De bronnen waarop de regels van sto-toets steunen. Elke regel noemt in zijn grondslag een bron uit
deze lijst en de plaats daarin (artikel, paragraaf, pagina); brieven, pagina's en `sto explain` tonen
de bron zoals hieronder bij *Citeerwijze*. Waar het artikelnummer niet bekend is, staat er
"artikel onbekend". Het gewicht loopt van hoog naar laag: regeling en wijzigingsregeling
(Staatscourant), Kamerstukken, pagina's van de overheid, de programmasite, derden. Een grondslag
"eigen lezing" is onze uitwerking: zo'n regel leidt nooit tot afwijzing, alleen tot *beoordeling nodig*.

Dit bestand wordt gemaakt uit `rulebooks/bronnen.yaml` (`python -m engine.rulebook bronnen >
docs/bronnen.md`); een test houdt de twee gelijk. Wijzig dus het YAML-bestand.

*English: the sources the rules rest on, generated from `rulebooks/bronnen.yaml`; each rule's basis
names one of these ids and a locator in it.*
"""

KIND_ORDER = list(KIND_NAMES)


def render_markdown(sources: dict[str, Source]) -> str:
    """docs/bronnen.md: the bibliography for readers, grouped by kind, in the file's order within a kind."""
    out = [DOC_INTRO]
    for kind in KIND_ORDER:
        ids = [sid for sid, s in sources.items() if s.kind == kind]
        if not ids:
            continue
        name = tr(KIND_NAMES[kind], "nl")
        out.append(f"\n## {name[0].upper()}{name[1:]}\n")
        for sid in ids:
            s = sources[sid]
            out.append(f"### `{sid}`\n")
            out.append(f"- **Citeerwijze:** {' '.join(s.citation.split())}")
            out.append(f"- **Soort:** {tr(KIND_NAMES[s.kind], 'nl')}")
            if s.date:
                out.append(f"- **Datum:** {s.date}")
            if s.publisher:
                out.append(f"- **Uitgever:** {s.publisher}")
            out.append(f"- **Vindplaats:** <{s.url}>" if s.url else "- **Vindplaats:** geen openbare URL bekend")
            if s.note:
                out.append(f"- **Toelichting:** {' '.join(s.note.split())}")
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


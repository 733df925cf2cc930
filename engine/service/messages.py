"""Dutch and English messages for API errors.

The plan loader words its problems in English (they also serve the CLI and developers); the
API adds a Dutch sentence for the usual ones, so that a region's own tools can show Dutch. A
problem without a known pattern gets a Dutch lead-in with the location and the English text.
"""
from __future__ import annotations

import re

from ..errors import Problem

# (pattern on the English message, Dutch template using the named groups)
_DUTCH: list[tuple[re.Pattern, str]] = [(re.compile(p), nl) for p, nl in [
    (r"^required field '(?P<f>[^']+)' is missing$", "het verplichte veld '{f}' ontbreekt"),
    (r"^a required field is missing$", "een verplicht veld ontbreekt"),
    (r"^unknown field '(?P<f>[^']+)'$", "onbekend veld '{f}'"),
    (r"^expected an amount in euros such as 12500.00, found (?P<v>.+)$",
     "verwacht een bedrag in euro's zoals 12500.00, gevonden: {v}"),
    (r"^expected a date written as YYYY-MM-DD, found (?P<v>.+)$",
     "verwacht een datum als JJJJ-MM-DD, gevonden: {v}"),
    (r"^Input should be a valid string$", "hier hoort tekst te staan"),
    (r"^Input should be a valid integer.*$", "hier hoort een geheel getal te staan"),
    (r"^Input should be a valid number.*$", "hier hoort een getal te staan"),
    (r"^Input should be a valid boolean.*$", "hier hoort true of false te staan"),
    (r"^Input should be a valid list.*$", "hier hoort een lijst te staan"),
    (r"^Input should be a valid dictionary.*$", "hier horen velden (een mapping) te staan"),
    (r"^Input should be (?P<v>'.+)$", "de waarde moet een van deze zijn: {v}"),
    (r"^Input should be greater than or equal to (?P<v>.+)$", "de waarde moet minstens {v} zijn"),
    (r"^Input should be less than or equal to (?P<v>.+)$", "de waarde mag hoogstens {v} zijn"),
    (r"^String should match pattern.*$", "de waarde heeft niet de juiste vorm"),
    (r"^not valid YAML: (?P<d>.+)$", "geen geldige YAML: {d}"),
    (r"^not valid JSON: (?P<d>.+)$", "geen geldige JSON: {d}"),
    (r"^the file is empty$", "het bestand is leeg"),
    (r"^the file is (?P<n>[\d,]+) bytes; plans larger than (?P<m>[\d,]+) bytes are refused$",
     "het bestand is {n} bytes; plannen groter dan {m} bytes worden geweigerd"),
    (r"^the file is not UTF-8 text.*$", "het bestand is geen UTF-8-tekst"),
    (r"^the file holds more than one YAML document.*$", "het bestand bevat meer dan één YAML-document ('---')"),
    (r"^the file holds no YAML document, only comments$", "het bestand bevat alleen commentaar, geen plan"),
    (r"^the file contains NUL characters.*$", "het bestand bevat NUL-tekens; het is geen tekstplan"),
    (r"^YAML tags are not allowed in a plan: found '(?P<t>[^']+)'$", "YAML-tags zijn niet toegestaan in een plan: '{t}'"),
    (r"^the document expands to more than (?P<n>[\d,]+) values.*$",
     "het document groeit via YAML-aliassen ('&' en '*') uit tot meer dan {n} waarden; dit lijkt een 'alias bomb' "
     "en wordt geweigerd"),
    (r"^the document is nested more than (?P<n>\d+) levels deep$", "het document is dieper dan {n} niveaus genest"),
    (r"^key '(?P<k>[^']+)' appears twice in the same object$", "de sleutel '{k}' staat twee keer in hetzelfde object"),
    (r"^id '(?P<i>[^']+)' is used twice \(also at (?P<p>[^)]+)\)$", "id '{i}' komt twee keer voor (ook bij {p})"),
    (r"^the plan must be a mapping of sections.*$",
     "het plan moet bestaan uit secties (region, partners, ...), niet uit een losse waarde of lijst"),
]]


def dutch(message: str) -> str | None:
    for pattern, template in _DUTCH:
        m = pattern.match(message)
        if m:
            groups = m.groupdict()
            for key in ("n", "m"):  # numbers: Dutch writes 2.000.000 where English writes 2,000,000
                if groups.get(key):
                    groups[key] = groups[key].replace(",", ".")
            return template.format(**groups)
    return None


def where_nl(path: str, line: int | None) -> str:
    parts = []
    if path:
        parts.append(f"veld {path}")
    if line is not None:
        parts.append(f"regel {line}")
    return ", ".join(parts)


def problem_json(problem: dict | Problem) -> dict:
    """One located problem with its field path and a message in Dutch and English."""
    p = problem.to_dict() if isinstance(problem, Problem) else dict(problem)
    english = str(p.get("message", ""))
    nl = dutch(english)
    where = where_nl(p.get("path", ""), p.get("line"))
    if nl is None:
        nl = f"Het plan klopt hier niet ({where}): {english}" if where else f"Het plan klopt niet: {english}"
    else:
        nl = (f"{where[0].upper()}{where[1:]}: {nl}" if where else nl[0].upper() + nl[1:])
    out = {"path": p.get("path", ""), "message": {"nl": nl, "en": english}}
    for key in ("line", "column", "expected", "found", "hint"):
        if p.get(key) is not None:
            out[key] = p[key]
    return out

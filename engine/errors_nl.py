"""Errors as a user reads them, Dutch first: the CLI's rendering (`render_error`) and the Dutch
the HTTP API puts beside the English (engine/service/messages.py).

A problem carries its own Dutch, worded from the message catalogue by the code that found it
(`Problem.nl`, `nl_expected`, `nl_found`, `nl_hint`; engine/i18n.py, docs/design/messages.md);
an error class may carry its own (`nl`, as LetterRefused and the judgement errors do). Where no
Dutch is known, a Dutch lead-in comes with the English text: the reader is never left without the
message itself.

What is left of the older mechanism, patterns on the English text with a Dutch template each, is
the table below: whole messages of other errors (`_ERRORS`: version selection, service, token,
audit-chain and a few CLI errors). They go as those texts get ids.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from .errors import InputError, Problem, RulebookError, StoError
from .jsontypes import JSONObject

# a callable template takes the named groups of its pattern, numbers in Dutch already
Template = str | Callable[[dict[str, str]], str]

# Lead-ins for text that has no Dutch (yet).
UNKNOWN_PROBLEM = "probleem, alleen in het Engels beschreven"
UNKNOWN_ERROR = "fout, alleen in het Engels beschreven"
UNKNOWN_TEXT = "(Engels) "

LABELS = {"field": "veld", "expected": "verwacht", "found": "gevonden", "hint": "oplossing"}

_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")


def _dutch_number(text: str) -> str:
    """2,000,000 (English) -> 2.000.000 (Dutch); other text unchanged."""
    return text.replace(",", ".") if _THOUSANDS.fullmatch(text) else text


def _compile(table: list[tuple[str, Template]]) -> list[tuple[re.Pattern[str], Template]]:
    return [(re.compile(p, re.DOTALL), nl) for p, nl in table]


# Whole messages of other errors (StoError, RulebookError, VersionSelectionError): pattern on the
# English message, Dutch template using the named groups. First match wins.
_ERRORS = _compile([
    (r"^unknown rulebook version '(?P<r>.*)'; known versions: (?P<k>.*)$",
     "onbekende versie van het regelboek: '{r}'; bekende versies: {k}"),
    (r"^no rulebook version is in force on (?P<d>\S+) \(versions: (?P<s>.*)\); "
     r"pass --rulebook ID@VERSION to choose one explicitly$",
     "op {d} geldt geen enkele versie van het regelboek (versies: {s}); kies er zelf een met --rulebook ID@VERSIE"),
    (r"^no version of (?P<r>\S+) is in force on (?P<d>\S+): the regulation is in force (?P<s>.*); "
     r"pass --rulebook ID@VERSION to choose one explicitly$",
     "op {d} geldt geen versie van {r}: die regeling geldt {s}; kies zelf een versie met --rulebook ID@VERSIE"),
    (r"^(?P<d>\S+) lies in (?P<n>\d+) regulations at once \((?P<v>.*)\); "
     r"say which one the plan applies under \(submission\.regulation\)$",
     "op {d} gelden {n} regelingen tegelijk ({v}); zeg onder welke regeling het plan valt (submission.regulation)"),
    (r"^unknown regulation '(?P<r>.*)' \(submission\.regulation\); known regulations: (?P<k>.*); "
     r"write one of these ids, or leave the field out$",
     "onbekende regeling '{r}' (submission.regulation); bekende regelingen: {k}; schrijf een van deze ids, of "
     "laat het veld weg"),
    (r"^(?P<d>\S+) is covered by (?P<n>\d+) versions \((?P<v>.*)\); the rulebooks overlap$",
     "op {d} gelden {n} versies ({v}); de regelboeken overlappen"),
    (r"^rule (?P<r>\S+) is not in this verdict; rules: (?P<k>.*)$", "regel {r} staat niet in dit oordeel; regels: {k}"),
    (r"^--port (?P<p>\S+) is not a port number \(1-65535\)$", "--port {p} is geen poortnummer (1-65535)"),
    (r"^port (?P<p>\d+) on (?P<h>\S+) is already in use \(by another program, or another sto serve\); "
     r"choose another port with --port, e\.g\. (?P<e>--port \d+), or stop the program that uses it$",
     "poort {p} op {h} is al in gebruik (door een ander programma, of door een andere sto serve); kies een andere "
     "poort met --port, bijvoorbeeld {e}, of stop het programma dat de poort gebruikt"),
    (r"^no permission to listen on port (?P<p>\d+); ports below 1024 need administrator rights: "
     r"choose a port from 1024 with --port, e\.g\. --port 8000$",
     "geen toestemming om op poort {p} te luisteren; poorten onder 1024 vragen beheerdersrechten: kies een poort "
     "vanaf 1024 met --port, bijvoorbeeld --port 8000"),
    (r"^--host (?P<h>\S+) is not an address of this computer; use --host 127\.0\.0\.1 \(this computer only\) "
     r"or --host 0\.0\.0\.0 \(every network\)$",
     "--host {h} is geen adres van deze computer; gebruik --host 127.0.0.1 (alleen deze computer) of "
     "--host 0.0.0.0 (alle netwerken)"),
    (r"^cannot listen on (?P<a>\S+): (?P<d>.+); choose another --host or --port$",
     "kan niet luisteren op {a}: {d}; kies een andere --host of --port"),
    (r"^unknown role '(?P<r>.*)'; use committee, auditor or region:<name of the region as in the plan>, "
     r"e\.g\. region:Noord-Veluwe$",
     "onbekende rol '{r}'; gebruik committee, auditor of region:<naam van de regio zoals in het plan>, "
     "bijv. region:Noord-Veluwe"),
    (r"^sto tokens add needs a name and a role, e\.g\. (?P<e>.+)$", "sto tokens add heeft een naam en een rol nodig, bijv. {e}"),
    (r"^sto tokens remove needs the token's name; `sto tokens list` shows them$",
     "sto tokens remove heeft de naam van het token nodig; `sto tokens list` toont de namen"),
    (r"^sto tokens hash needs the token, e\.g\. (?P<e>.+)$", "sto tokens hash heeft het token nodig, bijv. {e}"),
    (r"^(?P<p>.+): cannot read the token file: (?P<d>.+)$", "{p}: het tokenbestand kan niet worden gelezen: {d}"),
    (r"^(?P<p>.+): the token file is not valid YAML: (?P<d>.+)$", "{p}: het tokenbestand is geen geldige YAML: {d}"),
    (r"^(?P<p>.+): the token file is not UTF-8 text: (?P<d>.+)$", "{p}: het tokenbestand is geen UTF-8-tekst: {d}"),
    (r"^(?P<p>.+): no token named '(?P<n>.*)'; `sto tokens list` shows the names$",
     "{p}: er is geen token met de naam '{n}'; `sto tokens list` toont de namen"),
    (r"^token name '(?P<n>.*)' is not allowed; use letters, digits, '\.', '_', '@' or '-' \(at most 64\)$",
     "de tokennaam '{n}' is niet toegestaan; gebruik letters, cijfers, '.', '_', '@' of '-' (hoogstens 64)"),
    (r"^invalid service settings:$", "ongeldige instellingen van de service:"),
    # -- the audit store's checkpoint key and file (engine/store/checkpoint.py)
    (r"^(?P<p>.+): cannot read the (?P<w>checkpoint key|public key|checkpoint file): (?P<d>.+)$",
     lambda g: f"{g['p']}: " + {"checkpoint key": "de sleutel voor controlepunten", "public key": "de publieke sleutel",
                                "checkpoint file": "het controlepuntbestand"}[g["w"]] + f" kan niet worden gelezen: {g['d']}"),
    (r"^(?P<p>.+): not an Ed25519 private key \(make one with (?P<c>`[^`]+`)\)$",
     "{p}: dit is geen Ed25519-sleutel (maak er een met {c})"),
    (r"^(?P<p>.+): not an Ed25519 public key \(the \.pub file `sto audit keygen` wrote\)$",
     "{p}: dit is geen publieke Ed25519-sleutel (het .pub-bestand dat `sto audit keygen` schreef)"),
    (r"^(?P<p>.+) already exists; a checkpoint key is never overwritten \(choose another path\)$",
     "{p} bestaat al; een sleutel voor controlepunten wordt nooit overschreven (kies een ander pad)"),
    (r"^(?P<p>.+): no such folder$", "{p}: deze map bestaat niet"),
    (r"^(?P<p>.+): the folder of the checkpoint file does not exist$", "{p}: de map van het controlepuntbestand bestaat niet"),
    (r"^a checkpoint key is needed: give --key PATH or set (?P<e>\S+)$",
     "er is een sleutel nodig: geef --key PAD of stel {e} in"),
    (r"^checking checkpoints needs the public key: give --public-key FILE \(the \.pub file of `sto audit keygen`\) "
     r"or set (?P<e>\S+)$",
     "controlepunten controleren vraagt de publieke sleutel: geef --public-key BESTAND (het .pub-bestand van "
     "`sto audit keygen`) of stel {e} in"),
    (r"^there is no signed checkpoint yet \(the checkpoint file and the database hold none\); every append signs "
     r"one once (?P<e>\S+) is set$",
     "er is nog geen ondertekend controlepunt (niet in het bestand en niet in de database); elke toevoeging "
     "ondertekent er een zodra {e} is ingesteld"),
    (r"^role name '(?P<n>.*)' is not allowed; use lower-case letters, digits and '_' \(at most 63, starting with a "
     r"letter\)$",
     "de rolnaam '{n}' is niet toegestaan; gebruik kleine letters, cijfers en '_' (hoogstens 63, beginnend met een "
     "letter)"),
    (r"^roles and grants are for PostgreSQL; (?P<u>.+) is (?P<d>\S+)$",
     "rollen en rechten zijn er alleen voor PostgreSQL; {u} is {d}"),
])



# Messages that are Dutch already (some commands word their errors in Dutch): shown as they are.
_DUTCH_WORDS = re.compile(r"\b(geen|niet|wordt|worden|geef|kies|moet|bestaat|gevonden|map)\b")


def _translate(table: list[tuple[re.Pattern[str], Template]], text: str) -> str | None:
    for pattern, template in table:
        m = pattern.match(text)
        if m:
            groups = {k: _dutch_number(v) if v else v for k, v in m.groupdict().items()}
            if callable(template):
                return template(groups)
            return template.format(**groups) if groups else template
    return None


def problem_dutch(problem: Problem | JSONObject) -> str | None:
    """A problem's Dutch: its own, from the catalogue (None for a problem worded in English only,
    e.g. pydantic's text for a validator of another model)."""
    nl = problem.get("nl") if isinstance(problem, dict) else problem.nl
    return None if nl is None else str(nl)


def dutch_error_message(message: str) -> str | None:
    """Dutch for the message of another error (an unknown version, --force needed, a rulebook problem)."""
    return _translate(_ERRORS, message)


def _own(problem: Problem | JSONObject, key: str) -> str | None:
    value = problem.get(key) if isinstance(problem, dict) else getattr(problem, key)
    return None if value is None else str(value)


def expected_nl(problem: Problem | JSONObject) -> str | None:
    """What a problem expected, in Dutch: its own, worded by id where the problem was found."""
    return _own(problem, "nl_expected")


def found_nl(problem: Problem | JSONObject) -> str | None:
    """What was found, in Dutch: its own (a fixed form worded by id), else as written."""
    own = _own(problem, "nl_found")
    return own if own is not None else _own(problem, "found")


def hint_nl(problem: Problem | JSONObject) -> str | None:
    """How to fix it, in Dutch: its own, worded by id where the problem was found."""
    return _own(problem, "nl_hint")


def is_dutch(text: str) -> bool:
    """Whether a message is Dutch already, as a few commands word theirs."""
    return bool(_DUTCH_WORDS.search(text))


def where_nl(path: str, line: int | None) -> str:
    parts = []
    if path:
        parts.append(f"veld {path}")
    if line is not None:
        parts.append(f"regel {line}")
    return ", ".join(parts)


def _or_english(nl: str | None, english: str) -> str:
    return nl if nl is not None else UNKNOWN_TEXT + english


def _label(key: str) -> str:
    return f"  {LABELS[key] + ':':<11}"


def problem_line_nl(problem: Problem, file: str | None) -> str:
    """'FILE:LINE:COL: message' with the message in Dutch where it has Dutch: for one-line summaries."""
    nl = problem_dutch(problem)
    return f"{problem.where(file)}: {nl if nl is not None else problem.message}"


def render_problem(problem: Problem, file: str | None) -> str:
    """One problem, Dutch first: the same file:line:column prefix as Problem.render, the English
    message once in brackets, and Dutch field/expected/found/fix lines."""
    nl = problem_dutch(problem)
    lead = nl if nl is not None else UNKNOWN_PROBLEM
    parts = [f"{problem.where(file)}: {lead} (English: {problem.message})"]
    if problem.path:
        parts.append(f"{_label('field')}{problem.path}")
    if problem.expected:
        parts.append(f"{_label('expected')}{_or_english(expected_nl(problem), problem.expected)}")
    if problem.found is not None:
        parts.append(f"{_label('found')}{found_nl(problem)}")
    if problem.hint:
        parts.append(f"{_label('hint')}{_or_english(hint_nl(problem), problem.hint)}")
    return "\n".join(parts)


def render_input_error(error: InputError) -> str:
    n = len(error.problems)
    head = f"{error.file or '<input>'}: {n} {'probleem' if n == 1 else 'problemen'} gevonden"
    return "\n".join([head] + [render_problem(p, error.file) for p in error.problems])


def render_rulebook_error(error: RulebookError) -> str:
    where = error.file + (f" (regel {error.rule})" if error.rule else "")
    nl = error.nl if error.nl is not None else dutch_error_message(error.message)
    text = f"{where}: {nl if nl is not None else 'fout in het regelboek'} (English: {error.message})"
    if error.hint:
        text += f"\n{_label('hint')}{_or_english(error.nl_hint, error.hint)}"
    return text


def render_error(error: StoError) -> str:
    """The text the CLI prints for an error: Dutch first, the English message once in brackets."""
    if isinstance(error, InputError):
        return render_input_error(error)
    if isinstance(error, RulebookError):
        return render_rulebook_error(error)
    own = getattr(error, "nl", None)
    if isinstance(own, str):  # an error that carries its own Dutch (engine/judgement)
        return f"{own}\n  (English: {error})"
    english = str(error)
    # A message of several lines (a list of settings): the first line says what it is about.
    first, newline, rest = english.partition("\n")
    nl = error.texts["nl"] if error.texts is not None else dutch_error_message(first)
    if nl is None:
        return english if is_dutch(english) else f"{UNKNOWN_ERROR}: {english}"
    if first.endswith(":") and nl.endswith(":"):
        return f"{nl[:-1]} (English: {first[:-1]}):{newline}{rest}"
    if len(nl) + len(first) > 200:  # a long message (a list of versions): the English on a line of its own
        return f"{nl}\n  (English: {first}){newline}{rest}"
    return f"{nl} (English: {first}){newline}{rest}"

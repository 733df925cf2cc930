"""Reading the values a policy officer writes in a scenario: Dutch amounts, dates, percentages,
yes/no and the Dutch names of plan values (partner kinds, roles, statuses, outcomes).

Every reader raises `ScenarioError` with a message that says what was expected, so a typo in a
feature file gives a sentence, not a traceback.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

DOC = "docs/gherkin-stappen.md"


class ScenarioError(Exception):
    """A scenario cannot be run as written (unknown step, bad value, unknown plan or rule)."""


class CheckFailed(AssertionError):
    """A `Dan` step found something other than what the scenario expects."""


MONTHS = {"januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7, "augustus": 8,
          "september": 9, "oktober": 10, "november": 11, "december": 12}

STATUS_BY_LABEL = {"voldoet": "pass", "voldoet niet": "fail", "beoordeling nodig": "needs_review",
                   "niet van toepassing": "not_applicable"}
LABEL_BY_STATUS = {v: k for k, v in STATUS_BY_LABEL.items()}

OUTCOME_BY_LABEL = {"positief advies": "positive_advice", "negatief advies": "negative_advice",
                    "niet subsidiabel": "ineligible", "beoordeling door de commissie": "committee_review"}
LABEL_BY_OUTCOME = {v: k for k, v in OUTCOME_BY_LABEL.items()}

PARTNER_TYPES = {"vmbo": "vmbo", "vso": "vso", "mbo": "mbo", "basisschool": "primary_school", "bedrijf": "business",
                 "overheid": "government", "gemeente": "government", "overig": "other"}
ROLES = {"kern": "core", "kernpartner": "core", "ondersteunend": "supporting"}
REGION_KINDS = {"techniekregio": "technical", "techniekarme regio": "low_technical",
                "techniekluwe regio": "low_technical"}
MAIN_GOALS = {"dekkend aanbod": "covering_offer", "duurzame kwaliteit": "lasting_quality"}
COST_CATEGORIES = {"personeel": "personnel", "apparatuur": "equipment", "materiaal": "materials",
                   "huisvesting": "housing", "scholing": "training", "extern": "external", "overig": "other"}
COFINANCING_KINDS = {"geld": "cash", "in natura": "in_kind"}
OFFER_DECISIONS = {"behouden": "keep", "starten": "start", "stoppen": "stop", "samenvoegen": "merge"}
YES = {"ja", "j", "waar"}
NO = {"nee", "n", "onwaar"}


def normalise(text: str) -> str:
    return " ".join(text.split())


def unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    return text


def parse_money(text: str) -> Decimal:
    """`€ 371.140`, `€ 22.499,99`, `371140`, `1.000.000,00` -> Decimal euros (Dutch: `.` groups, `,` decimals)."""
    raw = unquote(text).replace("€", "").replace("EUR", "").replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d{1,2})?|-?\d+(,\d{1,2})?", raw):
        raise ScenarioError(f"'{text}' is geen bedrag; schrijf bijvoorbeeld € 371.140 of € 22.499,99 "
                            f"(punt tussen duizendtallen, komma voor centen)")
    return Decimal(raw.replace(".", "").replace(",", "."))


def parse_number(text: str) -> Decimal:
    """`16`, `7,5`, `1.000` -> Decimal."""
    raw = unquote(text).replace(" ", "")
    if not re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?|-?\d+(,\d+)?", raw):
        raise ScenarioError(f"'{text}' is geen getal; schrijf bijvoorbeeld 16, 7,5 of 1.000")
    try:
        return Decimal(raw.replace(".", "").replace(",", "."))
    except InvalidOperation:
        raise ScenarioError(f"'{text}' is geen getal") from None


def parse_percentage(text: str) -> Decimal:
    raw = unquote(text).strip().removesuffix("%").strip()
    return parse_number(raw)


def parse_date(text: str) -> dt.date:
    """`2019-03-31` or `31 maart 2019` (or `31-03-2019`)."""
    raw = normalise(unquote(text)).lower()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return dt.date.fromisoformat(raw)
        m = re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", raw)
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        m = re.fullmatch(r"(\d{1,2}) ([a-z]+) (\d{4})", raw)
        if m and m[2] in MONTHS:
            return dt.date(int(m[3]), MONTHS[m[2]], int(m[1]))
    except ValueError:
        raise ScenarioError(f"'{text}' is geen bestaande datum") from None
    raise ScenarioError(f"'{text}' is geen datum; schrijf bijvoorbeeld 31 maart 2019 of 2019-03-31")


def parse_yes_no(text: str) -> bool:
    raw = unquote(text).strip().lower()
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise ScenarioError(f"'{text}' is geen ja of nee")


def parse_choice(text: str, choices: dict[str, str], what: str) -> str:
    raw = normalise(unquote(text)).lower()
    if raw in choices:
        return choices[raw]
    if raw in choices.values():  # the plan file's own (English) value is accepted too
        return raw
    known = ", ".join(sorted(choices))
    raise ScenarioError(f"'{text}' is geen {what}; kies uit: {known}")


def parse_list(text: str) -> list[str]:
    """`PIE, BWI` -> ['PIE', 'BWI']; empty or `-` -> []."""
    raw = unquote(text).strip()
    if raw in ("", "-", "—", "geen"):
        return []
    return [part.strip() for part in re.split(r"[;,]", raw) if part.strip()]


def parse_profiles(text: str) -> list[dict[str, Any]]:
    """`PIE (bb 60, kb 50, gl 20); BWI (bb 40)` -> profile offers with upper-year students per track."""
    profiles: list[dict[str, Any]] = []
    raw = unquote(text).strip()
    if raw in ("", "-", "—", "geen"):
        return profiles
    for part in raw.split(";"):
        m = re.fullmatch(r"\s*([A-Za-z&]+)\s*(?:\(([^)]*)\))?\s*", part)
        if not m:
            raise ScenarioError(f"'{part.strip()}' is geen profiel; schrijf bijvoorbeeld PIE (bb 60, kb 50, gl 20)")
        students = {}
        for count in (m[2] or "").split(","):
            if not count.strip():
                continue
            cm = re.fullmatch(r"\s*(bb|kb|gl)\s+(\d+)\s*", count)
            if not cm:
                raise ScenarioError(f"'{count.strip()}' is geen leerlingaantal; schrijf bijvoorbeeld bb 60")
            students[cm[1]] = int(cm[2])
        profiles.append({"profile": m[1], "students": students})
    return profiles


def plain_amount(value: Decimal) -> str:
    """A Decimal as the plan file writes amounts: euros, at most two decimals."""
    return format(value.quantize(Decimal("0.01")), "f")

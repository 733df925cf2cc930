"""The plan document: what a region submits, as typed, strict pydantic models.

Keys are English identifiers from the domain glossary; values (names, texts) are whatever
the region writes, usually Dutch. Unknown keys are rejected so that a misspelt field is an
error the region sees, not a silently ignored section.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, model_validator
from pydantic import Strict as StrictType

from ..errors import SaidValueError
from ..i18n import N_, both

PLAN_SCHEMA_VERSION = 1

MAX_AMOUNT_EUR = Decimal("1000000000")  # EUR 1 billion: far above any STO budget, catches unit slips
_CENT, _THOUSANDTH, _MAX_QUANTITY = Decimal("0.01"), Decimal("0.001"), Decimal("100000000")
# Amounts and quantities written as text are plain decimals: Decimal() alone would also read
# '1_000', '1E3' and '1e-400' (which then silently rounds to nothing).
_PLAIN_DECIMAL = re.compile(r"[-+]?[0-9]+(\.[0-9]+)?")


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# Our validators refuse a value by catalogue id (SaidValueError: the English, the Dutch and what
# was expected). What a value is that is not an amount at all, by its Python type: English keeps
# the type's name.
_TYPE_NAMES = {"NoneType": N_("plan.type.NoneType"), "dict": N_("plan.type.dict"), "list": N_("plan.type.list"),
               "tuple": N_("plan.type.tuple"), "datetime": N_("plan.type.datetime"), "date": N_("plan.type.date"),
               "str": N_("plan.type.str")}


def _type_name(value: Any) -> dict[str, str] | str:
    name = type(value).__name__
    return both(_TYPE_NAMES[name]) if name in _TYPE_NAMES else name


def _parse_date(value: Any) -> Any:
    # YAML gives date objects, JSON gives ISO strings; accept both, nothing else.
    if isinstance(value, dt.datetime):
        raise SaidValueError(both("plan.date_with_time"), both("plan.expected.date_plain"))
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise SaidValueError(both("plan.date_not_existing", value=value)) from exc
    raise SaidValueError(both("plan.date_format", found=repr(value)), both("plan.expected.date_written"))


def _parse_money(value: Any) -> Decimal:
    # Euros with at most two decimals. Floats from YAML are read through repr() so 12.3 stays 12.30.
    if isinstance(value, bool):
        raise SaidValueError(both("plan.amount_type", found=repr(value)), both("plan.expected.amount"))
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise SaidValueError(both("plan.amount_not_finite"), both("plan.expected.amount"))
        amount = Decimal(repr(value))
    elif isinstance(value, str):
        if not _PLAIN_DECIMAL.fullmatch(value.strip()):
            raise SaidValueError(both("plan.amount_text", found=repr(value)), both("plan.expected.amount_example"))
        amount = Decimal(value.strip())
    elif isinstance(value, Decimal):
        amount = value
    else:
        raise SaidValueError(both("plan.amount_type", found=_type_name(value)), both("plan.expected.amount"))
    if not amount.is_finite():
        raise SaidValueError(both("plan.amount_not_finite"), both("plan.expected.amount"))
    if amount < 0:
        raise SaidValueError(both("plan.amount_negative", amount=amount))
    if amount > MAX_AMOUNT_EUR:
        raise SaidValueError(both("plan.amount_too_large", amount=amount))
    in_cents = amount.quantize(_CENT)
    if amount != in_cents:
        raise SaidValueError(both("plan.amount_decimals", amount=amount))
    return in_cents


def _parse_quantity(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise SaidValueError(both("plan.quantity_type", found=repr(value)), both("plan.expected.number"))
    if isinstance(value, str) and not _PLAIN_DECIMAL.fullmatch(value.strip()):
        raise SaidValueError(both("plan.quantity_type", found=repr(value)), both("plan.expected.number"))
    try:
        q = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise SaidValueError(both("plan.quantity_type", found=repr(value)), both("plan.expected.number")) from exc
    if not q.is_finite() or q < 0:
        raise SaidValueError(both("plan.quantity_negative", found=repr(value)), both("plan.expected.non_negative"))
    if q > _MAX_QUANTITY:
        raise SaidValueError(both("plan.quantity_too_large", quantity=q))
    if q != q.quantize(_THOUSANDTH):
        raise SaidValueError(both("plan.quantity_decimals", quantity=q))
    return q


Date = Annotated[dt.date, BeforeValidator(_parse_date), PlainSerializer(lambda d: d.isoformat(), return_type=str)]
Money = Annotated[
    Decimal,
    BeforeValidator(_parse_money),
    PlainSerializer(lambda d: format(d, "f"), return_type=str),
    Field(json_schema_extra={"type": ["number", "string"], "description": "euros, at most two decimals"}),
]
Quantity = Annotated[
    Decimal,
    BeforeValidator(_parse_quantity),
    PlainSerializer(lambda d: format(d, "f"), return_type=str),
    Field(json_schema_extra={"type": ["number", "string"]}),
]
Identifier = Annotated[str, StrictType(), Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")]
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _clean_text(value: Any, keep: str) -> Any:
    """One spelling per text (Unicode NFC), and no control characters: a name like
    'Techniekregio X' must compare equal however it was typed, and an escape sequence in a plan
    must not reach a terminal. Not a str: left for the strict type to refuse."""
    if not isinstance(value, str):
        return value
    for found in _CONTROL.finditer(value):  # the regex engine scans; a plan has ~150 texts
        char = found.group()
        if char not in keep:
            raise SaidValueError(both("plan.control_character", code="U+" + format(ord(char), "04X"),
                                       position=found.start() + 1))
    return unicodedata.normalize("NFC", value)


def _clean_name(value: Any) -> Any:
    value = _clean_text(value, keep="")
    return value.strip() if isinstance(value, str) else value


Text = Annotated[str, BeforeValidator(lambda v: _clean_text(v, keep="\t\n\r")), StrictType(),
                 Field(max_length=100_000)]
# Names, titles and other one-line texts: also without leading or trailing spaces.
ShortText = Annotated[str, BeforeValidator(_clean_name), StrictType(), Field(max_length=500)]
# A BRIN number identifies a school; 4 characters for the institution, 6 with the location (vestiging).
Brin = Annotated[str, StrictType(), Field(pattern=r"^[0-9]{2}[A-Z]{2}([0-9]{2})?$")]
Year = Annotated[int, StrictType(), Field(ge=2000, le=2100)]
StudentCount = Annotated[int, StrictType(), Field(ge=0, le=100_000)]
Flag = Annotated[bool, StrictType()]


class Strict(BaseModel):
    # Strictness lives on the scalar types (no "12" -> 12, no 1 -> True); enums and lists are
    # still read from their plain YAML/JSON forms.
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegionKind(str, Enum):
    technical = "technical"  # techniekregio
    low_technical = "low_technical"  # techniekarme regio (from 2025: techniekluwe regio)


class PartnerType(str, Enum):
    vmbo = "vmbo"
    vso = "vso"
    mbo = "mbo"
    primary_school = "primary_school"
    business = "business"
    government = "government"
    other = "other"


class PartnerRole(str, Enum):
    core = "core"
    supporting = "supporting"


class Track(str, Enum):
    bb = "bb"
    kb = "kb"
    gl = "gl"
    tl = "tl"


class Profile(str, Enum):
    PIE = "PIE"  # Produceren, installeren en energie
    BWI = "BWI"  # Bouwen, wonen en interieur
    MT = "M&T"  # Mobiliteit en transport
    MaT = "MaT"  # Maritiem en techniek
    MVI = "MVI"  # Media, vormgeving en ICT
    DP = "D&P"  # Dienstverlening en producten (not technical)
    ZW = "Z&W"  # Zorg en welzijn
    EO = "E&O"  # Economie en ondernemen
    HBR = "HBR"  # Horeca, bakkerij en recreatie
    GR = "Groen"


TECHNICAL_PROFILES = frozenset({Profile.PIE, Profile.BWI, Profile.MT, Profile.MaT, Profile.MVI})
HARD_TECHNICAL_PROFILES = frozenset({Profile.PIE, Profile.BWI, Profile.MT})


class MainGoal(str, Enum):
    covering_offer = "covering_offer"  # dekkend en toekomstbestendig aanbod
    lasting_quality = "lasting_quality"  # duurzame kwaliteit


class CostCategory(str, Enum):
    personnel = "personnel"
    equipment = "equipment"
    materials = "materials"
    housing = "housing"
    training = "training"
    external = "external"
    other = "other"


class CofinancingKind(str, Enum):
    cash = "cash"
    in_kind = "in_kind"


class OfferDecisionKind(str, Enum):
    keep = "keep"
    start = "start"
    stop = "stop"
    merge = "merge"


class StudentCounts(Strict):
    bb: StudentCount = 0
    kb: StudentCount = 0
    gl: StudentCount = 0


class ProfileOffer(Strict):
    profile: Profile
    students: StudentCounts = Field(description="upper-year (years 3 and 4) students per track, counted on 1 October")


class CooperationAgreement(Strict):
    signed: Flag
    signed_on: Date | None = None


class Partner(Strict):
    id: Identifier
    name: ShortText = Field(min_length=1)
    type: PartnerType
    brin: Brin | None = None
    board: ShortText | None = Field(default=None, description="bevoegd gezag (school board) for schools")
    role: PartnerRole
    profiles: tuple[ProfileOffer, ...] = Field(default=(), max_length=20)
    students_counted_on: Date | None = None
    cooperation_agreement: CooperationAgreement


class Region(Strict):
    name: ShortText = Field(min_length=1)
    kind: RegionKind


class LeadApplicant(Strict):
    board: ShortText = Field(min_length=1)
    school_brin: Brin


# The id of a regulation as the rulebooks name it (rulebooks/<id>/), e.g. sto-2025-2028.
RegulationId = Annotated[str, StrictType(), Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]


class Submission(Strict):
    date: Date
    round: Annotated[int, StrictType()] = Field(ge=1, le=10)
    regulation: RegulationId | None = Field(
        default=None, examples=["sto-2020-2023", "sto-2025-2028"],
        description="the regulation the plan applies under (a rulebook id); without it, the regulation in force on "
                    "the submission date, and from 3 April to 31 December 2024 (both in force) the newer one, "
                    "sto-2025-2028: the only one taking applications then")
    answers_decision: ShortText | None = Field(
        default=None, description="reference of the earlier decision a resubmission answers"
    )


class LabourMarketAnalysis(Strict):
    text: Text
    sources: tuple[ShortText, ...] = Field(default=(), max_length=100)


class ForecastPoint(Strict):
    year: Year
    students: StudentCount


class CurrentOffer(Strict):
    partner: Identifier
    profile: Profile
    tracks: tuple[Track, ...] = Field(default=(), max_length=10)


class OfferDecision(Strict):
    partner: Identifier
    profile: Profile
    decision: OfferDecisionKind
    small_offer: Flag = Field(default=False, description="the offer is not efficient (small) but kept alive")
    justification: Text | None = None


class RegionalVision(Strict):
    labour_market_analysis: LabourMarketAnalysis
    student_forecast: tuple[ForecastPoint, ...] = Field(default=(), max_length=50)
    current_offer: tuple[CurrentOffer, ...] = Field(default=(), max_length=500)
    offer_decisions: tuple[OfferDecision, ...] = Field(default=(), max_length=500)


class Milestone(Strict):
    description: Text
    due: Date | None = None
    indicator: Text | None = Field(default=None, description="how reaching the milestone is measured")


class Activity(Strict):
    id: Identifier
    title: ShortText = Field(min_length=1)
    description: Text = ""
    main_goals: tuple[MainGoal, ...] = Field(default=(), max_length=10)
    objectives: tuple[Text, ...] = Field(default=(), max_length=30)
    owner: Identifier | None = None
    milestones: tuple[Milestone, ...] = Field(default=(), max_length=30)


class CostLine(Strict):
    id: Identifier
    activity: Identifier | None = None
    year: Year
    category: CostCategory
    quantity: Quantity | None = None
    unit_price: Money | None = None
    amount: Money
    explanation: Text | None = None


class YearAmount(Strict):
    year: Year
    amount: Money


class Cofinancing(Strict):
    partner: Identifier
    year: Year
    kind: CofinancingKind
    amount: Money
    description: Text = ""


class Budget(Strict):
    cost_lines: tuple[CostLine, ...] = Field(default=(), max_length=2000)
    requested_subsidy: tuple[YearAmount, ...] = Field(default=(), max_length=20)
    cofinancing: tuple[Cofinancing, ...] = Field(default=(), max_length=2000)
    regional_maximum: Money | None = Field(
        default=None, description="regulation 2025-2028, techniekregio: the most the region may request for "
                                  "2025-2028 according to bijlage 3 of the regulation, as the region reads it there "
                                  "(the committee checks it against the annex)")


class ProjectLeader(Strict):
    name: ShortText = Field(min_length=1)
    partner: Identifier
    hours_per_week: Annotated[float, StrictType(), Field(ge=0, le=80)] | None = None


class SteeringMember(Strict):
    name: ShortText = Field(min_length=1)
    partner: Identifier
    role: ShortText | None = None


class Organisation(Strict):
    project_leader: ProjectLeader | None = None
    steering_group: tuple[SteeringMember, ...] = Field(default=(), max_length=100)
    decision_making: Text = ""
    monitoring: Text = ""
    reporting: Text = ""


class Plan(Strict):
    """A regional plan for the Sterk Techniekonderwijs subsidy.

    Every list has a bound far above what a real plan holds (a region has tens of activities with a
    handful of milestones each): without them one request of 45,000 milestones cost ten seconds of
    a worker and put 19 MB of verdict into the append-only store for ever.
    """

    schema_version: Annotated[int, StrictType(), Field(ge=1, le=1)] = 1
    region: Region
    lead_applicant: LeadApplicant
    submission: Submission
    partners: tuple[Partner, ...] = Field(default=(), max_length=500)
    regional_vision: RegionalVision | None = None
    activities: tuple[Activity, ...] = Field(default=(), max_length=200)
    budget: Budget = Budget()
    organisation: Organisation = Organisation()

    @model_validator(mode="after")
    def _unique_ids(self) -> Plan:
        # Duplicate ids would make every reference (owner, cost line -> activity) ambiguous.
        lists: tuple[tuple[str, tuple[Partner | Activity | CostLine, ...]], ...] = (
            ("partners", self.partners), ("activities", self.activities), ("budget/cost_lines", self.budget.cost_lines))
        for field, items in lists:
            if len({item.id for item in items}) == len(items):
                continue  # the usual case, without a dict per list
            seen: dict[str, int] = {}
            for index, item in enumerate(items):
                if item.id in seen:
                    raise SaidValueError(both("plan.duplicate_id_in", id=item.id, field=field, first=seen[item.id],
                                              second=index))
                seen[item.id] = index
        return self

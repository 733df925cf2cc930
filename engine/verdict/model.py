"""The verdict: what the pipeline builds (engine/verdict/build.py), what letters, store, service and
CLI read, and the published JSON Schema (`sto schema verdict`).

Each part is a frozen dataclass: one verdict is read by many (a letter, the store, a page) and none
may change it; sealing makes a new one. The pipeline builds ~200 parts a plan and seals each
verdict, so they are plain dataclasses, which build faster than validating models and which orjson
writes itself (docs/design/verdict.md); pydantic reads them from JSON (`Verdict.from_json`, through
a `TypeAdapter`) and writes the JSON Schema.

A field declared with `unset(default)` may be absent: a part built or read without it has no key
for it in its JSON (`to_json`), and reading the attribute gives the default. So a verdict read back
from a file or the store writes the same keys again (verdicts made before a field existed do not
grow a `null` for it), and a basis without a quote does not list one.
"""
from __future__ import annotations

import dataclasses
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeVar, cast, dataclass_transform

import orjson
from pydantic import ConfigDict, Field, GetCoreSchemaHandler, TypeAdapter
from pydantic_core import CoreSchema, core_schema

from ..i18n import N_, Labels
from ..jsontypes import JSONObject

if TYPE_CHECKING:
    from typing import Self

VERDICT_SCHEMA_VERSION: Literal["1.0"] = "1.0"
T = TypeVar("T")


class Outcome(str, Enum):
    ineligible = "ineligible"
    negative_advice = "negative_advice"
    committee_review = "committee_review"
    positive_advice = "positive_advice"


# labels[key] -> {"nl": ..., "en": ...}, from the message catalogues
OUTCOME_LABELS = Labels({Outcome.ineligible: N_("verdict.outcome.ineligible"),
                         Outcome.negative_advice: N_("verdict.outcome.negative_advice"),
                         Outcome.committee_review: N_("verdict.outcome.committee_review"),
                         Outcome.positive_advice: N_("verdict.outcome.positive_advice")})

Status = Literal["pass", "fail", "needs_review", "not_applicable"]
Severity = Literal["knockout", "assessment", "advisory"]
Reason = Literal["engine_pass", "engine_fail", "assumed_basis", "missing_evidence", "not_applicable"]
EvidenceSource = Literal["engine", "plan"]
SelectedBy = Literal["submission_date", "as_of", "explicit"]
ChosenBy = Literal["plan", "submission_date"]
STATUS_LABELS = Labels({"pass": N_("verdict.status.pass"), "fail": N_("verdict.status.fail"),
                        "needs_review": N_("verdict.status.needs_review"),
                        "not_applicable": N_("verdict.status.not_applicable")})
SEVERITY_LABELS = Labels({"knockout": N_("verdict.severity.knockout"), "assessment": N_("verdict.severity.assessment"),
                          "advisory": N_("verdict.severity.advisory")})


class _Unset:
    """The constructor's default of a field that may be absent; never left on a part."""

    __slots__ = ("default",)

    def __init__(self, default: object) -> None:
        self.default = default

    def __repr__(self) -> str:
        return f"unset({self.default!r})"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: type[Any], handler: GetCoreSchemaHandler) -> CoreSchema:
        # a JSON Schema shows a field's default as pydantic writes the value: the default it stands for
        return core_schema.any_schema(
            serialization=core_schema.plain_serializer_function_ser_schema(lambda marker: marker.default))


def unset(default: T) -> T:
    """Declare a field that is absent when a part is built or read without it; reading gives `default`."""
    return cast(T, _Unset(default))


def _drop_unset(self: object) -> None:
    # a frozen dataclass's attributes live in its __dict__; an absent field is one without a key
    # there, which the class attribute (the default) then answers for
    values = self.__dict__
    for name in type(self).__maybe_absent__:  # type: ignore[attr-defined]
        if type(values[name]) is _Unset:
            del values[name]


class _Part:
    """What every part of a verdict has (see the module's docstring)."""

    __maybe_absent__: ClassVar[tuple[str, ...]] = ()

    def has(self, name: str) -> bool:
        """Whether the field was given (built or read with it), as opposed to absent."""
        return name in self.__dict__

    def replace(self, **changes: Any) -> Self:
        """A copy with `changes`; fields absent here stay absent. Not validated: the caller's types hold."""
        fields: dict[str, Any] = self.__dataclass_fields__  # type: ignore[attr-defined]
        unknown = set(changes) - set(fields)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        values = {**self.__dict__, **changes}
        new = object.__new__(type(self))
        new.__dict__.update((name, values[name]) for name in fields if name in values)  # in schema order
        return new

    def without(self, *names: str) -> Self:
        """A copy in which the fields `names` are absent; only fields declared with `unset` may be."""
        new = self.replace()
        for name in names:
            if name not in type(self).__maybe_absent__:
                raise TypeError(f"{type(self).__name__}.{name} cannot be absent")
            new.__dict__.pop(name, None)
        return new

    def to_json(self) -> JSONObject:
        """As JSON data: the fields it was built or read with, in schema order."""
        data: JSONObject = orjson.loads(orjson.dumps(self))
        return data


@dataclass_transform(frozen_default=True, kw_only_default=True)
def part(cls: type[T]) -> type[T]:
    """A frozen dataclass part of the verdict; `unset(...)` defaults mark the fields that may be absent."""
    maybe_absent = tuple(name for name, value in vars(cls).items() if isinstance(value, _Unset))
    if maybe_absent:
        cls.__post_init__ = _drop_unset  # type: ignore[attr-defined]
    made = dataclasses.dataclass(frozen=True, kw_only=True)(cls)
    for name in maybe_absent:  # the constructor and pydantic keep the marker; reading an absent field gives the default
        setattr(made, name, cast(_Unset, getattr(made, name)).default)
    made.__maybe_absent__ = maybe_absent  # type: ignore[attr-defined]
    made.__pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[attr-defined]
    return made


def verdict_parts_default(obj: object) -> object:
    """orjson's `default` for verdict parts given with OPT_PASSTHROUGH_DATACLASS: their fields as a
    dict, so that OPT_SORT_KEYS sorts them too (it leaves a dataclass's own order alone)."""
    if isinstance(obj, _Part):
        return obj.__dict__
    raise TypeError(f"{type(obj).__name__} is not JSON data")


@part
class Text(_Part):
    nl: str
    en: str

    def of(self, lang: str) -> str:
        """The text in `lang` (nl, or en for anything else)."""
        return self.nl if lang == "nl" else self.en


@part
class Basis(_Part):
    source: str
    section: str
    confidence: Literal["verified", "assumed"]
    quote: str | None = unset(None)
    url: str | None = unset(None)
    note: str | None = unset(None)
    citation: Annotated[str | None, Field(description="the source as a person cites it (rulebooks/bronnen.yaml)")] = \
        unset(None)


@part
class FactEvidence(_Part):
    fact: Annotated[str, Field(description="owner.name, e.g. plan.cofinancing_share_bp")]
    label: Text
    unit: str
    value: Annotated[Any, Field(description="engine value (cents, basis points, day number, ...); null when absent")]
    display: Text
    pointers: Annotated[list[str], Field(description="JSON pointers into the plan document")]
    source: Annotated[EvidenceSource, Field(description="engine: the value the engine matched; plan: from the facts")]
    formula: str | None = unset(None)


@part
class ParameterEvidence(_Part):
    name: str
    type: str
    value: Any
    display: Text
    basis: Basis


@part
class Violation(_Part):
    item: str
    label: str
    pointer: str
    values: dict[str, Any]


@part
class Remediation(_Part):
    fields: Annotated[list[str], Field(description="plan fields to change, dotted with list indices as in the plan "
                                                   "(partners[2].cooperation_agreement.signed); index 0 is the first "
                                                   "entry")] = unset([])
    gap: Annotated[int | float | None, Field(description="how much must change, in the engine unit; absent for yes/no "
                                                         "rules")] = unset(None)
    unit: str | None = unset(None)
    display: Text | None = unset(None)
    message: Text


@part
class Finding(_Part):
    rule_id: str
    title: Text
    family: str
    severity: Severity
    status: Status
    reason: Reason
    message: Text
    basis: Basis
    condition: str
    applies_when: str | None = unset(None)
    fired: list[str]
    evidence: list[FactEvidence]
    parameters: list[ParameterEvidence]
    violations: list[Violation] = unset([])
    remediation: Remediation | None = unset(None)


@part
class FamilySummary(_Part):
    family: str
    name: Text
    status: Status
    counts: dict[str, int]


@part
class RulebookRef(_Part):
    id: str
    version: str
    sha256: str
    title: str
    legal_source: str
    files: list[str]


@part
class RegulationChoice(_Part):
    id: Annotated[str, Field(description="the regulation (rulebook id) the plan applies under")]
    chosen_by: Annotated[ChosenBy, Field(
        description="plan: the plan names it (submission.regulation); submission_date: the regulation in force on "
                    "the submission date (the newer where two are in force)")]


@part
class Receipt(_Part):
    plan_sha256: str
    plan_source: str
    rulebook: RulebookRef
    ruleset: str
    regulation: Annotated[RegulationChoice | None, Field(
        description="which regulation the plan was judged under and why; absent in verdicts made before it was "
                    "recorded")] = unset(None)
    selected_by: SelectedBy
    as_of: str
    engine: dict[str, str]
    packages: dict[str, str]
    python: str
    code_sha256: Annotated[str | None, Field(description="sha256 of the sto-toets engine source that made this "
                                                         "verdict (engine/**/*.py); absent in verdicts made before it "
                                                         "was recorded")] = unset(None)
    timestamp: str
    verdict_sha256: Annotated[str, Field(description="sha256 of this verdict without timestamp, code_sha256 and this "
                                                     "field")]


@part
class PlanSummary(_Part):
    region: str
    region_kind: str
    lead_applicant: str
    submission_date: str
    round: int


@part
class FundingLine(_Part):
    label: Text
    computation: Text
    cents: int


@part
class FundingMaximum(_Part):
    kind: Literal["per_student", "fixed_range"]
    per_year_cents: int | None = unset(None)
    total_cents: int | None = unset(None)
    minimum_total_cents: int | None = unset(None)
    years: int | None = unset(None)
    lines: list[FundingLine] = unset([])
    assumed: bool = unset(False)


@part
class YearCents(_Part):
    year: int
    cents: int


@part
class Requested(_Part):
    per_year: list[YearCents]
    total_cents: int


@part
class Funding(_Part):
    requested: Requested
    maximum: FundingMaximum | None = unset(None)


@part
class Verdict(_Part):
    schema_version: Literal["1.0"] = unset(VERDICT_SCHEMA_VERSION)
    outcome: Outcome
    outcome_label: Text
    plan: PlanSummary
    findings: list[Finding]
    families: list[FamilySummary]
    funding: Funding
    receipt: Receipt

    def to_sorted_json(self) -> JSONObject:
        """to_json with every object's keys sorted: the order the store keeps a verdict in, and so the
        order the API, `sto audit show` and a pre-screen's oordelen/ give it back in."""
        data: JSONObject = orjson.loads(orjson.dumps(self, default=verdict_parts_default,
                                                     option=orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS))
        return data

    @classmethod
    def from_json(cls, data: object) -> Verdict:
        """A verdict from its JSON data or JSON text (a verdict file, a stored record, a worker's answer);
        pydantic's ValidationError if it is none."""
        if isinstance(data, (str, bytes)):
            return _reader().validate_json(data)
        return _reader().validate_python(data)

    @property
    def rulebook_ref(self) -> str:
        return f"{self.receipt.rulebook.id}@{self.receipt.rulebook.version}"


@cache
def _reader() -> TypeAdapter[Verdict]:
    # built on first use (some ms): most commands never read a verdict back
    return TypeAdapter(Verdict)


def verdict_json_schema() -> JSONObject:
    schema = _reader().json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://sto-toets.example/schemas/verdict-{VERDICT_SCHEMA_VERSION}.json"
    schema["title"] = "sto-toets verdict"
    schema["description"] = ("The assessment of one STO regional plan against one rulebook version: outcome, "
                             "a finding per rule with the evidence it read, and a receipt with hashes.")
    return schema

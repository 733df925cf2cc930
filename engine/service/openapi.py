"""The API's contract as OpenAPI: what each answer looks like, success and error, and the plan as
the request body; and the interactive documentation at /docs, served from this machine.

The endpoints build their JSON as plain dicts (fast, and exactly what is stored); the models here
declare that JSON for the OpenAPI document, and tests/test_api_contract.py checks every answer
against them (schemathesis, for every role). Errors all share one body, `ErrorBody`.
"""
from __future__ import annotations

import dataclasses
import typing
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Literal

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, create_model

from ..jsontypes import JSONObject
from ..judgement.models import Picture
from ..verdict.model import Finding, Outcome, Receipt, Text, Verdict

if TYPE_CHECKING:
    from typing_extensions import TypeForm  # pydantic's own annotation of a field's type

# ---------------------------------------------------------------- errors


class Problem(BaseModel):
    """One located problem: a JSON pointer into the plan, or /query/<name>, /form/<name>, /body/<field>,
    /path/<name>; for a plan also the line and column, and what was expected, found and how to fix it."""

    model_config = ConfigDict(extra="forbid")

    path: str
    message: Text
    line: int | None = None
    column: int | None = None
    expected: str | None = None
    found: str | None = None
    hint: str | None = None
    expected_nl: str | None = Field(None, description="expected, in Dutch")
    found_nl: str | None = Field(None, description="found, in Dutch (a value as written reads the same)")
    hint_nl: str | None = Field(None, description="hint, in Dutch")


class ErrorDetail(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: int = Field(description="the HTTP status, repeated")
    code: str = Field(description="stable code, e.g. invalid_plan, unauthenticated, not_found; see docs/api.md")
    message: Text = Field(description="what went wrong and how to fix it, in Dutch and English")
    problems: list[Problem] = Field([], description="located problems (absent when there are none)")


class ErrorBody(BaseModel):
    """Every error answer of the API has this body."""

    model_config = ConfigDict(extra="forbid")

    error: ErrorDetail


_ERRORS = {
    400: "Invalid `Content-Length` header (`invalid_content_length`).",
    401: "No bearer token (`unauthenticated`) or an unknown or revoked one (`invalid_token`); header "
         "`WWW-Authenticate: Bearer`.",
    403: "The role does not allow it (`forbidden`): an auditor submits, a region asks for a pre-screen; or a region "
         "submits another region's plan (`wrong_region`). Nothing is stored.",
    404: "No such assessment, or not visible to you (`not_found`: the same answer for both), no such rule in it "
         "(`unknown_rule`) or no such rulebook version (`unknown_rulebook_version`).",
    409: "The committee's record does not fit the state of the pre-screen: judgements still open "
         "(`judgements_open`), a positive advice against a rule that does not hold (`contradicts_judgements`), a "
         "withdrawn plan (`withdrawn`), a self-check (`not_a_prescreen`). Nothing is stored; docs/process.md. Or an "
         "`Idempotency-Key` used before for another request (`idempotency_key_reused`).",
    408: "The body did not arrive within `STO_READ_TIMEOUT` seconds (`request_timeout`).",
    413: "The body is over the limit (`body_too_large`), refused before it is read.",
    415: "A body this operation does not read (`unsupported_media_type`): a plan is YAML, JSON or a multipart "
         "form, every other body JSON; the message says which Content-Type to send.",
    422: "The plan cannot be read or does not fit the schema (`invalid_plan`, each problem located), or a "
         "parameter is invalid (`invalid_request`, `unknown_rulebook_version`).",
    500: "The evaluating worker died (`worker_crashed`; retrying is safe) or an internal error (`engine_error`, "
         "`internal_error`): report it.",
    503: "Too many jobs waiting or requests at once (`busy`, with `Retry-After`) or no worker available (`unavailable`).",
    504: "The evaluation took longer than `STO_JOB_TIMEOUT` (`worker_timeout`).",
}

# which errors an operation can answer: every /v1 operation needs a token (401) and may fail (500)
READ = (401, 422, 500)
BY_ID = (*READ, 404)
EVALUATES = (503, 504)
WITH_BODY = (400, 408, 413, 422)
JSON_BODY = (*WITH_BODY, 415)  # an operation whose body is JSON (engine.service.app.json_body)


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses` entries for these error statuses, all with the one error body."""
    return {status: {"model": ErrorBody, "description": _ERRORS[status]} for status in sorted(set(statuses))}


# ---------------------------------------------------------------- successes


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Links(_Out):
    self: str
    trace: str
    letter_html: str
    letter_pdf: str
    plan: str
    page: str = Field(description="the web page of this assessment")


class AssessmentSummary(_Out):
    id: str = Field(description="random 128-bit id, hex")
    seq: int = Field(description="position in the audit chain")
    created_at: str
    mode: Literal["self-check", "pre-screen"]
    region: str
    actor: str = Field(description="name of the token that submitted it")
    role: str
    plan_source: str
    plan_sha256: str
    outcome: Outcome
    outcome_label: Text | None
    rulebook: str = Field(description="ID@VERSION")
    round: int | None
    failing_rules: list[str]
    links: Links


class AssessmentRecord(AssessmentSummary):
    """A stored assessment: the record in the audit chain with the full verdict."""

    record_hash: str
    prev_hash: str | None
    verdict: Verdict
    committee: Picture | None = Field(None, description="the committee's judgements, advice and standing "
                                                        "(docs/process.md); null for a self-check")


class AssessmentList(_Out):
    total: int
    limit: int
    offset: int
    items: list[AssessmentSummary]


_TRACE_KEYS = ("rule_id", "title", "status", "severity", "family", "message", "condition", "applies_when", "fired",
               "evidence", "parameters", "violations", "basis", "remediation")


def _finding_field(name: str) -> tuple[TypeForm[Any], object]:
    """A field of Finding as create_model takes it: (annotation, default or ... when required)."""
    annotation = typing.get_type_hints(Finding, include_extras=True)[name]
    default = Finding.__dataclass_fields__[name].default
    return annotation, ... if default is dataclasses.MISSING else getattr(Finding, name)


# create_model's field keywords share its signature with its own options (__module__: str, ...), which a
# (type, default) pair does not fit: mypy checks each field against them all, so they go in as Any
_TRACE_FIELDS: dict[str, Any] = {k: _finding_field(k) for k in _TRACE_KEYS}
TraceFinding = create_model(
    "TraceFinding", __base__=_Out,
    __doc__="A finding with the conditions, firings, evidence (with plan pointers) and parameters it used.",
    **_TRACE_FIELDS)


class Trace(_Out):
    id: str
    rule: str | None = Field(description="the rule asked for, or null for all")
    lang: Literal["nl", "en"]
    rulebook: str
    receipt: Receipt
    text: str = Field(description="the explanation as `sto explain` prints it")
    findings: list[TraceFinding]  # type: ignore[valid-type]


class RulebookSummary(_Out):
    ref: str = Field(description="ID@VERSION")
    id: str
    version: str
    title: str
    valid_from: str
    valid_to: str | None
    rules: int
    sha256: str
    legal_source: str
    links: dict[str, str]


class RulebookList(_Out):
    rulebooks: list[RulebookSummary]


class Rulebook(BaseModel):
    """One resolved rulebook version: parameters, formulas, schedule and rules, as `sto rulebooks show`."""

    model_config = ConfigDict(extra="allow")

    ref: str
    sha256: str
    files: list[str]


class RulebookSide(BaseModel):
    model_config = ConfigDict(extra="allow")

    ref: str
    sha256: str
    valid_from: str
    valid_to: str


class Changes(_Out):
    added: dict[str, Any]
    removed: dict[str, Any]
    changed: dict[str, Any]


class RulebookDiff(BaseModel):
    """What changed between two versions, as `sto rulebooks diff --format json`."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    relation: Literal["same_regulation", "new_regulation", "earlier_regulation"] = Field(
        description="same_regulation: `to` amends `from`; new_regulation / earlier_regulation: two regulations, "
                    "compared by what is named alike (not a change of one into the other)")
    from_: RulebookSide = Field(alias="from")
    to: RulebookSide
    parameters: Changes
    formulas: Changes
    schedule: Changes
    rules: Changes


class RuleChange(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    rule_id: str
    from_: str = Field(alias="from", description="status under the first version, or `absent`")
    to: str


class ImpactPerPlan(_Out):
    file: str = Field(description="the plan's source name; for a stored assessment `ID:NAME`")
    region: str | None
    outcome_from: str | None
    outcome_to: str | None
    changed_rules: list[RuleChange]
    error: str | None = Field(description="why this plan was skipped (it could not be read)")
    error_nl: str | None = Field(None, description="the same, with the message in Dutch where it has Dutch")
    skipped: str | None = Field(None, description="the regulation the plan applies under, when both versions "
                                                  "belong to another regulation (the plan was not assessed)")


class ImpactSummary(_Out):
    plans: int
    changed: int
    outcome_changed: int
    errors: int


class Impact(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: str = Field(alias="from")
    to: str
    summary: ImpactSummary
    plans: list[ImpactPerPlan]


class StoreHealth(_Out):
    reachable: bool
    dialect: str | None = None
    records: int | None = None


class Health(_Out):
    status: Literal["ok", "degraded"]
    version: str
    workers: dict[str, int]
    store: StoreHealth


HEALTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": Health, "description": "Workers alive and store reachable."},
    503: {"model": Health, "description": "Degraded: no worker alive, or the store not reachable."},
    **errors(500),
}


def ok(model: type[BaseModel], description: str, status: int = 200) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": model, "description": description}}


def document(description: str, schemas: dict[str, JSONObject]) -> dict[int | str, dict[str, Any]]:
    """A success that is a document (a letter, a plan as submitted): its media types and their schemas."""
    return {200: {"description": description, "content": {m: {"schema": schema} for m, schema in schemas.items()}}}


LETTER_DOCUMENT = {"text/html": {"type": "string"}, "application/pdf": {"type": "string", "format": "binary"},
                   "text/markdown": {"type": "string"}}
# the bytes as submitted; they were readable as a plan, but are returned untouched (comments, YAML dates)
PLAN_DOCUMENT = {"application/yaml": {"description": "the plan as submitted (YAML)"},
                 "application/json": {"description": "the plan as submitted (JSON)"}}


# ---------------------------------------------------------------- the plan as request body


PLAN_PREFIX = "Plan"


def plan_components() -> dict[str, JSONObject]:
    """The plan's JSON Schema (`sto schema plan`) as OpenAPI components: `Plan` and `Plan<Def>` for its
    definitions, with the references rewritten to match."""
    from ..plan import plan_json_schema

    schema = plan_json_schema()
    defs = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)

    def rewrite(node: JSONObject) -> JSONObject:
        return {k: (f"#/components/schemas/{PLAN_PREFIX}{v.rsplit('/', 1)[-1]}"
                    if k == "$ref" and isinstance(v, str) and v.startswith("#/$defs/") else within(v))
                for k, v in node.items()}

    def within(node: object) -> object:
        if isinstance(node, dict):
            return rewrite(node)
        if isinstance(node, list):
            return [within(v) for v in node]
        return node

    out = {PLAN_PREFIX: rewrite(schema)}
    out.update({f"{PLAN_PREFIX}{name}": rewrite(d) for name, d in defs.items()})
    return out


PLAN_REF = {"$ref": f"#/components/schemas/{PLAN_PREFIX}"}


def plan_request_body(modes: tuple[str, ...]) -> JSONObject:
    return {
        "required": True,
        "description": "The plan (its JSON Schema: `sto schema plan`): YAML or JSON as the body, or a multipart form "
                       "with a file `file` (or text `plan`) and optionally `mode`, `rulebook`, `as_of`. Any other "
                       "Content-Type gets 415; so does curl's default for `--data-binary` "
                       "(application/x-www-form-urlencoded): send `-H 'Content-Type: application/yaml'`.",
        "content": {
            "application/yaml": {"schema": PLAN_REF},
            "application/json": {"schema": PLAN_REF},
            "multipart/form-data": {"schema": {"type": "object", "properties": {
                "file": {"type": "string", "format": "binary", "description": "the plan file, YAML or JSON"},
                "plan": {"type": "string", "description": "the plan as YAML text (when no file is sent)"},
                "mode": {"type": "string", "enum": list(modes)},
                "rulebook": {"type": "string", "description": "ID@VERSION"},
                "as_of": {"type": "string", "format": "date"}}}},
        },
    }


# ---------------------------------------------------------------- the document and /docs


def install_openapi(app: FastAPI) -> None:
    """Generate the OpenAPI document once, with the plan's schema among its components."""

    def openapi() -> JSONObject:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes,
                               tags=app.openapi_tags)
            components = spec.setdefault("components", {}).setdefault("schemas", {})
            plan = plan_components()
            clash = sorted(set(plan) & set(components))
            if clash:  # a response model named like a plan definition would silently replace it
                raise RuntimeError(f"OpenAPI component names used twice: {', '.join(clash)}")
            components.update(plan)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


SWAGGER_ASSETS = "/docs/assets"


def install_docs(app: FastAPI) -> None:
    """Swagger UI at /docs with its JavaScript and CSS from the installed package fastapi-offline (no CDN, so
    it works offline and behind a firewall); /openapi.json redirects to the versioned document."""
    assets = files("fastapi_offline") / "static"
    app.mount(SWAGGER_ASSETS, StaticFiles(directory=str(assets)), name="swagger-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/v1/openapi.json", title=f"{app.title} API",
                                   swagger_js_url=f"{SWAGGER_ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{SWAGGER_ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{SWAGGER_ASSETS}/favicon.png",
                                   swagger_ui_parameters={"persistAuthorization": True})

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi_json() -> RedirectResponse:
        return RedirectResponse(app.openapi_url or "/v1/openapi.json", status_code=308)

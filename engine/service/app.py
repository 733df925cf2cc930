"""The HTTP API (FastAPI), versioned under /v1, and the web pages (engine.service.pages).

    app = create_app(ServiceSettings.from_env())      # `sto serve` runs it with uvicorn

Rules are evaluated in worker processes (engine.service.workers), never in this process: a
crash in durable-rules' C core costs one request a 500 JSON error and the pool a replacement
worker. The store is written from this process only, one append at a time.

Every error is JSON: {"error": {"status", "code", "message": {"nl", "en"}, "problems": [...]}},
each problem with its field path and a Dutch and English message. docs/api.md describes it all.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal, overload

import orjson
from fastapi import APIRouter, Depends, FastAPI, Header, Query, Request, Security
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__, pydantic_messages
from ..assess import settle_heap
from ..errors import StoError, Texts
from ..errors_nl import UNKNOWN_TEXT
from ..i18n import N_, both
from ..jsontypes import JSONObject
from ..store.store import AuditStore, IdempotencyConflict, StoredAssessment
from ..verdict.model import Verdict
from .auth import Principal, TokenRegistry
from .messages import problem_json
from .openapi import (
    BY_ID,
    EVALUATES,
    HEALTH_RESPONSES,
    JSON_BODY,
    LETTER_DOCUMENT,
    PLAN_DOCUMENT,
    READ,
    WITH_BODY,
    AssessmentList,
    AssessmentRecord,
    Impact,
    Rulebook,
    RulebookDiff,
    RulebookList,
    Trace,
    document,
    errors,
    install_docs,
    install_openapi,
    ok,
    plan_request_body,
)
from .sessions import SessionStore
from .settings import ServiceSettings
from .workers import JobFailed, Payload, PoolBusy, PoolError, WorkerCrashed, WorkerPool, WorkerTimeout

if TYPE_CHECKING:
    from ..rulebook.loader import Library
    from ..rulebook.model import Rulebook as RulebookVersion

log = logging.getLogger("sto.service")

MODES = ("self-check", "pre-screen")
# What a plan body may be sent as (docs/api.md); anything else is 415. A body without Content-Type is
# read as YAML, which covers JSON too.
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml")
FORM_TYPE = "multipart/form-data"
# the largest offset any store answers (SQLite and PostgreSQL take a signed 64-bit OFFSET)
MAX_OFFSET = 2**63 - 1
LETTER_MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf", "md": "text/markdown; charset=utf-8"}
_REF = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9._-]+$")
# Declared in OpenAPI only: the checks and their messages are ours (check_ref, check_as_of), not FastAPI's
REF_SCHEMA = {"pattern": _REF.pattern, "examples": ["sto-2020-2023@2018-09-13"]}
DATE_SCHEMA = {"format": "date", "examples": ["2022-08-01"]}
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


# ---------------------------------------------------------------- errors


class ApiError(Exception):
    """An error answer: HTTP status, a stable code, a Dutch and English message, located problems."""

    def __init__(self, status: int, code: str, nl: str, en: str, problems: list[JSONObject] | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(en)
        self.status, self.code, self.nl, self.en = status, code, nl, en
        self.problems = problems or []
        self.headers = headers

    @classmethod
    def said(cls, status: int, code: str, texts: Texts, problems: list[JSONObject] | None = None,
             headers: dict[str, str] | None = None) -> ApiError:
        """The error with its message from the catalogue: `ApiError.said(404, "not_found", both(id, ...))`."""
        return cls(status, code, texts["nl"], texts["en"], problems, headers)

    def body(self) -> JSONObject:
        err: dict[str, Any] = {"status": self.status, "code": self.code, "message": {"nl": self.nl, "en": self.en}}
        if self.problems:
            err["problems"] = self.problems
        return {"error": err}

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status, headers=self.headers)


def not_found() -> ApiError:
    # One answer for "does not exist" and "not yours", so that ids of other regions do not leak.
    return ApiError.said(404, "not_found", both("api.not_found"))


def field_error(path: str, texts: Texts, status: int = 422, code: str = "invalid_request") -> ApiError:
    """An error in one field: its message (`both(id, ...)`) is also the field's located problem."""
    return ApiError.said(status, code, texts, [{"path": path, "message": dict(texts)}])


# the message of an HTTP error Starlette raises itself (an unknown address, a method not allowed)
_GENERIC = {
    400: N_("api.http.400"),
    401: N_("api.http.401"),
    403: N_("api.http.403"),
    404: N_("api.http.404"),
    405: N_("api.http.405"),
    413: N_("api.http.413"),
    415: N_("api.http.415"),
}
_GENERIC_OTHER = N_("api.http.other")


def request_problem(e: JSONObject) -> JSONObject:
    """A parameter or body field FastAPI refused, located (/query/offset, /body/from) and in Dutch: the
    message built from pydantic's error type as for the plan (engine/pydantic_messages.py)."""
    loc, english = tuple(e.get("loc", ())), str(e.get("msg", ""))
    if e.get("type") == "json_invalid":  # loc is ("body", character position)
        at = loc[1] if len(loc) > 1 else "?"
        detail = (e.get("ctx") or {}).get("error", "")
        message = both("api.body_not_json", at=at, detail=detail)
        return {"path": "/body", "message": {**message, "en": message["en"].rstrip(": ")}}  # no detail, no colon
    path = "/" + "/".join(str(p) for p in loc)
    texts = pydantic_messages.messages(e)  # from pydantic's type and ctx, not its English text
    if texts is not None:
        return {"path": path, "message": {"nl": f"{path}: {texts['nl']}", "en": f"{path}: {texts['en']}"}}
    # pydantic's English as it is, marked as English in the Dutch
    return {"path": path, "message": both("api.field.invalid_value", path=path,
                                          detail={"nl": UNKNOWN_TEXT + english, "en": english})}


def job_error(exc: BaseException) -> ApiError:
    """Map a worker-pool failure to an API error."""
    if isinstance(exc, JobFailed):
        if exc.category == "input_error":
            problems = [problem_json(p) for p in exc.detail.get("problems", [])]
            n = len(problems)
            return ApiError.said(422, "invalid_plan", both("api.invalid_plan", n=n), problems)
        if exc.category == "user_error":
            message = exc.detail.get("message", "")
            dutch = (exc.detail.get("texts") or {}).get("nl", message)  # the worker's Dutch, where it had it
            if exc.detail.get("type") == "VersionSelectionError":
                # the English is the worker's message as it is; the Dutch says what it is about first
                return ApiError.said(422, "unknown_rulebook_version",
                                     both("api.no_fitting_version", detail={"nl": dutch, "en": message}),
                                     [{"path": "/query/rulebook", "message": both("api.field.no_fitting_version",
                                                                                  detail=message)}])
            return ApiError.said(422, "invalid_request",
                                 both("api.request_not_executable", detail={"nl": dutch, "en": message}))
        if exc.category == "engine_error":
            return ApiError.said(500, "engine_error", both("api.engine_error", detail=str(exc.detail)))
        return ApiError.said(500, "internal_error", both("api.internal_error.assessment", detail=str(exc.detail)))
    if isinstance(exc, WorkerCrashed):
        return ApiError.said(500, "worker_crashed", both("api.worker_crashed", error=str(exc)))
    if isinstance(exc, WorkerTimeout):
        return ApiError.said(504, "worker_timeout", both("api.worker_timeout", seconds=exc.seconds))
    if isinstance(exc, PoolBusy):
        return busy()
    return ApiError.said(503, "unavailable", both("api.unavailable", error=str(exc)))


def busy() -> ApiError:
    """Too much at once (jobs waiting for a worker, or requests in flight): come back later."""
    return ApiError.said(503, "busy", both("api.busy"), headers={"Retry-After": "30"})


# ---------------------------------------------------------------- request size


def internal_error(exc: BaseException) -> ApiError:
    return ApiError.said(500, "internal_error", both("api.internal_error", name=type(exc).__name__))


class AnswerUnexpected:
    """Answer an unexpected exception with the 500 error body here, inside the application.

    An exception handler for `Exception` runs in Starlette's outermost middleware, which sends the
    answer and then raises the exception again (for the server to log); uvicorn then closes the
    connection, and a client's next request on the same keep-alive connection failed (ECONNRESET).
    An answer already begun cannot be mended: then the exception goes on and the connection closes.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            if started:
                raise
            log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            await internal_error(exc).response()(scope, receive, send)


class RequestLimit:
    """At most `limit` requests in flight at once; one more is answered 503 `busy` (with
    Retry-After) at once, in the API's JSON, or as a page on a web page's address (PageErrors, outside).

    Requests, not connections: uvicorn's own cap (`limit_concurrency`, set higher by `sto serve`)
    guards the open connections, idle ones included, and answers a bare English 503 that a
    region at the self-check page could not read; this limit answers first, in its language."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app, self.limit, self.active = app, limit, 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self.active >= self.limit:
            return await busy().response()(scope, receive, send)
        self.active += 1  # one event loop: no other task runs between the check and this
        try:
            await self.app(scope, receive, send)
        finally:
            self.active -= 1


class BodyLimit:
    """Refuse a request body over `limit` bytes with 413 before anything parses it.

    Content-Length is checked first; a chunked body is counted while it streams in and buffered
    (it is at most `limit` bytes), then replayed to the application. The whole body must arrive
    within `timeout` seconds, else 408: a client trickling a body must not hold a connection."""

    def __init__(self, app: ASGIApp, limit: int, timeout: float = 20.0):
        self.app, self.limit, self.timeout = app, limit, timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                declared = -1
            if declared < 0:
                return await self._refuse(send, 400, "invalid_content_length", both("api.invalid_content_length"))
            if declared > self.limit:
                return await self._too_large(send, declared)
        chunks: list[bytes] = []
        total = 0
        deadline = asyncio.get_running_loop().time() + self.timeout
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - asyncio.get_running_loop().time()))
            except TimeoutError:
                return await self._refuse(send, 408, "request_timeout",
                                          both("api.request_timeout", seconds=self.timeout))
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            total += len(body)
            if total > self.limit:
                return await self._too_large(send, None)
            chunks.append(body)
            if not message.get("more_body", False):
                break
        buffered = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": buffered, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    async def _too_large(self, send: Send, size: int | None) -> None:
        what = f"{size:,} bytes" if size is not None else "more"
        wat = f"{size:,} bytes".replace(",", ".") if size is not None else "meer"
        grens = f"{self.limit:,}".replace(",", ".")
        await self._refuse(send, 413, "body_too_large", both("api.body_too_large", size={"nl": wat, "en": what},
                                                             limit={"nl": grens, "en": f"{self.limit:,}"}))

    @staticmethod
    async def _refuse(send: Send, status: int, code: str, texts: Texts) -> None:
        body = orjson.dumps(ApiError.said(status, code, texts).body())
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def allowed_methods(app: FastAPI, scope: Scope) -> list[str]:
    """Every method the API takes at this path, from its own OpenAPI document. Starlette's 405 names
    only the methods of the first route that matches the path, so /v1/assessments (a GET route and
    a POST route) answered OPTIONS with Allow: POST."""
    path = scope.get("path", "")
    methods: set[str] = set()
    for template, operations in app.openapi().get("paths", {}).items():
        if re.fullmatch(re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(template)), path):
            methods |= {m.upper() for m in operations if m.upper() in _HTTP_METHODS}
    if "GET" in methods:
        methods.add("HEAD")  # HeadAsGet
    return sorted(methods | {"OPTIONS"}) if methods else []


_HTTP_METHODS = {"GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"}


class HeadAsGet:
    """HEAD is answered as GET without the body (RFC 9110 9.3.2), for every page and endpoint that has a GET.

    FastAPI routes list only the methods they are declared with, so HEAD / (a monitor's or a link
    checker's first request) was 405."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        return await self.app({**scope, "method": "GET"}, receive, without_body)


# ---------------------------------------------------------------- the service object


@dataclass
class Service:
    """What the endpoints share: settings, worker pool, store, tokens, rulebook library, and the web
    pages' login sessions."""

    settings: ServiceSettings
    pool: WorkerPool
    store: AuditStore
    tokens: TokenRegistry
    library: Library
    write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    own_pool: bool = False
    own_store: bool = False
    sessions: SessionStore = field(default_factory=SessionStore)

    @overload
    async def evaluate(self, kind: Literal["assess"], payload: Payload,
                       timings: dict[str, float] | None = None) -> Verdict: ...
    @overload
    async def evaluate(self, kind: Literal["letter"], payload: Payload,
                       timings: dict[str, float] | None = None) -> JSONObject: ...
    @overload
    async def evaluate(self, kind: Literal["explain"], payload: Payload,
                       timings: dict[str, float] | None = None) -> str: ...
    @overload
    async def evaluate(self, kind: Literal["impact"], payload: Payload,
                       timings: dict[str, float] | None = None) -> list[JSONObject]: ...

    async def evaluate(self, kind: Literal["assess", "letter", "explain", "impact"], payload: Payload,
                       timings: dict[str, float] | None = None) -> Verdict | JSONObject | str | list[JSONObject]:
        try:
            answer = await self.pool.run(kind, payload, timings)
        except (JobFailed, PoolError) as exc:
            raise job_error(exc) from None
        return Verdict.from_json(answer) if kind == "assess" else answer

    async def record(self, *, plan_bytes: bytes, plan_source: str, verdict: Verdict, actor: str, role: str,
                     mode: str, region: str | None = None,
                     idempotency: tuple[str, str] | None = None) -> StoredAssessment:
        async with self.write_lock:  # the chain has one head: appends go one at a time
            return await run_in_threadpool(lambda: self.store.record(
                plan_bytes=plan_bytes, plan_source=plan_source, verdict=verdict, actor=actor, role=role, mode=mode,
                region=region, idempotency=idempotency))

    async def readable(self, principal: Principal, assessment_id: str) -> StoredAssessment:
        rec = await run_in_threadpool(self.store.get, assessment_id)
        if rec is None or not principal.may_read(rec.region, rec.mode):
            raise not_found()
        return rec


def service_of(request: Request) -> Service:
    service: Service = request.app.state.service  # create_app put it there
    return service


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


# Declares the scheme in OpenAPI (so Swagger's "Authorize" sends the header); the checks and their
# messages are ours, so a missing token is not FastAPI's own 403 but our 401.
_BEARER = HTTPBearer(auto_error=False, scheme_name="bearer", bearerFormat="sto_ token",
                     description="A token made with `sto tokens add NAME --role ROLE`, sent as "
                                 "`Authorization: Bearer <token>`.")


def current_principal(request: Request,
                      _credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_BEARER)]) -> Principal:
    token = bearer_token(request)
    if token is None:
        raise ApiError.said(401, "unauthenticated", both("api.unauthenticated"), headers={"WWW-Authenticate": "Bearer"})
    principal = service_of(request).tokens.authenticate(token)
    if principal is None:
        raise ApiError.said(401, "invalid_token", both("api.invalid_token"),
                            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    return principal


Who = Annotated[Principal, Depends(current_principal)]


def json_body(request: Request, principal: Who) -> None:
    """A route dependency for operations whose body is JSON: any other Content-Type is 415, after the
    token is checked and before the body is validated (FastAPI would call a YAML body invalid JSON data).
    No Content-Type is read as JSON, as FastAPI does."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype and ctype != "application/json" and not ctype.endswith("+json"):
        raise ApiError.said(415, "unsupported_media_type", both("api.unsupported_media_type.json", type=ctype))



def forbid_auditor(principal: Principal) -> None:
    if not principal.can_write:
        raise ApiError.said(403, "forbidden", both("api.forbidden.auditor"))


# ---------------------------------------------------------------- plan submission (shared with the pages)


def check_mode(mode: str | None, path: str = "/query/mode") -> str:
    mode = mode or "self-check"
    if mode not in MODES:
        raise field_error(path, both("api.field.unknown_mode", mode=mode))
    return mode


def check_as_of(text: str | None, path: str = "/query/as_of") -> str | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise field_error(path, both("api.field.not_a_date", value=text)) from None


def check_ref(ref: str | None, path: str = "/query/rulebook") -> str | None:
    """An optional ID@VERSION: None when not given."""
    if not ref:
        return None
    if not _REF.match(ref):
        raise field_error(path, both("api.field.not_a_version", value=ref))
    return ref


def require_ref(ref: str | None, path: str) -> str:
    """A required ID@VERSION (rulebook diff and impact): empty is refused, not taken as 'none'."""
    if not ref or not ref.strip():
        raise field_error(path, both("api.field.version_required"))
    check_ref(ref, path)
    return ref


def check_may_submit(principal: Principal, mode: str) -> None:
    forbid_auditor(principal)
    if mode == "pre-screen" and not principal.may_pre_screen():
        raise ApiError.said(403, "forbidden", both("api.forbidden.pre_screen"))


async def submit_plan(service: Service, principal: Principal, raw: bytes, source: str, mode: str,
                      rulebook: str | None, as_of: str | None, timings: dict[str, float] | None = None,
                      idempotency_key: str | None = None) -> StoredAssessment:
    """Assess in a worker, check the region against the role, store, and return the stored record.
    `timings` (if given) receives the seconds spent waiting for the worker and for the store.
    With an idempotency key the same request again returns the record its first try stored
    (`replayed`), without assessing or storing anything; the key with another request is 409."""
    timings = {} if timings is None else timings
    check_may_submit(principal, mode)
    if not raw.strip():
        raise field_error("/body", both("api.field.no_plan"))
    idempotency = None
    if idempotency_key is not None:
        asked = orjson.dumps({"mode": mode, "rulebook": rulebook, "as_of": as_of, "source": source}) + b"\n" + raw
        idempotency = (idempotency_key, hashlib.sha256(asked).hexdigest())
        earlier = await _stored_under_key(service, principal.name, idempotency)
        if earlier is not None:
            return earlier
    t0 = time.perf_counter()
    verdict = await service.evaluate("assess", {"plan_bytes": raw, "source": source, "rulebook": rulebook,
                                                "as_of": as_of, "max_bytes": service.settings.max_body_bytes}, timings)
    timings["evaluate"] = time.perf_counter() - t0
    region = verdict.plan.region
    if not principal.may_submit_for(region):
        raise ApiError.said(403, "wrong_region", both("api.wrong_region", token_region=principal.region, region=region),
                            [{"path": "/region/name", "message": both("api.field.not_your_region")}])
    t1 = time.perf_counter()
    try:
        rec = await service.record(plan_bytes=raw, plan_source=source, verdict=verdict, actor=principal.name,
                                   role=principal.role, mode=mode, region=region, idempotency=idempotency)
    except IdempotencyConflict as exc:
        raise idempotency_conflict(exc.key) from None
    timings["store"] = time.perf_counter() - t1
    return rec


async def _stored_under_key(service: Service, actor: str, idempotency: tuple[str, str]) -> StoredAssessment | None:
    try:
        return await run_in_threadpool(service.store.find_by_key, actor, *idempotency)
    except IdempotencyConflict as exc:
        raise idempotency_conflict(exc.key) from None


def idempotency_conflict(key: str) -> ApiError:
    return ApiError.said(409, "idempotency_key_reused", both("api.idempotency_key_reused", key=key),
                         [{"path": "/header/Idempotency-Key", "message": both("api.field.key_used_before")}])


_IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,200}")
# in the OpenAPI document, so clients and request generators know the rule the server checks
IDEMPOTENCY_KEY_SCHEMA = {"pattern": r"^[!-~]{1,200}$", "examples": ["3f2b0c1e-9a4d-4e2b-8f51-0c7d2a9e6b10"]}


def check_idempotency_key(value: str | None) -> str | None:
    if value is None or _IDEMPOTENCY_KEY.fullmatch(value):
        return value
    raise field_error("/header/Idempotency-Key", both("api.field.bad_idempotency_key"))


def safe_source(name: str | None, content_type: str) -> str:
    default = "plan.json" if "json" in content_type else "plan.yaml"
    if not name:
        return default
    base = _SAFE_NAME.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip("._")[:100]
    return base or default


def links(rec_id: str) -> dict[str, str]:
    base = f"/v1/assessments/{rec_id}"
    return {"self": base, "trace": base + "/trace", "letter_html": base + "/letter?format=html",
            "letter_pdf": base + "/letter?format=pdf", "plan": base + "/plan", "page": f"/web/assessments/{rec_id}"}


def summary(rec: StoredAssessment) -> JSONObject:
    v = rec.verdict
    return {"id": rec.id, "seq": rec.seq, "created_at": rec.created_at, "mode": rec.mode, "region": rec.region,
            "actor": rec.actor, "role": rec.role, "plan_source": rec.plan_source, "plan_sha256": rec.plan_sha256,
            "outcome": rec.outcome, "outcome_label": v.outcome_label.to_json(), "rulebook": rec.rulebook_ref,
            "round": v.plan.round, "failing_rules": [f.rule_id for f in v.findings if f.status == "fail"],
            "links": links(rec.id)}


def full(rec: StoredAssessment) -> JSONObject:
    return {**summary(rec), "record_hash": rec.record_hash, "prev_hash": rec.prev_hash,
            "verdict": rec.verdict.to_sorted_json()}


# ---------------------------------------------------------------- /v1


class PlanText(BaseModel):
    source: str = Field("plan.yaml", description="file name; decides YAML or JSON (*.json)", max_length=200)
    content: str = Field(description="the plan document, YAML or JSON text")


class ImpactRequest(BaseModel):
    model_config = {"populate_by_name": True}

    from_: str = Field(alias="from", description="rulebook version ID@VERSION", examples=["sto-2020-2023@2021-05-27"],
                       json_schema_extra={"pattern": _REF.pattern})
    to: str = Field(description="rulebook version ID@VERSION", examples=["sto-2020-2023@2022-07-07"],
                    json_schema_extra={"pattern": _REF.pattern})
    plans: list[PlanText] = Field(default_factory=list, max_length=500)
    assessment_ids: list[str] = Field(default_factory=list, max_length=500,
                                      description="stored assessments whose plans to include")


def _form_or_query(form: FormData, name: str, query_value: str | None) -> tuple[str | None, str]:
    """A parameter of a form submission: the form field if sent, else the query parameter; with the
    path that names where it came from (an error in ?as_of= is at /query/as_of, not /form/as_of)."""
    value = form.get(name)
    if value is not None and not isinstance(value, UploadFile) and str(value):
        return str(value), f"/form/{name}"
    return query_value, f"/query/{name}"


def unsupported_media_type(ctype: str) -> ApiError:
    if ctype == "application/x-www-form-urlencoded":
        # curl's default for --data-binary and -d; a form in that encoding cannot carry a plan file
        return ApiError.said(415, "unsupported_media_type", both("api.unsupported_media_type.url_encoded_form"))
    return ApiError.said(415, "unsupported_media_type", both("api.unsupported_media_type", type=ctype))


def api_router() -> APIRouter:
    """The /v1 endpoints. Another router (with prefix /v1) can be included beside it in create_app."""
    r = APIRouter(prefix="/v1")

    @r.post("/assessments", response_model=None, status_code=201, openapi_extra={"requestBody": plan_request_body(MODES)},
            tags=["assessments"], summary="Assess a plan (self-check or pre-screen) and store the verdict",
            responses={**ok(AssessmentRecord, "Assessed and stored; `Location` names the new record.", 201),
                       **ok(AssessmentRecord, "A retry with the same `Idempotency-Key` and the same request: the "
                                              "record its first try stored (header `Idempotent-Replayed: true`); "
                                              "nothing new is stored."),
                       **errors(*READ, *WITH_BODY, *EVALUATES, 403, 409, 415)})
    async def post_assessment(request: Request, principal: Who,
                              mode: Literal["self-check", "pre-screen"] | None = Query(None),
                              rulebook: str | None = Query(None, description="ID@VERSION instead of the version in "
                                                                             "force", json_schema_extra=REF_SCHEMA),
                              as_of: str | None = Query(None, description="use the version in force on this date "
                                                                          "(YYYY-MM-DD)", json_schema_extra=DATE_SCHEMA),
                              filename: str | None = Query(None, description="name of the plan file, for errors "
                                                                             "and receipts"),
                              idempotency_key: str | None = Header(
                                  None, alias="Idempotency-Key",
                                  description="a key of your own for this request (e.g. a UUID): a retry with the "
                                              "same key and request gets the stored record again, never a second "
                                              "one", json_schema_extra=IDEMPOTENCY_KEY_SCHEMA)) -> Response:
        service = service_of(request)
        forbid_auditor(principal)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == FORM_TYPE:
            form = await request.form()
            upload = form.get("file")
            if isinstance(upload, UploadFile):
                raw, name = await upload.read(), upload.filename or filename
            else:
                raw, name = str(form.get("plan") or "").encode("utf-8"), filename
            chosen_mode = check_mode(*_form_or_query(form, "mode", mode))
            rulebook = check_ref(*_form_or_query(form, "rulebook", rulebook))
            as_of = check_as_of(*_form_or_query(form, "as_of", as_of))
        elif ctype == "application/json" or ctype in YAML_TYPES or not ctype:
            raw, name = await request.body(), filename
            chosen_mode, rulebook, as_of = check_mode(mode), check_ref(rulebook), check_as_of(as_of)
        else:
            raise unsupported_media_type(ctype)
        source = safe_source(name, ctype)
        if ctype == "application/json" and not source.lower().endswith(".json"):
            source += ".json"
        timings: dict[str, float] = {}
        key = check_idempotency_key(idempotency_key)
        rec = await submit_plan(service, principal, raw, source, chosen_mode, rulebook, as_of, timings, key)
        # Server-Timing lets a client (and benchmarks/load.py) see where the time went
        server_timing = ", ".join(f"{k};dur={v * 1000:.1f}" for k, v in timings.items())
        headers = {"Location": f"/v1/assessments/{rec.id}", "Server-Timing": server_timing}
        if rec.replayed:  # a retry of a request already stored: that record, nothing new
            headers["Idempotent-Replayed"] = "true"
        return Response(orjson.dumps(full(rec)), status_code=200 if rec.replayed else 201,
                        media_type="application/json", headers=headers)

    @r.get("/assessments", response_model=None, tags=["assessments"], summary="List assessments visible to you, newest first",
           responses={**ok(AssessmentList, "The page asked for, with the total count."), **errors(*READ)})
    async def list_assessments(request: Request, principal: Who, region: str | None = None,
                               mode: Literal["self-check", "pre-screen"] | None = None,
                               limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=MAX_OFFSET)) -> JSONObject:
        service = service_of(request)
        if principal.region is not None:
            if (region is not None and region.strip() != principal.region) or mode == "pre-screen":
                return {"total": 0, "limit": limit, "offset": offset, "items": []}
            region, mode = principal.region, "self-check"
        total = await run_in_threadpool(lambda: service.store.count(region=region, mode=mode))
        items = await run_in_threadpool(lambda: service.store.list(region=region, mode=mode, limit=limit,
                                                                    offset=offset))
        return {"total": total, "limit": limit, "offset": offset, "items": [summary(x) for x in items]}

    @r.get("/assessments/{assessment_id}", response_model=None, tags=["assessments"], summary="One assessment with its verdict",
           responses={**ok(AssessmentRecord, "The stored record with its verdict."), **errors(*BY_ID)})
    async def get_assessment(request: Request, assessment_id: str, principal: Who) -> JSONObject:
        from .judgements import committee_of  # the committee's judgements and advice beside the verdict

        rec = await service_of(request).readable(principal, assessment_id)
        return {**full(rec), "committee": await committee_of(service_of(request), rec)}

    @r.get("/assessments/{assessment_id}/plan", response_model=None, tags=["assessments"],
           summary="The plan document exactly as submitted",
           response_class=Response,
           responses={**document("The plan's bytes as submitted; header `X-Plan-SHA256`.", PLAN_DOCUMENT),
                      **errors(*BY_ID)})
    async def get_plan(request: Request, assessment_id: str, principal: Who) -> Response:
        rec = await service_of(request).readable(principal, assessment_id)
        media = "application/json" if rec.plan_source.lower().endswith(".json") else "application/yaml"
        return Response(rec.plan_bytes, media_type=media,
                        headers={"X-Plan-SHA256": rec.plan_sha256,
                                 "Content-Disposition": f'attachment; filename="{rec.plan_source}"'})

    @r.get("/assessments/{assessment_id}/trace", response_model=None, tags=["assessments"],
           summary="Why each rule came out as it did, down to the plan fields",
           responses={**ok(Trace, "The explanation and the findings it rests on."), **errors(*BY_ID, *EVALUATES)})
    async def get_trace(request: Request, assessment_id: str, principal: Who, rule: str | None = None,
                        lang: Literal["nl", "en"] = "nl") -> JSONObject:
        service = service_of(request)
        rec = await service.readable(principal, assessment_id)
        findings = rec.verdict.to_sorted_json()["findings"]
        if rule is not None and rule not in {f["rule_id"] for f in findings}:
            raise ApiError.said(404, "unknown_rule", both("api.unknown_rule", rule=rule),
                                [{"path": "/query/rule", "message": both("api.field.unknown_rule")}])
        text = await service.evaluate("explain", {"verdict": rec.verdict.to_json(), "rule": rule, "lang": lang})
        keep = ("rule_id", "title", "status", "severity", "family", "message", "condition", "applies_when", "fired",
                "evidence", "parameters", "violations", "basis", "remediation")
        chosen = [{k: f.get(k) for k in keep} for f in findings if rule is None or f["rule_id"] == rule]
        return {"id": rec.id, "rule": rule, "lang": lang, "rulebook": rec.rulebook_ref,
                "receipt": rec.verdict.receipt.to_json(), "text": text, "findings": chosen}

    @r.get("/assessments/{assessment_id}/letter", response_model=None, tags=["assessments"],
           summary="A letter for an assessment: zelfcheck; for a pre-screen aanvulling, advies or beschikking",
           response_class=Response,
           responses={**document("The letter in the format asked for (`format`); headers `X-Letter-Kind`, "
                                 "`X-Letter-Fingerprint`; 409 when the procedure allows no such letter yet (no "
                                 "advice, nothing to complete, withdrawn).", LETTER_DOCUMENT),
                      **errors(*BY_ID, 409, *EVALUATES)})
    async def get_letter(request: Request, assessment_id: str, principal: Who,
                         format: Literal["html", "pdf", "md"] = "html",
                         kind: Literal["auto", "zelfcheck", "aanvulling", "advies", "beschikking"] | None = None,
                         lang: Literal["nl", "en"] = "nl") -> Response:
        service = service_of(request)
        rec = await service.readable(principal, assessment_id)
        letter = await render_letter_for(service, rec, format, kind, lang)
        return letter_response(letter)

    @r.get("/rulebooks", response_model=None, tags=["rulebooks"], summary="Every rulebook version with its validity period",
           responses={**ok(RulebookList, "Every version the service knows."), **errors(401, 500)})
    async def list_rulebooks(request: Request, principal: Who) -> JSONObject:
        lib = service_of(request).library
        return {"rulebooks": [{"ref": b.ref, "id": b.id, "version": b.version, "title": b.title,
                               "valid_from": b.valid_from.isoformat(),
                               "valid_to": b.valid_to.isoformat() if b.valid_to else None,
                               "rules": len(b.rules), "sha256": b.sha256,
                               "legal_source": b.legal_source.citation,
                               "links": {"self": f"/v1/rulebooks/{b.id}/{b.version}"}} for b in lib.books]}

    @r.get("/rulebooks/diff", response_model=None, tags=["rulebooks"], summary="What changed between two rulebook versions",
           responses={**ok(RulebookDiff, "Parameters, formulas, schedule and rules added, removed or changed."),
                      **errors(*BY_ID)})
    async def rulebook_diff(request: Request, principal: Who,
                            from_: str = Query(alias="from", description="ID@VERSION", json_schema_extra=REF_SCHEMA),
                            to: str = Query(description="ID@VERSION", json_schema_extra=REF_SCHEMA)) -> Response:
        from ..diff import diff_rulebooks

        lib = service_of(request).library
        a = book_or_404(lib, require_ref(from_, "/query/from"), "/query/from")
        b = book_or_404(lib, require_ref(to, "/query/to"), "/query/to")
        return jsonable(diff_rulebooks(a, b))

    @r.get("/rulebooks/{rulebook_id}/{version}", response_model=None, tags=["rulebooks"], summary="One resolved rulebook version",
           responses={**ok(Rulebook, "The version with its parameters, formulas, schedule and rules."),
                      **errors(*BY_ID)})
    async def get_rulebook(request: Request, rulebook_id: str, version: str, principal: Who) -> Response:
        b = book_or_404(service_of(request).library, f"{rulebook_id}@{version}", "/path/version")
        return jsonable({"ref": b.ref, "sha256": b.sha256, "files": [f.replace("\\", "/").split("/")[-1] for f in b.files],
                         **b.resolved})

    @r.post("/impact", response_model=None, tags=["rulebooks"],
            summary="Whose outcome or rule results change between two rulebook versions",
            responses={**ok(Impact, "Per plan the outcome and rule results under both versions."),
                       **errors(*BY_ID, *JSON_BODY, *EVALUATES)}, dependencies=[Depends(json_body)])
    async def post_impact(request: Request, body: ImpactRequest, principal: Who) -> JSONObject:
        service = service_of(request)
        for path, ref in (("/body/from", body.from_), ("/body/to", body.to)):
            book_or_404(service.library, require_ref(ref, path), path)
        plans = [(p.source, p.content.encode("utf-8")) for p in body.plans]
        for i, aid in enumerate(body.assessment_ids):
            rec = await _visible(service, principal, aid)
            if rec is None:
                raise ApiError.said(404, "not_found", both("api.not_found.assessment", id=aid),
                                    [{"path": f"/body/assessment_ids/{i}",
                                 "message": both("api.field.unknown_or_invisible")}])
            plans.append((f"{rec.id}:{rec.plan_source}", rec.plan_bytes))
        if not plans:
            raise field_error("/body/plans", both("api.field.no_plans"))
        results = await service.evaluate("impact", {"from": body.from_, "to": body.to, "plans": plans})
        changed = [x for x in results if x["error"] is None and (x["outcome_from"] != x["outcome_to"]
                                                                  or x["changed_rules"])]
        return {"from": body.from_, "to": body.to,
                "summary": {"plans": len(results), "changed": len(changed),
                            "outcome_changed": sum(1 for x in changed if x["outcome_from"] != x["outcome_to"]),
                            "errors": sum(1 for x in results if x["error"])},
                "plans": results}

    @r.get("/health", response_model=None, tags=["service"], summary="Workers alive and store reachable (no token needed)",
           responses=HEALTH_RESPONSES)
    async def health_v1(request: Request) -> JSONResponse:
        return await health(request)

    return r


async def _visible(service: Service, principal: Principal, assessment_id: str) -> StoredAssessment | None:
    rec = await run_in_threadpool(service.store.get, assessment_id)
    return rec if rec is not None and principal.may_read(rec.region, rec.mode) else None


def book_or_404(library: Library, ref: str, path: str) -> RulebookVersion:
    try:
        return library.get(ref)
    except StoError:
        known = ", ".join(b.ref for b in library.books)
        raise ApiError.said(404, "unknown_rulebook_version", both("api.unknown_rulebook_version", ref=ref, known=known),
                            [{"path": path, "message": both("api.field.unknown_version")}]) from None


def jsonable(obj: object) -> Response:
    return Response(orjson.dumps(obj, default=str), media_type="application/json")


async def render_letter_for(service: Service, rec: StoredAssessment, fmt: str, kind: str | None,
                            lang: str) -> JSONObject:
    """The letter for a stored assessment: a self-check has only the zelfcheck; a pre-screen the letter
    the procedure allows now (engine/letters/dossier.py), resting on the committee's records."""
    from ..letters import Dossier, LetterRefused
    from ..letters.dossier import check_kind

    if rec.mode == "self-check":
        if kind not in (None, "zelfcheck"):
            raise field_error("/query/kind", both("api.field.self_check_letter_only"))
        kind = "zelfcheck"
    records = await run_in_threadpool(service.store.committee_records, rec.id)
    dossier = Dossier.from_store(rec, records)
    try:
        kind = check_kind(rec.verdict, dossier, kind or "auto")
    except LetterRefused as exc:
        raise ApiError(409, exc.code, exc.nl, exc.en, [{"path": "/query/kind", "message": {"nl": exc.nl, "en": exc.en}}]
                       ) from None
    letter = await service.evaluate("letter", {"verdict": rec.verdict.to_json(), "kind": kind, "lang": lang, "format": fmt,
                                               "dossier": dossier})
    letter["filename"] = f"{letter['kind']}-{rec.id[:8]}.{fmt}"
    return letter


def letter_response(letter: JSONObject, inline: bool = True) -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(letter["data"], media_type=LETTER_MEDIA[letter["format"]],
                    headers={"X-Letter-Fingerprint": letter["fingerprint"], "X-Letter-Kind": letter["kind"],
                             "Content-Disposition": f'{disposition}; filename="{letter["filename"]}"'})


async def health(request: Request) -> JSONResponse:
    service = service_of(request)
    workers = service.pool.status()
    workers.pop("pids", None)
    try:
        records = await run_in_threadpool(service.store.count)
        store = {"reachable": True, "dialect": service.store.dialect, "records": records}
    except Exception as exc:  # any database failure means "not reachable" here; the detail is logged
        log.warning("store not reachable: %s", exc)
        store = {"reachable": False}
    ok = workers["alive"] > 0 and store["reachable"]
    return JSONResponse({"status": "ok" if ok else "degraded", "version": __version__, "workers": workers,
                         "store": store}, status_code=200 if ok else 503)


# ---------------------------------------------------------------- the application


def create_app(settings: ServiceSettings | None = None, *, pool: WorkerPool | None = None,
               store: AuditStore | None = None, tokens: TokenRegistry | None = None) -> FastAPI:
    """The FastAPI application. Pool, store and tokens are made from the settings unless given
    (tests share one pool across an app); the app then starts and stops what it made itself."""
    settings = settings or ServiceSettings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from ..rulebook import load_library
        from ..store import open_store

        own_store, own_pool = store is None, pool is None
        # `is None`, not `or`: an empty registry is falsy (len 0) but is still the one to use and watch
        the_tokens = tokens if tokens is not None else TokenRegistry.load(settings.token_file, settings.tokens)
        if not len(the_tokens):
            log.warning("no API tokens configured: every /v1 request will get 401 until one is added "
                        "(sto tokens add NAME --role ROLE; no restart needed)")
        the_store = store if store is not None else await run_in_threadpool(open_store, settings.database_url)
        the_pool = pool or WorkerPool(settings.workers, settings.rulebooks_dir, job_timeout=settings.job_timeout,
                                      max_jobs_per_worker=settings.max_jobs_per_worker,
                                      max_queued=settings.max_queued_jobs)
        try:
            if own_pool:
                await run_in_threadpool(the_pool.start)
            library = await run_in_threadpool(load_library, settings.rulebooks_dir)
            app.state.service = Service(settings, the_pool, the_store, the_tokens, library, own_pool=own_pool,
                                        own_store=own_store, sessions=SessionStore.from_settings(settings))
            settle_heap()
            yield
        finally:
            if own_pool:
                await run_in_threadpool(the_pool.close)
            if own_store:
                the_store.close()

    app = FastAPI(title="sto-toets", version=__version__, lifespan=lifespan,
                  description="Toets regionale plannen Sterk Techniekonderwijs aan de regeling. Assess Dutch STO "
                              "regional plans against versioned rulebooks; every verdict is stored in a "
                              "tamper-evident audit chain. Authenticate with `Authorization: Bearer <token>`.",
                  docs_url=None, redoc_url=None, openapi_url="/v1/openapi.json")
    install_openapi(app)
    install_docs(app)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return exc.response()

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        problems = [request_problem(e) for e in exc.errors()]
        return ApiError.said(422, "invalid_request", both("api.invalid_values"), problems).response()

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        texts = both(_GENERIC.get(exc.status_code, _GENERIC_OTHER))
        if isinstance(exc.detail, str) and exc.detail not in ("Not Found", "Method Not Allowed"):
            texts["en"] = exc.detail
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            allowed = allowed_methods(request.app, request.scope)
            if request.method == "OPTIONS" and allowed:  # what may be done here: every method, not 405
                return Response(status_code=204, headers={"Allow": ", ".join(allowed)})
            headers = {**(headers or {}), "Allow": ", ".join(allowed)}
        return ApiError.said(exc.status_code, f"http_{exc.status_code}", texts, headers=headers).response()

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return internal_error(exc).response()

    app.include_router(api_router())

    @app.get("/health", tags=["service"], summary="Same as /v1/health", responses=HEALTH_RESPONSES)
    async def _health(request: Request) -> JSONResponse:
        return await health(request)

    from .judgements import judgements_router
    from .pages import install_page_errors, pages_router

    app.include_router(judgements_router())
    app.include_router(pages_router())
    app.add_middleware(AnswerUnexpected)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes, timeout=settings.read_timeout)
    app.add_middleware(HeadAsGet)
    app.add_middleware(RequestLimit, limit=settings.max_connections)
    install_page_errors(app)  # last: on the web pages' addresses an error is a page, not JSON (pages.py)
    return app

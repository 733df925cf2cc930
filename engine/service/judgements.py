"""/v1/assessments/{id}/judgements, /advice and /withdrawal: the committee's part of a pre-screen.

Who may do what (docs/process.md, docs/api.md):
  - the committee records judgements, the advice and a withdrawal, and reads them;
  - an auditor reads them, and records nothing;
  - a region neither records nor reads them: the advice goes to the minister, and the region hears
    the minister's decision through the beschikking. (A region cannot see the committee's
    pre-screens at all; it gets the same 403 for every id, so no id leaks.)
Every record is appended to the audit chain by the store (engine/store), which checks it against
the pre-screen inside the appending transaction (engine/judgement/rules.py).
"""
from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from ..i18n import both
from ..jsontypes import JSONObject
from ..judgement import ADVICE, HOLDS, JudgementError
from ..judgement.models import AdviceAnswer, Appended, JudgementsAnswer
from ..judgement.rules import judgeable
from ..store.store import AuditStore, CommitteeRecord, StoredAssessment
from .app import ApiError, Service, Who, json_body, service_of
from .auth import Principal
from .openapi import JSON_BODY, READ, errors, ok


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JudgementIn(_In):
    rule: str = Field(description="rule id, e.g. ORG-02", examples=["PART-05"])
    holds: str = Field(description="yes (voldoet), no (voldoet niet) or with-condition (voldoet onder voorwaarde)",
                       json_schema_extra={"enum": list(HOLDS)})
    motivation: str = Field("", description="the motivation, in Dutch; required, not empty")
    condition: str | None = Field(None, description="the condition, with holds=with-condition")


class AdviceIn(_In):
    advice: str = Field(description="positive, positive-with-conditions or negative",
                        json_schema_extra={"enum": list(ADVICE)})
    motivation: str = Field("", description="the motivation, in Dutch; required, not empty")
    conditions: list[str] = Field(default_factory=list, max_length=50,
                                  description="conditions besides those of the judgements (positive-with-conditions)")


class WithdrawalIn(_In):
    motivation: str = Field("", description="how and when the region withdrew; required, not empty")


def _may_read(principal: Principal) -> None:
    if principal.region is not None:
        raise ApiError.said(403, "forbidden", both("api.judgements.for_the_committee",
                                                   rest=both("api.judgements.region_hears_the_decision")))


def _may_write(principal: Principal) -> None:
    if principal.region is not None:
        raise ApiError.said(403, "forbidden", both("api.judgements.region_may_not_record",
                                                   rest=both("api.judgements.region_hears_the_decision")))
    if not principal.may_pre_screen():
        raise ApiError.said(403, "forbidden", both("api.judgements.auditor_may_not_record"))


def api_error(exc: JudgementError) -> ApiError:
    path = "/path/id" if exc.path == "/id" else "/body" + exc.path if exc.path else ""
    problems = [{"path": path, "message": {"nl": exc.nl, "en": str(exc)}}] if path else None
    return ApiError(exc.status, exc.code, exc.nl[0].upper() + exc.nl[1:], str(exc), problems)


async def committee_of(service: Service, rec: StoredAssessment) -> JSONObject | None:
    """The committee's picture of a stored assessment (None for a self-check: it binds no one)."""
    if rec.mode != "pre-screen":
        return None
    return await run_in_threadpool(service.store.picture, rec.id)


async def _prescreen(service: Service, principal: Principal, assessment_id: str) -> StoredAssessment:
    rec = await service.readable(principal, assessment_id)
    if rec.mode != "pre-screen":
        raise ApiError.said(409, "not_a_prescreen", both("api.not_a_prescreen"))
    return rec


async def _append(request: Request, principal: Principal, assessment_id: str,
                  write: Callable[[AuditStore], CommitteeRecord]) -> JSONObject:
    service = service_of(request)
    _may_write(principal)
    await _prescreen(service, principal, assessment_id)
    try:
        async with service.write_lock:  # the chain has one head: appends go one at a time
            record = await run_in_threadpool(write, service.store)
    except JudgementError as exc:
        raise api_error(exc) from None
    return {"record": record.model_dump(), "committee": await run_in_threadpool(service.store.picture, assessment_id)}


_DRAFT = {"rule": "", "holds": "", "condition": "", "motivation": "", "advice": "", "conditions": "",
          "advice_motivation": ""}


async def page_context(service: Service, principal: Principal, rec: StoredAssessment, error: str | None = None,
                       draft: dict[str, str] | None = None) -> JSONObject:
    """What templates/web/commissie.html.j2 needs on a pre-screen's page (nothing for a self-check or
    a region: the page then shows no committee part)."""
    if rec.mode != "pre-screen" or principal.region is not None:
        return {}
    from ..letters import Dossier, letters_due

    records = await run_in_threadpool(service.store.committee_records, rec.id)
    return {"committee": await committee_of(service, rec), "may_judge": principal.may_pre_screen(),
            "letters": letters_due(rec.verdict, Dossier.from_store(rec, records)),
            # the rules that need review first: they are what the committee must judge; then the ones it may overrule
            "judgeable": sorted((f for f in rec.verdict.findings if judgeable(f)[0]),
                                key=lambda f: f.status != "needs_review"), "committee_error": error,
            "draft": {**_DRAFT, **(draft or {})}}


async def _web_append(request: Request, assessment_id: str,
                      write: Callable[[AuditStore, Principal, FormData], CommitteeRecord],
                      draft_of: Callable[[FormData], dict[str, str]]) -> Response:
    """A form post of the pre-screen's page: append, then back to the page; refused: the page again,
    with the message and what was typed."""
    from .pages import LINK_BASE, error_page, families_with_findings, fix_list, page_principal, render, to_login

    principal = page_principal(request)
    if principal is None:
        return to_login(request)
    service = service_of(request)
    try:
        rec = await _prescreen(service, principal, assessment_id)
    except ApiError as exc:
        return error_page(exc.status, "Niet gevonden", exc.nl, principal)
    form = await request.form()
    try:
        _may_write(principal)
        async with service.write_lock:
            await run_in_threadpool(write, service.store, principal, form)
    except ApiError as exc:
        status, message = exc.status, exc.nl
    except JudgementError as exc:
        status, message = exc.status, api_error(exc).nl
    else:
        return RedirectResponse(f"{LINK_BASE}/assessments/{rec.id}#commissie", status_code=303)
    base = f"{LINK_BASE}/assessments/{rec.id}"
    return render("beoordeling.html.j2", status=status, principal=principal, rec=rec, verdict=rec.verdict,
                  families=families_with_findings(rec.verdict), fixes=fix_list(rec.verdict), base=base,
                  **await page_context(service, principal, rec, message, draft_of(form)))


def _field(form: FormData, name: str) -> str:
    return str(form.get(name) or "")


def judgements_router() -> APIRouter:
    r = APIRouter()
    api = "/v1/assessments/{assessment_id}"
    tags: list[str | Enum] = ["committee"]

    # response_model=None: the responses below document the body; FastAPI would make one of the return type
    @r.get(api + "/judgements", tags=tags, response_model=None,
           summary="The committee's judgements on a pre-screen, in order, and the rules still open",
           responses={**ok(JudgementsAnswer, "Every judgement in order, the open rules, the standing."),
                      **errors(*READ, 403, 404, 409)})
    async def get_judgements(request: Request, assessment_id: str, principal: Who) -> JSONObject:
        _may_read(principal)
        service = service_of(request)
        rec = await _prescreen(service, principal, assessment_id)
        pic = await run_in_threadpool(service.store.picture, rec.id)  # a pre-screen: _prescreen refused others
        return {"assessment_id": rec.id, "judgements": pic["judgements"], "open_rules": pic["open_rules"],
                "outcome": pic["outcome"], "outcome_label": pic["outcome_label"]}

    @r.post(api + "/judgements", status_code=201, tags=tags, response_model=None,
            summary="Record the committee's judgement on one rule (committee only)",
            responses={**ok(Appended, "Recorded in the audit chain; the picture that follows.", 201),
                       **errors(*READ, *JSON_BODY, 403, 404, 409)},
            dependencies=[Depends(json_body)])
    async def post_judgement(request: Request, assessment_id: str, body: JudgementIn, principal: Who) -> JSONObject:
        return await _append(request, principal, assessment_id, lambda store: store.judge(
            assessment_id, rule_id=body.rule, holds=body.holds, motivation=body.motivation, condition=body.condition,
            actor=principal.name, role=principal.role))

    @r.get(api + "/advice", tags=tags, response_model=None,
           summary="The committee's advice on a pre-screen (null while none is recorded)",
           responses={**ok(AdviceAnswer, "The current advice, a withdrawal, the open rules, the standing."),
                      **errors(*READ, 403, 404, 409)})
    async def get_advice(request: Request, assessment_id: str, principal: Who) -> JSONObject:
        _may_read(principal)
        service = service_of(request)
        rec = await _prescreen(service, principal, assessment_id)
        pic = await run_in_threadpool(service.store.picture, rec.id)  # a pre-screen: _prescreen refused others
        return {"assessment_id": rec.id, "advice": pic["advice"], "withdrawal": pic["withdrawal"],
                "open_rules": pic["open_rules"], "outcome": pic["outcome"], "outcome_label": pic["outcome_label"]}

    @r.post(api + "/advice", status_code=201, tags=tags, response_model=None,
            summary="Record the committee's advice to the minister (committee only)",
            responses={**ok(Appended, "Recorded in the audit chain; the picture that follows.", 201),
                       **errors(*READ, *JSON_BODY, 403, 404, 409)},
            dependencies=[Depends(json_body)])
    async def post_advice(request: Request, assessment_id: str, body: AdviceIn, principal: Who) -> JSONObject:
        return await _append(request, principal, assessment_id, lambda store: store.advise(
            assessment_id, advice=body.advice, motivation=body.motivation, conditions=body.conditions,
            actor=principal.name, role=principal.role))

    @r.post(api + "/withdrawal", status_code=201, tags=tags, response_model=None,
            summary="Record that the region withdrew its plan (committee only)",
            responses={**ok(Appended, "Recorded in the audit chain; the picture that follows.", 201),
                       **errors(*READ, *JSON_BODY, 403, 404, 409)},
            dependencies=[Depends(json_body)])
    async def post_withdrawal(request: Request, assessment_id: str, body: WithdrawalIn, principal: Who) -> JSONObject:
        return await _append(request, principal, assessment_id, lambda store: store.withdraw(
            assessment_id, motivation=body.motivation, actor=principal.name, role=principal.role))

    # the forms on a pre-screen's web page (templates/web/commissie.html.j2); the session cookie is
    # SameSite=Strict, as for the other forms of the pages
    @r.post("/web/assessments/{assessment_id}/oordeel", include_in_schema=False)
    async def web_judge(request: Request, assessment_id: str) -> Response:
        return await _web_append(request, assessment_id, lambda store, who, form: store.judge(
            assessment_id, rule_id=_field(form, "rule"), holds=_field(form, "holds"),
            motivation=_field(form, "motivation"), condition=_field(form, "condition") or None, actor=who.name,
            role=who.role), lambda form: {k: _field(form, k) for k in ("rule", "holds", "condition", "motivation")})

    @r.post("/web/assessments/{assessment_id}/advies", include_in_schema=False)
    async def web_advise(request: Request, assessment_id: str) -> Response:
        def conditions(form: FormData) -> list[str]:
            return [line.strip() for line in _field(form, "conditions").splitlines() if line.strip()]

        return await _web_append(request, assessment_id, lambda store, who, form: store.advise(
            assessment_id, advice=_field(form, "advice"), motivation=_field(form, "motivation"),
            conditions=conditions(form), actor=who.name, role=who.role),
            lambda form: {"advice": _field(form, "advice"), "conditions": _field(form, "conditions"),
                          "advice_motivation": _field(form, "motivation")})

    return r

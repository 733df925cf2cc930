"""The web pages (Dutch, server-rendered Jinja; templates in templates/web/).

    /inloggen                    token login form; opens a session (engine.service.sessions) and sets an
                                 HttpOnly, SameSite=Strict cookie holding its random id, never the token
    /uitloggen                   ends the session on the server and deletes the cookie
    /zelfcheck                   a region uploads (or pastes) its plan: advisory self-check
    /zelfcheck/sjabloon.yaml     the commented plan template of `sto init` (the region's name filled in)
    /web/assessments/{id}        findings per criterion family (green/amber/red with words), fix list,
                                 letter preview, PDF download
    /web/assessments/{id}/trace  the explanation of every rule, down to the plan fields
    /web/assessments/{id}/letter?format=html|pdf
    /overzicht?ronde=R           the committee's round overview (engine.overview, the same page as
                                 `sto prescreen` writes), with links to each verdict, trace and letter

The pages use the same roles, worker pool and store as the API (engine.service.app). An error on a
page's address is a page too (`install_page_errors`): the API's JSON error body, rendered in Dutch
in the site's style, with the same status. The API under /v1 keeps its JSON.
"""
from __future__ import annotations

import datetime as dt
import inspect
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors_nl import UNKNOWN_TEXT, where_nl
from ..i18n import both
from ..jsontypes import JSONObject
from ..store.store import StoredAssessment

if TYPE_CHECKING:
    from jinja2 import Environment

    from ..verdict.model import Finding, Verdict
from ..overview.render import day
from .auth import AUDITOR, COMMITTEE, Principal, hash_token

COOKIE = "sto_sessie"
TEMPLATE_ENV = "STO_WEB_TEMPLATES"
LINK_BASE = "/web"
STATUS_WORDS = {"pass": "voldoet", "fail": "voldoet niet", "needs_review": "beoordeling nodig",
                "not_applicable": "niet van toepassing"}
STATUS_SYMBOLS = {"pass": "✔", "fail": "✘", "needs_review": "?", "not_applicable": "–"}
OUTCOME_STATUS = {"positive_advice": "pass", "committee_review": "needs_review", "negative_advice": "fail",
                  "ineligible": "fail"}
SEVERITY_WORDS = {"knockout": "knock-out", "assessment": "beoordeling", "advisory": "advies"}
SEVERITY_ORDER = {"knockout": 0, "assessment": 1, "advisory": 2}
MAX_OVERVIEW_RECORDS = 5000
OVERVIEW_KINDS = {"pre-screen": "voortoetsen van de commissie", "self-check": "zelfchecks van de regio's"}
MAX_ROUND = 20
# the addresses of the web pages: an error there is answered with a page, not the API's JSON
PAGE_PATHS = ("/inloggen", "/uitloggen", "/zelfcheck", "/web", "/overzicht")
ERROR_TITLES = {400: "Ongeldig verzoek", 401: "Niet aangemeld", 403: "Niet toegestaan", 404: "Niet gevonden",
                405: "Niet mogelijk op dit adres", 413: "Te groot", 415: "Soort bestand niet ondersteund",
                422: "Kan niet verwerken", 500: "Interne fout", 503: "Dienst tijdelijk niet beschikbaar",
                504: "Duurde te lang"}
# the web page's lead for an error whose API message points into the JSON body ("see 'problems'")
PAGE_LEADS = {"invalid_plan": "Het plan kan nog niet worden getoetst. Verbeter eerst {what}:",
              "invalid_request": "Het verzoek bevat een ongeldige waarde:"}


# The letters by their names on the page (engine/letters/dossier.py has the procedure)
LETTER_NAMES = {"zelfcheck": "zelfcheckbrief", "aanvulling": "verzoek om aanvulling", "advies": "advies aan de minister",
                "beschikking": "beschikking (concept)"}


def template_dir() -> Path:
    return Path(os.environ.get(TEMPLATE_ENV) or Path(__file__).resolve().parents[2] / "templates" / "web")


@lru_cache(maxsize=4)
def _environment(directory: str) -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(directory), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(words=STATUS_WORDS, symbols=STATUS_SYMBOLS, outcome_status=OUTCOME_STATUS,
                       severity_words=SEVERITY_WORDS, role_label=role_label, letter_names=LETTER_NAMES)
    env.filters["local_time"] = local_time
    env.filters["day"] = day
    env.filters["code"] = code_spans
    return env


def role_label(principal: Principal) -> str:
    """The role in words for the page header: 'Regio Techniekregio X', 'Commissie', 'Controleur'."""
    if principal.region is not None:
        return f"Regio {principal.region}"
    return {COMMITTEE: "Commissie", AUDITOR: "Controleur"}.get(principal.role, principal.role)


def local_time(iso: str) -> str:
    """A stored moment ('2026-11-23T19:56:44+00:00', UTC) as people here read it: '23-11-2026 20:56'
    in Dutch time (CET/CEST). Without the time-zone database the moment stays in UTC, and says so."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from ..overview.render import TIME_ZONE

    stamp = dt.datetime.fromisoformat(iso)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    try:
        return f"{stamp.astimezone(ZoneInfo(TIME_ZONE)):%d-%m-%Y %H:%M}"
    except ZoneInfoNotFoundError:
        return f"{stamp.astimezone(dt.UTC):%d-%m-%Y %H:%M} UTC"


# hints that tell the user of the command line to run `sto init`: on the web page the template is a download
WEB_HINTS = {"run `sto init plan.yaml` for a template":
             "download het sjabloon met de knop op de zelfcheckpagina en vul het in"}


def code_spans(text: str) -> Markup:
    """`command` in a message -> <code>command</code> (the rest escaped)."""
    parts = str(text).split("`")
    return Markup("").join(Markup("<code>{}</code>").format(part) if i % 2 else Markup.escape(part)
                           for i, part in enumerate(parts))


def problem_view(p: JSONObject) -> JSONObject:
    """One located plan problem for the page, in Dutch: where (field, line), what, what was expected and
    found, and how to fix it (the API's problem carries the Dutch beside the English: expected_nl, ...)."""
    def nl(text: str | None, own: str | None) -> str | None:
        """The Dutch the problem carries, else its English after a Dutch lead-in."""
        if not text:
            return None
        return own or UNKNOWN_TEXT + text

    message = p.get("message") or {}
    text = message.get("nl") or message.get("en") or ""
    path, line = p.get("path") or "", p.get("line")
    where = where_nl(path, line)
    lead = f"{where[:1].upper()}{where[1:]}: " if where else ""
    if lead and text.startswith(lead):  # the API's Dutch message starts with the place; the page shows it apart
        text = text[len(lead):]
    hint = p.get("hint")
    return {"path": path, "line": line, "message": text if where else text[:1].upper() + text[1:],
            "expected": nl(p.get("expected"), p.get("expected_nl")),
            "found": None if p.get("found") is None else p.get("found_nl") or str(p["found"]),
            "hint": WEB_HINTS.get(hint) if hint in WEB_HINTS else nl(hint, p.get("hint_nl"))}


def page_lead(code: str, nl: str, problems: list[JSONObject]) -> str:
    lead = PAGE_LEADS.get(code)
    if lead is None or not problems:
        return nl
    n = len(problems)
    return lead.format(what="dit probleem" if n == 1 else f"deze {n} problemen")


def render(name: str, status: int = 200, **context: object) -> HTMLResponse:
    env = _environment(str(template_dir()))
    css = Markup((template_dir() / "sto.css").read_text(encoding="utf-8")) if (template_dir() / "sto.css").exists() \
        else Markup("")
    html = env.get_template(name).render(shared_css=css, **context)
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def page_principal(request: Request) -> Principal | None:
    """Who the session in the cookie belongs to; None (the session ended) sends the user to log in."""
    from .app import service_of

    service = service_of(request)
    return service.sessions.principal(request.cookies.get(COOKIE), service.tokens)


def to_login(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/inloggen?verder={quote(target, safe='')}", status_code=303)


def error_page(status: int, title: str, text: str, principal: Principal | None, problems: list[JSONObject] | None = None,
               headers: dict[str, str] | None = None) -> HTMLResponse:
    response = render("fout.html.j2", status=status, title=title, text=text, principal=principal,
                      problems=[problem_view(p) for p in problems or []])
    response.headers.update(headers or {})
    return response


def is_page_path(path: str) -> bool:
    return path == "/" or any(path == p or path.startswith(p + "/") for p in PAGE_PATHS)


def wants_page(scope: Scope) -> bool:
    """A web page's address, or a browser (Accept: text/html) on an address outside the API."""
    path = scope.get("path", "")
    if is_page_path(path):
        return True
    if path.startswith(("/v1", "/docs", "/health", "/openapi")):
        return False
    accept = dict(scope.get("headers") or []).get(b"accept", b"").decode("latin-1")
    return "text/html" in accept


def page_from_error_body(request: Request, status: int, body: bytes | memoryview,
                         headers: dict[str, str] | None = None) -> HTMLResponse:
    """The page for one of the API's JSON error bodies ({"error": {status, code, message, problems}})."""
    try:
        error = json.loads(bytes(body))["error"]
        nl, code, problems = error["message"]["nl"], error.get("code", ""), error.get("problems") or []
    except (ValueError, KeyError, TypeError):
        nl, code, problems = "Er ging iets mis bij dit verzoek.", "", []
    try:
        principal = page_principal(request)
    except Exception:  # noqa: BLE001 - an error page must render even when the service is not up
        principal = None
    keep = {k: v for k, v in (headers or {}).items() if k.lower() in ("retry-after",)}
    return error_page(status, ERROR_TITLES.get(status, "Fout"), page_lead(code, nl, problems), principal, problems,
                      keep)


class SameOriginForms:
    """ASGI middleware: a form sent to the web pages (any method but GET, HEAD, OPTIONS) must come
    from a page of this site, as its Origin (or, without one, its Referer) shows; else 403.

    The session cookie is SameSite=Strict, so another site cannot send it along; but it could post
    the login form and so log a visitor in under the attacker's token (login CSRF), and a client
    outside a browser sends whatever it likes. The API under /v1 takes bearer tokens, never the
    cookie, so it is not checked here.
    """

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS") or not wants_page(scope):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1").lower()
        sender = headers.get(b"origin") or headers.get(b"referer") or b""
        sender_host = urlsplit(sender.decode("latin-1")).netloc.lower()
        if host and sender_host == host:
            return await self.app(scope, receive, send)
        body = json.dumps({"error": {"status": 403, "code": "cross_origin", "message": both("web.cross_origin"),
                                     "problems": []}}).encode("utf-8")
        await send({"type": "http.response.start", "status": 403,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class PageErrors:
    """ASGI middleware: on a web page's address, an error answered as JSON (by the API's exception
    handlers, the body-size limit, an unknown route) is sent as the page for it instead."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not wants_page(scope):
            return await self.app(scope, receive, send)
        held: JSONObject = {}  # the start of a JSON error answer: status and headers
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in message.get("headers", [])}
                if message["status"] >= 400 and headers.get("content-type", "").startswith("application/json"):
                    held.update(status=message["status"], headers=headers)
                    return
            elif message["type"] == "http.response.body" and held:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                page = page_from_error_body(Request(scope), held["status"], b"".join(chunks), held["headers"])
                await page(scope, receive, send)
                return
            await send(message)

        await self.app(scope, receive, capture)


def install_page_errors(app: FastAPI) -> None:
    """Errors on the web pages' addresses become pages (call after every exception handler and
    middleware is added). The handler for unexpected exceptions runs outside the middleware, so it
    is wrapped here as well."""
    original = app.exception_handlers.get(Exception)
    if original is not None:
        handler = original

        async def unexpected(request: Request, exc: Exception) -> Response:
            answer = handler(request, exc)
            response = await answer if inspect.isawaitable(answer) else answer
            if not wants_page(request.scope) or not response.headers.get("content-type", "").startswith(
                    "application/json"):
                return response
            return page_from_error_body(request, response.status_code, response.body)

        app.add_exception_handler(Exception, unexpected)
    app.add_middleware(SameOriginForms)
    app.add_middleware(PageErrors)


def safe_next(target: str | None, principal: Principal) -> str:
    # only local paths: the login form must not become an open redirect
    # ("/\\evil.example" is read by browsers as "//evil.example", so backslashes are refused too)
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/zelfcheck" if principal.region else "/overzicht"


def _hours(seconds: float) -> str:
    """Dutch words for a duration in hours: '8', '1,5', '0,25'."""
    return f"{seconds / 3600:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def fix_list(verdict: Verdict) -> list[Finding]:
    """Failing and doubtful rules, the most serious first: knock-outs, then assessment, then advice."""
    chosen = [f for f in verdict.findings if f.status in ("fail", "needs_review")]
    return sorted(chosen, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.status != "fail", f.rule_id))


def families_with_findings(verdict: Verdict) -> list[JSONObject]:
    by_family: dict[str, list[Finding]] = {}
    for f in verdict.findings:
        by_family.setdefault(f.family, []).append(f)
    return [{**fam.to_json(), "findings": by_family.get(fam.family, [])} for fam in verdict.families]


def overview_query_problems(ronde: str | None, soort: str) -> list[JSONObject]:
    """What is wrong with the overview's query (?ronde=R&soort=S), as located problems; [] when fine."""
    problems: list[JSONObject] = []
    if ronde is not None and not (ronde.isdecimal() and 1 <= int(ronde) <= MAX_ROUND):
        problems.append({"path": "ronde", "message": both("web.overview.not_a_round", value=ronde, max=MAX_ROUND)})
    if soort not in OVERVIEW_KINDS:
        allowed = " of ".join(f"'{k}' ({v})" for k, v in OVERVIEW_KINDS.items())
        problems.append({"path": "soort", "message": both(
            "web.overview.not_a_kind", value=soort, allowed={"nl": allowed, "en": " or ".join(OVERVIEW_KINDS)})})
    return problems


_PLAIN_YAML = re.compile(r"^[A-Za-z0-9À-ÿ][A-Za-z0-9À-ÿ .,()'/-]*$")


def plan_template_for(principal: Principal) -> str:
    """The plan template of `sto init`, for a region with its own name filled in (a plan of another
    region is refused: the name must be exactly the token's)."""
    from ..plan import INIT_TEMPLATE

    if principal.region is None:
        return INIT_TEMPLATE
    name = principal.region if _PLAIN_YAML.match(principal.region) else json.dumps(principal.region,
                                                                                    ensure_ascii=False)
    return re.sub(r"^(  name: )Regio Voorbeeld( *)", lambda m: m[1] + name + " " * max(1, len(m[2]) + 15 - len(name)),
                  INIT_TEMPLATE, count=1, flags=re.M)


def pages_router() -> APIRouter:
    from .app import ApiError, render_letter_for, service_of, submit_plan

    r = APIRouter(include_in_schema=False)

    @r.get("/")
    async def home(request: Request) -> Response:
        principal = page_principal(request)
        if principal is None:
            return RedirectResponse("/inloggen", status_code=303)
        return RedirectResponse(safe_next(None, principal), status_code=303)

    @r.get("/inloggen")
    async def login_form(request: Request, verder: str | None = None) -> Response:
        return _login_page(request, 200, page_principal(request), verder or "", None)

    def _login_page(request: Request, status: int, principal: Principal | None, verder: str,
                    error: str | None) -> Response:
        sessions = service_of(request).sessions
        return render("inloggen.html.j2", status=status, principal=principal, verder=verder, error=error,
                      idle_hours=_hours(sessions.idle_timeout), lifetime_hours=_hours(sessions.lifetime))

    @r.post("/inloggen")
    async def login(request: Request) -> Response:
        form = await request.form()
        token = str(form.get("token") or "").strip()
        target = str(form.get("verder") or "")
        service = service_of(request)
        principal = service.tokens.authenticate(token)
        if principal is None:
            return _login_page(request, 401, None, target,
                               "Dit token is onbekend of ingetrokken. Controleer of u het volledig hebt geplakt.")
        service.sessions.end(request.cookies.get(COOKIE))  # a session this browser had before
        # the cookie holds a random session id: the token itself stays with the user (and its hash with us)
        session_id = service.sessions.create(hash_token(token), principal)
        response = RedirectResponse(safe_next(target, principal), status_code=303)
        response.set_cookie(COOKIE, session_id, max_age=int(service.sessions.lifetime), httponly=True,
                            samesite="strict", path="/", secure=request.url.scheme == "https")
        return response

    @r.post("/uitloggen")
    async def logout(request: Request) -> Response:
        service_of(request).sessions.end(request.cookies.get(COOKIE))
        response = RedirectResponse("/inloggen", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    @r.get("/zelfcheck")
    async def selfcheck_form(request: Request) -> Response:
        principal = page_principal(request)
        if principal is None:
            return to_login(request)
        return await _selfcheck_page(request, principal)

    async def _selfcheck_page(request: Request, principal: Principal, status: int = 200, error: str | None = None,
                              problems: list[JSONObject] | None = None, pasted: str = "") -> Response:
        service = service_of(request)
        recent: list[StoredAssessment] = []
        if (region := principal.region) is not None:
            recent = await run_in_threadpool(lambda: service.store.list(region=region, mode="self-check", limit=10))
        return render("zelfcheck.html.j2", status=status, principal=principal, recent=recent, error=error,
                      problems=[problem_view(p) for p in problems or []], pasted=pasted,
                      max_bytes=service.settings.max_body_bytes)

    @r.get("/zelfcheck/sjabloon.yaml")
    async def plan_template(request: Request) -> Response:
        principal = page_principal(request)
        if principal is None:
            return to_login(request)
        return PlainTextResponse(plan_template_for(principal), media_type="application/yaml; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="plan.yaml"',
                                          "Cache-Control": "no-store"})

    @r.post("/zelfcheck")
    async def selfcheck_submit(request: Request) -> Response:
        principal = page_principal(request)
        if principal is None:
            return to_login(request)
        from .app import safe_source

        form = await request.form()
        upload = form.get("file")
        pasted = str(form.get("plan") or "")
        if isinstance(upload, UploadFile) and upload.filename:
            raw, source = await upload.read(), safe_source(upload.filename, "")
        else:
            raw, source = pasted.encode("utf-8"), "geplakt-plan.yaml"
        if not raw.strip():
            return await _selfcheck_page(request, principal, 422, "Kies een planbestand of plak de YAML-tekst van "
                                                                  "uw plan in het tekstvak.", pasted=pasted)
        try:
            rec = await submit_plan(service_of(request), principal, raw, source, "self-check", None, None)
        except ApiError as exc:
            return await _selfcheck_page(request, principal, exc.status, page_lead(exc.code, exc.nl, exc.problems),
                                         exc.problems, pasted)
        return RedirectResponse(f"{LINK_BASE}/assessments/{rec.id}", status_code=303)

    async def _readable(request: Request, assessment_id: str) -> tuple[Principal, StoredAssessment] | Response:
        """Who asks and the assessment they may read, or the page that answers instead."""
        principal = page_principal(request)
        if principal is None:
            return to_login(request)
        try:
            return principal, await service_of(request).readable(principal, assessment_id)
        except ApiError as exc:
            return error_page(exc.status, "Niet gevonden", exc.nl, principal)

    @r.get(LINK_BASE + "/assessments/{assessment_id}")
    async def assessment_page(request: Request, assessment_id: str) -> Response:
        found = await _readable(request, assessment_id)
        if isinstance(found, Response):
            return found
        principal, rec = found
        from .judgements import page_context  # the committee's judgements and advice, with their forms

        return render("beoordeling.html.j2", principal=principal, rec=rec, verdict=rec.verdict,
                      families=families_with_findings(rec.verdict), fixes=fix_list(rec.verdict),
                      base=f"{LINK_BASE}/assessments/{rec.id}",
                      **await page_context(service_of(request), principal, rec))

    @r.get(LINK_BASE + "/assessments/{assessment_id}/trace")
    async def trace_page(request: Request, assessment_id: str, rule: str | None = None) -> Response:
        found = await _readable(request, assessment_id)
        if isinstance(found, Response):
            return found
        principal, rec = found
        if rule is not None and rule not in {f.rule_id for f in rec.verdict.findings}:
            return error_page(404, "Onbekende regel", f"Regel {rule} komt niet voor in deze beoordeling.", principal)
        try:
            text = await service_of(request).evaluate("explain", {"verdict": rec.verdict.to_json(), "rule": rule,
                                                                  "lang": "nl"})
        except ApiError as exc:
            return error_page(exc.status, "Uitleg niet beschikbaar", exc.nl, principal)
        findings = [f for f in rec.verdict.findings if rule is None or f.rule_id == rule]
        if rule is None:  # the rules that need work first, as on the assessment page
            findings = fix_list(rec.verdict) + [f for f in findings if f.status not in ("fail", "needs_review")]
        return render("uitleg.html.j2", principal=principal, rec=rec, text=text, rule=rule, findings=findings,
                      base=f"{LINK_BASE}/assessments/{rec.id}")

    @r.get(LINK_BASE + "/assessments/{assessment_id}/letter")
    async def letter_page(request: Request, assessment_id: str, format: str = "html",
                          kind: str | None = None) -> Response:
        found = await _readable(request, assessment_id)
        if isinstance(found, Response):
            return found
        principal, rec = found
        if format not in ("html", "pdf"):
            return error_page(422, "Onbekend formaat", "Kies format=html of format=pdf.", principal)
        if kind not in (None, "auto", *LETTER_NAMES):
            return error_page(422, "Onbekende brief", f"Kies kind={', '.join(LETTER_NAMES)} of laat kind weg.",
                              principal)
        try:
            letter = await render_letter_for(service_of(request), rec, format, kind, "nl")
        except ApiError as exc:
            return error_page(exc.status, "Brief niet beschikbaar", exc.nl, principal)
        disposition = "inline" if format == "html" else "attachment"
        return Response(letter["data"], media_type="text/html; charset=utf-8" if format == "html" else "application/pdf",
                        headers={"Content-Disposition": f'{disposition}; filename="{letter["filename"]}"',
                                 "X-Letter-Fingerprint": letter["fingerprint"]})

    @r.get("/overzicht")
    async def overview_page(request: Request) -> Response:
        principal = page_principal(request)
        if principal is None:
            return to_login(request)
        if principal.region is not None:
            return error_page(403, "Alleen voor de commissie", "Het rondeoverzicht is er voor de commissie en de "
                                                               "auditors. Uw eigen zelfchecks staan op de "
                                                               "zelfcheckpagina.", principal)
        query = request.query_params
        ronde, soort = query.get("ronde") or None, query.get("soort") or "pre-screen"
        problems = overview_query_problems(ronde, soort)
        if problems:
            return error_page(400, "Ongeldige keuze voor het overzicht",
                              "Het overzicht kan niet worden getoond met deze keuze. Pas het adres aan of kies "
                              "opnieuw in het overzicht:", principal, problems)
        round_number = int(ronde) if ronde is not None else None
        from ..overview import build_overview, to_html

        store = service_of(request).store

        def collect() -> str:
            records: list[StoredAssessment] = []
            offset = 0
            while len(records) < MAX_OVERVIEW_RECORDS:
                batch = store.list(mode=soort, limit=500, offset=offset)
                records += batch
                offset += len(batch)
                if len(batch) < 500:
                    break
            title = (f"Overzicht ronde {round_number}" if round_number is not None else "Overzicht alle rondes") + \
                f" — {OVERVIEW_KINDS[soort]}"
            overview = build_overview(records, round=round_number, title=title, latest_per_region=True,
                                      committee=store.committee_records_for([r.id for r in records]))
            return to_html(overview, link_base=LINK_BASE, lang="nl")

        html = await run_in_threadpool(collect)
        nav = _environment(str(template_dir())).get_template("overzicht-nav.html.j2").render(
            principal=principal, ronde=round_number, soort=soort, kinds=OVERVIEW_KINDS, role_label=role_label)
        # the overview is a complete page of its own (also written by `sto prescreen`); the navigation goes on top
        html = html.replace("<body>", "<body>\n" + nav, 1)
        return HTMLResponse(html, headers={"Cache-Control": "no-store"})

    return r

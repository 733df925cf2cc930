"""The web pages (Dutch, server-rendered Jinja; templates in templates/web/).

    /inloggen                    token login form; opens a session (engine.service.sessions) and sets an
                                 HttpOnly, SameSite=Strict cookie holding its random id, never the token
    /uitloggen                   ends the session on the server and deletes the cookie
    /zelfcheck                   a region uploads (or pastes) its plan: advisory self-check
    /web/assessments/{id}        findings per criterion family (green/amber/red with words), fix list,
                                 letter preview, PDF download
    /web/assessments/{id}/trace  the explanation of every rule, down to the plan fields
    /web/assessments/{id}/letter?format=html|pdf
    /overzicht?ronde=R           the committee's round overview (engine.overview, the same page as
                                 `sto prescreen` writes), with links to each verdict, trace and letter

The pages use the same roles, worker pool and store as the API (engine.service.app).
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from .auth import Principal, hash_token

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


def template_dir() -> Path:
    return Path(os.environ.get(TEMPLATE_ENV) or Path(__file__).resolve().parents[2] / "templates" / "web")


@lru_cache(maxsize=4)
def _environment(directory: str):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(directory), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(words=STATUS_WORDS, symbols=STATUS_SYMBOLS, outcome_status=OUTCOME_STATUS,
                       severity_words=SEVERITY_WORDS)
    return env


def render(name: str, status: int = 200, **context) -> HTMLResponse:
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


def error_page(status: int, title: str, text: str, principal: Principal | None, problems: list | None = None):
    return render("fout.html.j2", status=status, title=title, text=text, principal=principal,
                  problems=problems or [])


def safe_next(target: str | None, principal: Principal) -> str:
    # only local paths: the login form must not become an open redirect
    # ("/\\evil.example" is read by browsers as "//evil.example", so backslashes are refused too)
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/zelfcheck" if principal.region else "/overzicht"


def _hours(seconds: float) -> str:
    """Dutch words for a duration in hours: '8', '1,5', '0,25'."""
    return f"{seconds / 3600:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def fix_list(verdict: dict) -> list[dict]:
    """Failing and doubtful rules, the most serious first: knock-outs, then assessment, then advice."""
    chosen = [f for f in verdict["findings"] if f["status"] in ("fail", "needs_review")]
    return sorted(chosen, key=lambda f: (SEVERITY_ORDER.get(f["severity"], 9), f["status"] != "fail", f["rule_id"]))


def families_with_findings(verdict: dict) -> list[dict]:
    by_family: dict[str, list[dict]] = {}
    for f in verdict["findings"]:
        by_family.setdefault(f["family"], []).append(f)
    return [{**fam, "findings": by_family.get(fam["family"], [])} for fam in verdict["families"]]


def pages_router() -> APIRouter:
    from .app import ApiError, render_letter_for, service_of, submit_plan

    r = APIRouter(include_in_schema=False)

    @r.get("/")
    async def home(request: Request):
        principal = page_principal(request)
        if principal is None:
            return RedirectResponse("/inloggen", status_code=303)
        return RedirectResponse(safe_next(None, principal), status_code=303)

    @r.get("/inloggen")
    async def login_form(request: Request, verder: str | None = None):
        return _login_page(request, 200, page_principal(request), verder or "", None)

    def _login_page(request: Request, status: int, principal: Principal | None, verder: str, error: str | None):
        sessions = service_of(request).sessions
        return render("inloggen.html.j2", status=status, principal=principal, verder=verder, error=error,
                      idle_hours=_hours(sessions.idle_timeout), lifetime_hours=_hours(sessions.lifetime))

    @r.post("/inloggen")
    async def login(request: Request):
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
    async def logout(request: Request):
        service_of(request).sessions.end(request.cookies.get(COOKIE))
        response = RedirectResponse("/inloggen", status_code=303)
        response.delete_cookie(COOKIE, path="/")
        return response

    @r.get("/zelfcheck")
    async def selfcheck_form(request: Request):
        principal = page_principal(request)
        if principal is None:
            return to_login(request)
        return await _selfcheck_page(request, principal)

    async def _selfcheck_page(request: Request, principal: Principal, status: int = 200, error: str | None = None,
                              problems: list | None = None, pasted: str = ""):
        service = service_of(request)
        recent = []
        if principal.region is not None:
            recent = await run_in_threadpool(lambda: service.store.list(region=principal.region, mode="self-check",
                                                                         limit=10))
        return render("zelfcheck.html.j2", status=status, principal=principal, recent=recent, error=error,
                      problems=problems or [], pasted=pasted, max_bytes=service.settings.max_body_bytes)

    @r.post("/zelfcheck")
    async def selfcheck_submit(request: Request):
        principal = page_principal(request)
        if principal is None:
            return to_login(request)
        from .app import safe_source

        form = await request.form()
        upload = form.get("file")
        pasted = str(form.get("plan") or "")
        if upload is not None and hasattr(upload, "read") and upload.filename:
            raw, source = await upload.read(), safe_source(upload.filename, "")
        else:
            raw, source = pasted.encode("utf-8"), "geplakt-plan.yaml"
        if not raw.strip():
            return await _selfcheck_page(request, principal, 422, "Kies een planbestand of plak de YAML-tekst van "
                                                                  "uw plan in het tekstvak.", pasted=pasted)
        try:
            rec = await submit_plan(service_of(request), principal, raw, source, "self-check", None, None)
        except ApiError as exc:
            return await _selfcheck_page(request, principal, exc.status, exc.nl, exc.problems, pasted)
        return RedirectResponse(f"{LINK_BASE}/assessments/{rec.id}", status_code=303)

    async def _readable(request: Request, assessment_id: str):
        principal = page_principal(request)
        if principal is None:
            return None, to_login(request)
        try:
            return (principal, await service_of(request).readable(principal, assessment_id)), None
        except ApiError as exc:
            return None, error_page(exc.status, "Niet gevonden", exc.nl, principal)

    @r.get(LINK_BASE + "/assessments/{assessment_id}")
    async def assessment_page(request: Request, assessment_id: str):
        found, response = await _readable(request, assessment_id)
        if response is not None:
            return response
        principal, rec = found
        return render("beoordeling.html.j2", principal=principal, rec=rec, verdict=rec.verdict,
                      families=families_with_findings(rec.verdict), fixes=fix_list(rec.verdict),
                      base=f"{LINK_BASE}/assessments/{rec.id}")

    @r.get(LINK_BASE + "/assessments/{assessment_id}/trace")
    async def trace_page(request: Request, assessment_id: str, rule: str | None = None):
        found, response = await _readable(request, assessment_id)
        if response is not None:
            return response
        principal, rec = found
        if rule is not None and rule not in {f["rule_id"] for f in rec.verdict["findings"]}:
            return error_page(404, "Onbekende regel", f"Regel {rule} komt niet voor in deze beoordeling.", principal)
        try:
            text = await service_of(request).evaluate("explain", {"verdict": rec.verdict, "rule": rule, "lang": "nl"})
        except ApiError as exc:
            return error_page(exc.status, "Uitleg niet beschikbaar", exc.nl, principal)
        return render("uitleg.html.j2", principal=principal, rec=rec, text=text, rule=rule,
                      base=f"{LINK_BASE}/assessments/{rec.id}")

    @r.get(LINK_BASE + "/assessments/{assessment_id}/letter")
    async def letter_page(request: Request, assessment_id: str, format: str = "html"):
        found, response = await _readable(request, assessment_id)
        if response is not None:
            return response
        principal, rec = found
        if format not in ("html", "pdf"):
            return error_page(422, "Onbekend formaat", "Kies format=html of format=pdf.", principal)
        try:
            letter = await render_letter_for(service_of(request), rec, format, None, "nl")
        except ApiError as exc:
            return error_page(exc.status, "Brief niet beschikbaar", exc.nl, principal)
        disposition = "inline" if format == "html" else "attachment"
        return Response(letter["data"], media_type="text/html; charset=utf-8" if format == "html" else "application/pdf",
                        headers={"Content-Disposition": f'{disposition}; filename="{letter["filename"]}"',
                                 "X-Letter-Fingerprint": letter["fingerprint"]})

    @r.get("/overzicht")
    async def overview_page(request: Request, ronde: int | None = None, soort: str = "pre-screen"):
        principal = page_principal(request)
        if principal is None:
            return to_login(request)
        if principal.region is not None:
            return error_page(403, "Alleen voor de commissie", "Het rondeoverzicht is er voor de commissie en de "
                                                               "auditors. Uw eigen zelfchecks staan op de "
                                                               "zelfcheckpagina.", principal)
        if soort not in ("pre-screen", "self-check"):
            soort = "pre-screen"
        from ..overview import build_overview, to_html

        store = service_of(request).store

        def collect():
            records, offset = [], 0
            while len(records) < MAX_OVERVIEW_RECORDS:
                batch = store.list(mode=soort, limit=500, offset=offset)
                records += batch
                offset += len(batch)
                if len(batch) < 500:
                    break
            title = (f"Overzicht ronde {ronde}" if ronde is not None else "Overzicht alle rondes") + \
                    (" — zelfchecks" if soort == "self-check" else " — pre-screens")
            overview = build_overview(records, round=ronde, title=title, latest_per_region=True)
            return to_html(overview, link_base=LINK_BASE, lang="nl")

        html = await run_in_threadpool(collect)
        nav = _environment(str(template_dir())).get_template("overzicht-nav.html.j2").render(
            principal=principal, ronde=ronde, soort=soort)
        # the overview is a complete page of its own (also written by `sto prescreen`); the navigation goes on top
        html = html.replace("<body>", "<body>\n" + nav, 1)
        return HTMLResponse(html, headers={"Cache-Control": "no-store"})

    return r

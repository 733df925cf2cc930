"""Every error a person can meet on the web pages is a page in the site's style, in Dutch: plan
problems without a fix hint or line (a wrong choice, a date that does not exist, a negative amount,
a file of comments only), another region's plan, a too large upload, a bad address or query
value, an unknown page. Never the API's raw JSON in a browser; the API itself keeps its JSON."""
from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest

from tests.web_login import logged_in, web_tokens

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "plans"
OWN_PLAN = (EXAMPLES / "cofinanciering-net-onder-10.yaml").read_text(encoding="utf-8")  # IJsselvliet
OTHER_PLAN = (EXAMPLES / "noord-veluwe-compleet.yaml").read_bytes()  # Noord-Veluwe
OWN = "Techniekregio IJsselvliet"

BROKEN = {
    "wrong_choice": OWN_PLAN.replace("kind: technical", "kind: foo", 1),
    "bad_date": OWN_PLAN.replace("date: 2019-03-18", "date: 2019-13-45", 1),
    "negative_amount": OWN_PLAN.replace("amount: 420000", "amount: -420000", 1),
    "only_comments": "# alleen commentaar, nog geen plan\n",
}


@pytest.fixture()
def tokens(token_file) -> dict[str, str]:
    return web_tokens(token_file)


def assert_page(r, status: int) -> str:
    """An HTML page of the site (its header and stylesheet), with the status the API gives."""
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("text/html"), r.text[:300]
    assert '<header class="sto">' in r.text and "--accent" in r.text
    assert not r.text.lstrip().startswith("{")
    return r.text


def visible_text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("how", ["paste", "upload"])
def test_a_plan_problem_without_hint_or_line_is_shown_on_the_form(serve, tokens, case, how):
    client = logged_in(serve(), tokens["region"])
    if how == "paste":
        r = client.post("/zelfcheck", data={"plan": BROKEN[case]})
    else:
        r = client.post("/zelfcheck", files={"file": ("plan.yaml", BROKEN[case].encode(), "application/yaml")})
    html = assert_page(r, 422)
    assert 'id="zelfcheck-form"' in html and 'id="fout"' in html  # the form again, with the problems above it
    problems = re.findall(r"<li class=\"probleem\"", html)
    assert problems, html
    text = visible_text(html)
    assert "problems" not in text and "Engels" not in text and "problem(s)" not in text
    expected = {"wrong_choice": "/region/kind", "bad_date": "/submission/date",
                "negative_amount": "/budget/cost_lines/0/amount", "only_comments": "alleen commentaar"}[case]
    assert expected in text


def test_pasted_text_stays_in_the_form_after_an_error(serve, tokens):
    client = logged_in(serve(), tokens["region"])
    html = assert_page(client.post("/zelfcheck", data={"plan": BROKEN["bad_date"]}), 422)
    assert "2019-13-45" in html[html.index("<textarea"):]


def test_another_regions_plan_gives_the_wrong_region_message(serve, tokens):
    client = logged_in(serve(), tokens["region"])
    r = client.post("/zelfcheck", files={"file": ("plan.yaml", OTHER_PLAN, "application/yaml")})
    text = visible_text(assert_page(r, 403))
    assert f"Uw token hoort bij regio '{OWN}'" in text and "Techniekregio Noord-Veluwe" in text


def test_an_auditor_submitting_gets_a_page_not_json(serve, tokens):
    client = logged_in(serve(), tokens["auditor"])
    r = client.post("/zelfcheck", data={"plan": OWN_PLAN})
    assert "mag lezen" in visible_text(assert_page(r, 403))


def test_a_too_large_upload_is_a_page(serve, tokens):
    client = logged_in(serve(max_body_bytes=10_000), tokens["region"])
    r = client.post("/zelfcheck", files={"file": ("plan.yaml", b"# x\n" * 5000, "application/yaml")})
    assert "te groot" in visible_text(assert_page(r, 413))


def test_an_unknown_page_is_a_page_but_the_api_stays_json(serve, tokens):
    client = logged_in(serve(), tokens["committee"])
    assert "bestaat niet" in visible_text(assert_page(client.get("/web/bestaat-niet"), 404))
    assert assert_page(client.get("/zelfcheck/nergens"), 404)
    assert assert_page(client.put("/zelfcheck"), 405)
    api = client.get("/v1/bestaat-niet")
    assert api.status_code == 404 and api.headers["content-type"].startswith("application/json")
    assert client.get("/v1/assessments").status_code == 401  # the cookie is no API token
    assert client.get("/v1/assessments").json()["error"]["code"]


@pytest.mark.parametrize("query", [{"ronde": "abc"}, {"ronde": "0"}, {"soort": "foo"}, {"ronde": "1", "soort": "x"}])
def test_overview_query_values_are_checked_with_a_dutch_page(serve, tokens, query):
    client = logged_in(serve(), tokens["committee"])
    text = visible_text(assert_page(client.get("/overzicht", params=query), 400))
    if "soort" in query:
        assert "pre-screen" in text and "self-check" in text and f"'{query['soort']}'" in text
    else:
        assert "ronde" in text.lower() and f"'{query['ronde']}'" in text and "1" in text
    assert client.get("/overzicht", params={"ronde": "1", "soort": "self-check"}).status_code == 200


def test_a_bad_letter_format_and_unknown_assessment_are_pages(serve, tokens):
    client = logged_in(serve(), tokens["committee"])
    assert_page(client.get("/web/assessments/0123/letter", params={"format": "docx"}), 404)
    assert_page(client.get("/web/assessments/0123"), 404)


def test_an_unexpected_error_is_a_page_and_still_json_on_the_api(serve, tokens, monkeypatch):
    from fastapi.testclient import TestClient

    running = serve()
    client = logged_in(TestClient(running.app, raise_server_exceptions=False, headers={"Origin": "http://testserver"}),
                       tokens["committee"])
    store = running.app.state.service.store

    def broken(*args, **kwargs):
        raise RuntimeError("database weg")

    monkeypatch.setattr(store, "list", broken)
    text = visible_text(assert_page(client.get("/overzicht"), 500))
    assert "Interne fout" in text and "database weg" not in text
    api = client.get("/v1/assessments", headers={"Authorization": f"Bearer {tokens['committee']}"})
    assert api.status_code == 500 and api.json()["error"]["code"] == "internal_error"

"""Forms on the web pages are taken only from this site's own pages (Origin, else Referer): another
site can neither submit a self-check with a visitor's session nor log a visitor in as itself."""
from __future__ import annotations

from pathlib import Path

import pytest

from engine.service.auth import add_token
from engine.service.pages import COOKIE

ROOT = Path(__file__).resolve().parents[1]
FAILING = (ROOT / "examples" / "plans" / "cofinanciering-net-onder-10.yaml").read_bytes()
OWN = "Techniekregio IJsselvliet"
EVIL = "http://evil.example"


@pytest.fixture()
def token(token_file) -> str:
    return add_token(token_file, "ijsselvliet", f"region:{OWN}")


def _logged_in(client, token):
    r = client.post("/inloggen", data={"token": token}, follow_redirects=False)
    assert r.status_code == 303 and client.cookies.get(COOKIE)
    return client


def _submit(client, **headers):
    return client.post("/zelfcheck", files={"file": ("plan.yaml", FAILING, "application/yaml")},
                       headers=headers, follow_redirects=False)


def test_a_self_check_from_another_site_is_refused_and_nothing_stored(serve, token, app_store):
    client = _logged_in(serve(), token)
    before = app_store.count()
    r = _submit(client, Origin=EVIL)
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    assert "niet van een pagina van deze site" in r.text
    assert app_store.count() == before


def test_a_login_from_another_site_sets_no_session(serve, token):
    client = serve()
    client.cookies.clear()
    r = client.post("/inloggen", data={"token": token}, headers={"Origin": EVIL}, follow_redirects=False)
    assert r.status_code == 403 and not client.cookies.get(COOKIE) and "set-cookie" not in r.headers


def test_a_form_without_origin_or_referer_is_refused(serve, token):
    client = _logged_in(serve(), token)
    del client.headers["Origin"]
    assert _submit(client).status_code == 403
    assert _submit(client, Referer=f"{EVIL}/zelfcheck").status_code == 403


def test_forms_from_the_sites_own_pages_are_taken(serve, token, app_store):
    client = _logged_in(serve(), token)
    before = app_store.count()
    assert _submit(client).status_code == 303  # Origin: this site, as the browser sends it
    del client.headers["Origin"]
    assert _submit(client, Referer="http://testserver/zelfcheck").status_code == 303
    assert app_store.count() == before + 2


def test_the_api_is_not_affected(serve, token):
    """The API takes bearer tokens, never the cookie: an Origin header means nothing there."""
    r = serve().post("/v1/assessments", content=FAILING, headers={"Authorization": f"Bearer {token}",
                                                                  "Content-Type": "application/yaml", "Origin": EVIL})
    assert r.status_code == 201

"""The web pages' login cookie holds a random session id, not the API token (engine.service.sessions):
the API refuses the cookie's value; logging out ends the session on the server; a session ends
after the idle timeout, after its absolute lifetime, and when its token is removed or changes role;
the number of sessions stays bounded; the cookie is Secure over https. The sessions' clock is
replaced by the test's (no sleeping)."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

import engine.service.sessions as sessions_module
from engine.errors import StoError
from engine.service.auth import (
    Principal,
    TokenEntry,
    TokenRegistry,
    add_token,
    hash_token,
    read_token_file,
    remove_token,
    write_token_file,
)
from engine.service.pages import COOKIE
from engine.service.sessions import SessionStore
from engine.service.settings import ServiceSettings
from tests.test_api import OWN

HOUR = 3600.0


@pytest.fixture()
def tokens(token_file) -> dict[str, str]:
    return {"region": add_token(token_file, "ijsselvliet", f"region:{OWN}"),
            "committee": add_token(token_file, "commissie", "committee")}


@pytest.fixture()
def clock(monkeypatch):
    """The sessions' clock, moved by the test: clock.t = seconds."""

    class Clock:
        t = 1000.0

    c = Clock()
    monkeypatch.setattr(sessions_module, "now", lambda: c.t)
    return c


def sessions_of(client: TestClient) -> SessionStore:
    return client.app.state.service.sessions


def log_in(client: TestClient, token: str):
    """Log in afresh (no cookie before); returns the login response and the cookie's value."""
    client.cookies.clear()
    r = client.post("/inloggen", data={"token": token}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return r, client.cookies.get(COOKIE)


def page(client: TestClient, session_id: str | None, path: str = "/zelfcheck"):
    """GET a page with exactly this cookie value (as a copied cookie would be sent)."""
    client.cookies.clear()
    if session_id is not None:
        client.cookies.set(COOKIE, session_id)
    return client.get(path, follow_redirects=False)


def to_login(r) -> bool:
    return r.status_code == 303 and r.headers["location"].startswith("/inloggen")


def test_the_cookie_holds_a_session_id_not_the_token_and_the_api_refuses_it(serve, tokens):
    client = serve()
    r, session_id = log_in(client, tokens["region"])
    token = tokens["region"]
    assert session_id and session_id != token and token not in r.headers["set-cookie"]
    assert hash_token(token) not in r.headers["set-cookie"] and len(session_id) >= 43
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
    assert f"max-age={24 * 3600}" in cookie and "secure" not in cookie  # plain http here
    # the API takes bearer tokens only: neither the session id as a token nor the cookie itself
    api = client.get("/v1/assessments", headers={"Authorization": f"Bearer {session_id}"})
    assert api.status_code == 401 and api.json()["error"]["code"] == "invalid_token"
    assert client.get("/v1/assessments").json()["error"]["code"] == "unauthenticated"  # the cookie is sent
    assert client.get("/v1/assessments", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    # the server keeps the token's hash, never the token
    kept = sessions_of(client)._sessions[session_id]
    assert kept.token_sha256 == hash_token(token) and token not in repr(kept)


def test_the_cookie_gives_the_pages(serve, tokens):
    client = serve()
    log_in(client, tokens["region"])
    assert client.get("/zelfcheck", follow_redirects=False).status_code == 200
    assert client.get("/", follow_redirects=False).headers["location"] == "/zelfcheck"
    assert client.get("/overzicht", follow_redirects=False).status_code == 403  # a region, as before
    log_in(client, tokens["committee"])
    assert client.get("/overzicht", follow_redirects=False).status_code == 200
    assert to_login(page(client, "onbekend-sessienummer"))
    assert to_login(page(client, None))


def test_logout_ends_the_session_on_the_server(serve, tokens):
    client = serve()
    _, session_id = log_in(client, tokens["region"])
    assert page(client, session_id).status_code == 200
    out = client.post("/uitloggen", follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/inloggen"
    assert out.headers["set-cookie"].startswith(f'{COOKIE}=""') and "max-age=0" in out.headers["set-cookie"].lower()
    assert len(sessions_of(client)) == 0
    again = page(client, session_id)  # the same cookie value, sent again (a copy of the cookie)
    assert to_login(again) and again.headers["location"].startswith("/inloggen?verder=%2Fzelfcheck")
    assert to_login(page(client, session_id, "/"))


def test_a_new_login_ends_the_browsers_previous_session(serve, tokens):
    client = serve()
    _, first = log_in(client, tokens["region"])
    r = client.post("/inloggen", data={"token": tokens["committee"]}, follow_redirects=False)  # cookie still sent
    second = client.cookies.get(COOKIE)
    assert r.status_code == 303 and second != first
    assert to_login(page(client, first))
    assert page(client, second, "/overzicht").status_code == 200
    assert len(sessions_of(client)) == 1


def test_the_idle_timeout_ends_a_session(serve, tokens, clock):
    client = serve(session_idle_timeout=HOUR, session_lifetime=10 * HOUR)
    _, session_id = log_in(client, tokens["region"])
    for _ in range(3):  # used within the hour: it holds, and each use starts the idle hour again
        clock.t += HOUR - 1
        assert page(client, session_id).status_code == 200
    clock.t += HOUR + 1
    assert to_login(page(client, session_id))
    assert len(sessions_of(client)) == 0  # removed, not only refused
    clock.t -= HOUR + 1  # even back in time it stays gone
    assert to_login(page(client, session_id))


def test_the_absolute_lifetime_ends_a_session_in_use(serve, tokens, clock):
    client = serve(session_idle_timeout=HOUR, session_lifetime=3 * HOUR)
    r, session_id = log_in(client, tokens["region"])
    assert f"max-age={3 * 3600}" in r.headers["set-cookie"].lower()
    start = clock.t
    while clock.t + HOUR / 2 <= start + 3 * HOUR:
        clock.t += HOUR / 2
        assert page(client, session_id).status_code == 200
    clock.t = start + 3 * HOUR + 1
    assert to_login(page(client, session_id))
    assert len(sessions_of(client)) == 0


def test_the_defaults_are_eight_hours_idle_and_a_day_at_most(serve, tokens, clock):
    client = serve()
    assert (sessions_of(client).idle_timeout, sessions_of(client).lifetime) == (8 * HOUR, 24 * HOUR)
    login_form = client.get("/inloggen").text
    assert "na 8 uur zonder gebruik" in login_form and "uiterlijk 24 uur na het" in login_form
    _, session_id = log_in(client, tokens["region"])
    clock.t += 8 * HOUR - 1
    assert page(client, session_id).status_code == 200
    clock.t += 8 * HOUR + 1
    assert to_login(page(client, session_id))


def test_a_removed_token_ends_its_sessions(serve, tokens, token_file):
    client = serve()
    _, gone1 = log_in(client, tokens["region"])
    _, gone2 = log_in(client, tokens["region"])
    _, kept = log_in(client, tokens["committee"])
    assert page(client, gone1).status_code == page(client, gone2).status_code == 200

    remove_token(token_file, "ijsselvliet")

    assert to_login(page(client, gone1)) and to_login(page(client, gone2))
    assert page(client, kept, "/overzicht").status_code == 200
    assert len(sessions_of(client)) == 1


def test_a_token_whose_role_changes_ends_its_sessions(serve, tokens, token_file):
    client = serve()
    _, session_id = log_in(client, tokens["region"])
    assert page(client, session_id).status_code == 200
    entries = read_token_file(token_file)
    write_token_file(token_file, [TokenEntry(e.name, "auditor", e.sha256, e.created) if e.name == "ijsselvliet"
                                  else e for e in entries])
    assert to_login(page(client, session_id))  # a region's session does not become an auditor's
    assert len(sessions_of(client)) == 0
    _, again = log_in(client, tokens["region"])  # the same token, logged in again, has the new role
    assert page(client, again, "/overzicht").status_code == 200


def test_the_session_store_stays_bounded(serve, tokens, clock):
    client = serve(max_sessions=3, session_idle_timeout=HOUR, session_lifetime=10 * HOUR)
    ids = []
    for _ in range(5):
        clock.t += 1
        ids.append(log_in(client, tokens["region"])[1])
    assert len(sessions_of(client)) == 3
    assert to_login(page(client, ids[0])) and to_login(page(client, ids[1]))  # the oldest were dropped
    assert all(page(client, i).status_code == 200 for i in ids[2:])
    clock.t += 2 * HOUR  # all three idle too long: the next login drops them
    log_in(client, tokens["committee"])
    assert len(sessions_of(client)) == 1


def test_the_store_alone_drops_expired_sessions_before_the_oldest_live_one(clock):
    registry = TokenRegistry([TokenEntry("a", "auditor", hash_token("tok-a"))])
    who = Principal("a", "auditor")
    s = SessionStore(idle_timeout=10, lifetime=100, max_sessions=2)
    old = s.create(hash_token("tok-a"), who)
    clock.t += 5
    live = s.create(hash_token("tok-a"), who)
    clock.t += 6  # `old` is idle 11 s (expired); `live` 6 s
    new = s.create(hash_token("tok-a"), who)
    assert s.principal(live, registry) == who and s.principal(new, registry) == who
    assert s.principal(old, registry) is None and len(s) == 2
    assert s.principal("", registry) is None and s.principal(None, registry) is None
    s.end(live)
    s.end("nooit-gezien")
    assert s.principal(live, registry) is None and len(s) == 1


def test_the_cookie_is_secure_over_https(serve, tokens):
    client = serve(base_url="https://testserver")
    r, session_id = log_in(client, tokens["region"])
    cookie = r.headers["set-cookie"].lower()
    assert "secure" in cookie and "httponly" in cookie and "samesite=strict" in cookie
    assert client.get("/zelfcheck", follow_redirects=False).status_code == 200


def test_token_registry_finds_an_entry_by_digest():
    entries = [TokenEntry("a", "auditor", hash_token("tok-a")), TokenEntry("c", "committee", hash_token("tok-c"))]
    registry = TokenRegistry(entries)
    assert registry.entry_for_digest(hash_token("tok-c")) == entries[1]
    assert registry.entry_for_digest(hash_token("tok-x")) is None
    assert registry.authenticate("tok-a") == Principal("a", "auditor")


def test_session_settings_come_from_the_environment():
    settings = ServiceSettings.from_env({"STO_SESSION_IDLE_TIMEOUT": "900", "STO_SESSION_LIFETIME": "7200"})
    assert (settings.session_idle_timeout, settings.session_lifetime, settings.max_sessions) == (900, 7200, 10_000)
    store = SessionStore.from_settings(settings)
    assert (store.idle_timeout, store.lifetime, store.max_sessions) == (900, 7200, 10_000)
    with pytest.raises(StoError, match="STO_SESSION_IDLE_TIMEOUT"):
        ServiceSettings.from_env({"STO_SESSION_IDLE_TIMEOUT": "0"})

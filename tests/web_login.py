"""Logging in on the web pages in the tests: the tokens of a region, the committee and an auditor,
and a test client with a session cookie."""
from __future__ import annotations

from pathlib import Path

from engine.service.auth import add_token
from engine.service.pages import COOKIE

REGION = "Techniekregio IJsselvliet"


def web_tokens(token_file: Path) -> dict[str, str]:
    return {"region": add_token(token_file, "ijsselvliet", f"region:{REGION}"),
            "committee": add_token(token_file, "commissie", "committee"),
            "auditor": add_token(token_file, "controle", "auditor")}


def logged_in(client, token: str):
    client.cookies.clear()
    r = client.post("/inloggen", data={"token": token}, follow_redirects=False)
    assert r.status_code == 303 and client.cookies.get(COOKIE)
    return client

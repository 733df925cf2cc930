"""Token changes take effect in a running service without a restart: a token added with
`sto tokens add` works on the next request, a removed one gets 401 on the next API request and its
web login sessions no longer open the pages; a token file made invalid while running keeps the last
good tokens and logs a warning once; an unchanged file is not read again (one stat per request)."""
from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

import engine.service.auth as auth_module
from engine.service.auth import TokenRegistry, add_token, hash_token, read_token_file, remove_token, write_token_file
from engine.service.pages import COOKIE
from tests.test_api import FAILING, OWN, post_plan


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_a_token_added_to_the_file_of_a_running_app_works_on_the_next_request(serve, token_file):
    committee = add_token(token_file, "commissie", "committee")
    client = serve()
    assert client.get("/v1/assessments", headers=bearer(committee)).status_code == 200
    region = add_token(token_file, "ijsselvliet", f"region:{OWN}")
    r = post_plan(client, FAILING, bearer(region), filename="ijsselvliet.yaml")
    assert r.status_code == 201, r.text
    assert r.json()["actor"] == "ijsselvliet"
    assert client.get("/v1/assessments", headers=bearer(region)).status_code == 200


def test_a_token_file_that_appears_after_the_start_is_read(serve, token_file):
    client = serve()
    assert not token_file.exists()
    assert client.get("/v1/rulebooks", headers=bearer("nog-niets")).status_code == 401
    token = add_token(token_file, "commissie", "committee")
    assert client.get("/v1/rulebooks", headers=bearer(token)).status_code == 200


def test_a_removed_token_gets_401_on_the_next_request_and_its_login_cookie_stops_working(serve, token_file):
    keep = add_token(token_file, "commissie", "committee")
    gone = add_token(token_file, "ijsselvliet", f"region:{OWN}")
    client = serve()
    assert client.get("/v1/assessments", headers=bearer(gone)).status_code == 200
    login = client.post("/inloggen", data={"token": gone}, follow_redirects=False)
    assert login.status_code == 303 and client.cookies.get(COOKIE) not in (None, gone)  # a session id, not the token
    assert client.get("/zelfcheck", follow_redirects=False).status_code == 200

    remove_token(token_file, "ijsselvliet")

    r = client.get("/v1/assessments", headers=bearer(gone))
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_token"
    page = client.get("/zelfcheck", follow_redirects=False)  # the cookie's session belongs to the removed token
    assert page.status_code == 303 and page.headers["location"].startswith("/inloggen?verder=%2Fzelfcheck")
    home = client.get("/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/inloggen"
    again = client.post("/inloggen", data={"token": gone}, follow_redirects=False)
    assert again.status_code == 401 and "onbekend of ingetrokken" in again.text
    client.cookies.clear()
    assert client.get("/v1/assessments", headers=bearer(keep)).status_code == 200


def test_a_deleted_token_file_gives_no_tokens(serve, token_file):
    token = add_token(token_file, "commissie", "committee")
    client = serve()
    assert client.get("/v1/rulebooks", headers=bearer(token)).status_code == 200
    token_file.unlink()
    assert client.get("/v1/rulebooks", headers=bearer(token)).status_code == 401


@pytest.mark.parametrize("broken", ["tokens:\n- {name: commissie, role: committee, sha256: 9f86\n",  # YAML cut off
                                    "tokens:\n- {name: x, role: beheerder, sha256: " + "a" * 64 + "}\n",  # bad role
                                    ""])                                                                  # emptied
def test_an_invalid_file_keeps_the_previous_tokens_and_logs_a_warning_once(serve, token_file, caplog, broken):
    token = add_token(token_file, "commissie", "committee")
    client = serve()
    caplog.set_level(logging.INFO, logger="sto.service")
    caplog.clear()
    token_file.write_text(broken, encoding="utf-8")  # half-edited by hand, in place
    for _ in range(3):
        assert client.get("/v1/rulebooks", headers=bearer(token)).status_code == 200
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING and "token file" in r.getMessage()]
    assert len(warnings) == 1, [r.getMessage() for r in caplog.records]
    assert str(token_file) in warnings[0].getMessage() and "stay in force" in warnings[0].getMessage()
    assert client.get("/v1/rulebooks", headers=bearer("geraden")).status_code == 401  # not "everyone allowed"

    # fixed on the next change: the file's tokens count again, the old one no longer
    write_token_file(token_file, [])
    new = add_token(token_file, "auditor", "auditor")
    assert client.get("/v1/rulebooks", headers=bearer(new)).status_code == 200
    assert client.get("/v1/rulebooks", headers=bearer(token)).status_code == 401


def test_a_file_that_cannot_be_read_keeps_the_previous_tokens(serve, token_file, caplog):
    token = add_token(token_file, "commissie", "committee")
    client = serve()
    caplog.set_level(logging.WARNING, logger="sto.service")
    token_file.unlink()
    token_file.mkdir()  # e.g. a wrong deployment: stat works, reading fails
    assert client.get("/v1/rulebooks", headers=bearer(token)).status_code == 200
    assert "cannot read the token file" in caplog.text and str(token_file) in caplog.text
    token_file.rmdir()
    other = add_token(token_file, "auditor", "auditor")
    assert client.get("/v1/rulebooks", headers=bearer(other)).status_code == 200
    assert client.get("/v1/rulebooks", headers=bearer(token)).status_code == 401


def test_an_unreadable_file_keeps_the_previous_tokens_until_it_is_readable_again(serve, token_file, caplog,
                                                                                  monkeypatch):
    token = add_token(token_file, "commissie", "committee")
    client = serve()
    other = add_token(token_file, "auditor", "auditor")
    token_file.chmod(0)
    if os.geteuid() == 0:  # root reads a file without read permission (CI runs as root): refuse as the OS would
        real_read_text = Path.read_text

        def refusing(self, *args, **kwargs):
            if self == token_file and not (self.stat().st_mode & 0o444):
                raise PermissionError(13, "Permission denied")
            return real_read_text(self, *args, **kwargs)

        monkeypatch.setattr(Path, "read_text", refusing)
    caplog.set_level(logging.WARNING, logger="sto.service")
    assert client.get("/v1/rulebooks", headers=bearer(token)).status_code == 200
    assert "cannot read the token file" in caplog.text
    token_file.chmod(0o600)  # only the permissions change: still noticed (ctime)
    assert client.get("/v1/rulebooks", headers=bearer(other)).status_code == 200


def test_an_unchanged_file_is_not_read_again(serve, token_file, monkeypatch):
    token = add_token(token_file, "commissie", "committee")
    reads = []

    def counting(path):
        reads.append(path)
        return read_token_file(path)

    monkeypatch.setattr(auth_module, "read_token_file", counting)
    client = serve()
    assert len(reads) == 1  # at the start
    for _ in range(5):
        assert client.get("/v1/rulebooks", headers=bearer(token)).status_code == 200
    assert client.post("/inloggen", data={"token": token}, follow_redirects=False).status_code == 303
    assert client.get("/zelfcheck", follow_redirects=False).status_code == 200
    assert len(reads) == 1

    other = add_token(token_file, "auditor", "auditor")  # add_token reads the file itself once
    del reads[:]
    for _ in range(3):
        assert client.get("/v1/rulebooks", headers=bearer(other)).status_code == 200
    assert len(reads) == 1  # one re-read for the change, then none


def test_sto_tokens_naming_a_file_is_watched_and_inline_entries_stay(tmp_path):
    env_file = tmp_path / "env-tokens.yaml"
    main_file = tmp_path / "tokens.yaml"
    first = add_token(env_file, "ci", "auditor")
    registry = TokenRegistry.load(main_file, str(env_file))
    assert registry.files == [str(main_file), str(env_file)] and len(registry) == 1
    assert registry.authenticate(first).name == "ci"
    second = add_token(env_file, "ci2", "committee")
    assert registry.authenticate(second).role == "committee"
    remove_token(env_file, "ci")
    assert registry.authenticate(first) is None

    inline = TokenRegistry.load(main_file, f"vast={hash_token('geheim')}:auditor")
    assert inline.authenticate("geheim").name == "vast"
    added = add_token(main_file, "commissie", "committee")
    assert inline.authenticate(added).name == "commissie" and inline.authenticate("geheim").name == "vast"
    main_file.write_text("tokens: [", encoding="utf-8")
    assert inline.authenticate(added).name == "commissie" and inline.authenticate("geheim").name == "vast"
    main_file.unlink()
    assert inline.authenticate(added) is None and inline.authenticate("geheim").name == "vast"


def test_an_invalid_file_at_the_start_is_still_an_error(tmp_path):
    from engine.errors import StoError

    path = tmp_path / "tokens.yaml"
    path.write_text("tokens: [", encoding="utf-8")
    with pytest.raises(StoError, match="not valid YAML"):
        TokenRegistry.load(path, None)
    path.write_bytes(b"\xff\xfe tokens")
    with pytest.raises(StoError, match="not UTF-8"):
        TokenRegistry.load(path, None)

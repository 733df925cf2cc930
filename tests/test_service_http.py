"""HTTP details of `sto serve`: OPTIONS names every method an address takes, and a token sent in
the address never reaches the access log."""
from __future__ import annotations

import urllib.request

from fastapi.testclient import TestClient

from engine.service.app import ServiceSettings, create_app
from tests.servers import sto_serve


def test_options_names_every_method_of_the_address():
    with TestClient(create_app(ServiceSettings.from_env({}, workers=1))) as client:
        listing = client.options("/v1/assessments")
        assert listing.status_code == 204
        assert set(listing.headers["allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}
        one = client.options("/v1/assessments/abc")
        assert set(one.headers["allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
        wrong = client.delete("/v1/assessments")
        assert wrong.status_code == 405 and set(wrong.headers["allow"].split(", ")) >= {"GET", "POST"}


def test_a_token_in_the_address_is_blanked_in_the_access_log(tmp_path):
    env = {"STO_DATABASE_URL": f"sqlite:///{tmp_path}/a.sqlite", "STO_TOKEN_FILE": str(tmp_path / "t.yaml")}
    with sto_serve(env, log_level="debug") as served:
        try:
            urllib.request.urlopen(f"{served.base}/v1/assessments?token=geheim-123&limit=5", timeout=5)
        except urllib.error.HTTPError as exc:
            assert exc.code == 401
    log = served.output
    assert "/v1/assessments?token=***&limit=5" in log, [line for line in log.splitlines() if "assessments" in line]
    assert "geheim-123" not in log, [line for line in log.splitlines() if "geheim" in line]

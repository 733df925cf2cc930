"""HTTP details of `sto serve`: OPTIONS names every method an address takes, and a token sent in
the address never reaches the access log."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from fastapi.testclient import TestClient

from engine.service.app import ServiceSettings, create_app

ROOT = Path(__file__).resolve().parents[1]


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
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "STO_DATABASE_URL": f"sqlite:///{tmp_path}/a.sqlite", "STO_TOKEN_FILE": str(tmp_path / "t.yaml")}
    proc = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--port", str(port), "--workers", "1",
                             "--log-level", "debug"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)  # uvicorn's access log goes to stdout
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2).close()
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "sto serve did not start"
                time.sleep(0.2)
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/assessments?token=geheim-123&limit=5", timeout=5)
        except urllib.error.HTTPError as exc:
            assert exc.code == 401
    finally:
        proc.terminate()
        log, _ = proc.communicate(timeout=30)
    assert "/v1/assessments?token=***&limit=5" in log, [line for line in log.splitlines() if "assessments" in line]
    assert "geheim-123" not in log, [line for line in log.splitlines() if "geheim" in line]

"""After an unexpected error the connection stays usable: a real uvicorn server, one keep-alive
connection, a store that fails once (a fault as a broken database would give)."""
from __future__ import annotations

import http.client
import json
import socket
import threading
import time

import uvicorn

from engine.service.app import ServiceSettings, create_app
from engine.service.auth import TokenEntry, TokenRegistry, hash_token


class _FailsOnce:
    """The audit store, whose first listing raises as a lost database would."""

    def __init__(self, store):
        self._store, self._failed = store, False

    def __getattr__(self, name):
        return getattr(self._store, name)

    def list(self, *args, **kwargs):
        if not self._failed:
            self._failed = True
            raise RuntimeError("the database went away")
        return self._store.list(*args, **kwargs)


def test_the_connection_survives_a_500(app_store):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tokens = TokenRegistry([TokenEntry("commissie", "committee", hash_token("tok"))])
    app = create_app(ServiceSettings.from_env({}, workers=1), store=_FailsOnce(app_store), tokens=tokens)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not server.started:
            assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
            time.sleep(0.05)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Authorization": "Bearer tok"}
        connection.request("GET", "/v1/assessments", headers=headers)
        first = connection.getresponse()
        body = json.loads(first.read())
        assert first.status == 500 and body["error"]["code"] == "internal_error"
        connection.request("GET", "/v1/assessments", headers=headers)  # the same connection
        second = connection.getresponse()
        assert second.status == 200 and "items" in json.loads(second.read())
        connection.close()
    finally:
        server.should_exit = True
        thread.join(30)

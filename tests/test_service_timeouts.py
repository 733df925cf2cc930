"""A slow client cannot hold a connection: a real `sto serve` with a 1-second read deadline.

Headers that do not complete in time: the connection is closed. A body that trickles: 408 with
the API's error body. A client that connects and sends nothing: closed. Ordinary requests are
unaffected. Requests beyond the cap get the API's 503 `busy` (a page on the web pages);
open connections beyond twice the cap, the server's own 503.
"""
from __future__ import annotations

import json
import socket
import time
import urllib.request
from collections.abc import Iterator
from email.message import Message

import pytest

from engine.i18n import tr
from tests.servers import sto_serve


def _served(tmp_path_factory, read_timeout: int) -> Iterator[int]:
    """The port of a `sto serve` with this read deadline and at most 4 requests at once."""
    tmp = tmp_path_factory.mktemp("timeouts")
    with sto_serve({"STO_DATABASE_URL": f"sqlite:///{tmp}/audit.sqlite", "STO_TOKEN_FILE": str(tmp / "tokens.yaml"),
                    "STO_READ_TIMEOUT": str(read_timeout), "STO_MAX_CONNECTIONS": "4"}) as served:
        yield served.port


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from _served(tmp_path_factory, read_timeout=1)


def _closed_within(sock: socket.socket, seconds: float) -> tuple[bool, bytes]:
    """Whether the server closed the connection within `seconds`, and what it sent before."""
    sock.settimeout(seconds)
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except TimeoutError:
        return False, received
    return True, received


def test_headers_that_trickle_are_cut_off(server):
    with socket.create_connection(("127.0.0.1", server)) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # never the blank line that ends the headers
        closed, _ = _closed_within(sock, 4)
    assert closed


def test_a_client_that_sends_nothing_is_cut_off(server):
    with socket.create_connection(("127.0.0.1", server)) as sock:
        closed, received = _closed_within(sock, 4)
    assert closed and received == b""


def test_a_body_that_trickles_gets_408(server):
    with socket.create_connection(("127.0.0.1", server)) as sock:
        sock.sendall(b"POST /v1/assessments HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\n"
                     b"Content-Length: 1000\r\n\r\nregion:\n")
        closed, received = _closed_within(sock, 5)
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408"), received[:200]
    assert json.loads(body)["error"]["code"] == "request_timeout"
    assert closed


def test_an_ordinary_request_on_a_kept_alive_connection_still_works(server):
    with socket.create_connection(("127.0.0.1", server)) as sock:
        for _ in range(2):
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            sock.settimeout(5)
            response = b""
            while not response.endswith(b"}"):  # the status line and headers, then the JSON body
                response += sock.recv(65536)
            assert response.startswith(b"HTTP/1.1 200")
            time.sleep(0.6)  # under the deadline each time; together over it


def _status_and_body(port: int, path: str, accept: str = "*/*") -> tuple[int, Message, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=5) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


@pytest.fixture(scope="module")
def capped(tmp_path_factory):
    """A server whose held requests stay held however slow the machine is: a long read deadline."""
    yield from _served(tmp_path_factory, read_timeout=60)


def _answer_once(port: int, path: str, status: int, accept: str = "*/*") -> tuple[int, Message, bytes]:
    """The first answer with `status` within 10 s (the server reads the held requests in its own time),
    else the last answer."""
    deadline = time.monotonic() + 10
    while True:
        answer = _status_and_body(port, path, accept)
        if answer[0] == status or time.monotonic() > deadline:
            return answer
        time.sleep(0.1)


def test_requests_beyond_the_cap_get_503_busy_in_their_language(capped):
    # four requests in flight (STO_MAX_CONNECTIONS=4), each waiting for its body
    held = [socket.create_connection(("127.0.0.1", capped)) for _ in range(4)]
    try:
        for sock in held:
            sock.sendall(b"POST /v1/assessments HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
        status, headers, body = _answer_once(capped, "/health", 503)
        assert status == 503 and headers["Retry-After"] == "30"
        assert json.loads(body)["error"]["code"] == "busy"
        status, headers, body = _status_and_body(capped, "/zelfcheck", accept="text/html")
        assert status == 503 and headers["Content-Type"].startswith("text/html")
        assert tr("api.busy", "nl").encode() in body
    finally:
        for sock in held:
            sock.close()
    assert _answer_once(capped, "/health", 200)[0] == 200  # once they are gone, requests are served again


def test_connections_beyond_twice_the_cap_are_refused_by_the_server(capped):
    idle = [socket.create_connection(("127.0.0.1", capped)) for _ in range(8)]  # open, nothing sent
    try:
        status, _, body = _answer_once(capped, "/health", 503)
    finally:
        for sock in idle:
            sock.close()
    assert status == 503 and b'"busy"' not in body  # uvicorn's own answer, before the application
    assert _answer_once(capped, "/health", 200)[0] == 200

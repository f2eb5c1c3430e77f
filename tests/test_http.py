"""brandkit.http against a raw socket on 127.0.0.1: answers of every status come back, secrets are
redacted, and a missing answer says whether the request had gone out."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator

import pytest

from brandkit import __version__
from brandkit.http import NoResponse, Response, RetryPolicy, send, send_retrying

Reply = Callable[[socket.socket, bytes], None]


@pytest.fixture
def server() -> Iterator[Callable[[Reply], str]]:
    """Start a one-connection server whose `reply` gets the socket and the raw request."""
    listener = socket.create_server(("127.0.0.1", 0))
    threads: list[threading.Thread] = []

    def start(reply: Reply) -> str:
        def serve() -> None:
            conn, _ = listener.accept()
            with conn:
                request = b""
                while b"\r\n\r\n" not in request:
                    request += conn.recv(65536)
                head = request.partition(b"\r\n\r\n")[0]
                lines = (line.partition(b":") for line in head.split(b"\r\n")[1:])
                fields = {name.strip().lower(): value for name, _, value in lines}
                length = int(fields.get(b"content-length", b"0"))
                while len(request) < len(head) + 4 + length:
                    request += conn.recv(65536)
                reply(conn, request)

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        threads.append(thread)
        return f"http://127.0.0.1:{listener.getsockname()[1]}/api"

    yield start
    listener.close()
    for thread in threads:
        thread.join(timeout=5)


def answer(status: str, body: bytes, *headers: str) -> Reply:
    def reply(conn: socket.socket, request: bytes) -> None:
        lines = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", *headers, "", ""]
        conn.sendall("\r\n".join(lines).encode() + body)

    return reply


def test_answers_of_any_status_with_secrets_redacted(server: Callable[[Reply], str]) -> None:
    seen: list[bytes] = []
    body = json.dumps({"error": "bad key s3cret-key", "id": 7}).encode()

    def reply(conn: socket.socket, request: bytes) -> None:
        seen.append(request)
        answer("401 Unauthorized", body, "Retry-After: 3", "X-Echo: s3cret-key")(conn, request)

    url = server(reply)
    response = send(
        "POST",
        url,
        timeout=5,
        headers={"api-key": "s3cret-key"},
        body=b"{}",
        secrets=["s3cret-key"],
    )
    assert response.status == 401 and not response.ok
    assert response.data == {"error": "bad key [redacted]", "id": 7}
    assert "s3cret-key" not in response.text
    assert response.retry_after() == 3.0
    request = seen[0].decode().lower()
    assert f"user-agent: brandkit/{__version__} " in request
    assert "content-type: application/json" in request and "api-key: s3cret-key" in request


def test_empty_and_non_json_bodies(server: Callable[[Reply], str]) -> None:
    empty = send("GET", server(answer("200 OK", b"")), timeout=5)
    assert empty.ok and empty.json() is None and empty.data is None
    html = send("GET", server(answer("502 Bad Gateway", b"<html>oops</html>")), timeout=5)
    assert html.data is None and html.text == "<html>oops</html>"
    with pytest.raises(ValueError):
        html.json()


def test_refused_connection_never_left() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(NoResponse) as info:
        send("POST", f"http://127.0.0.1:{port}/", timeout=5, body=b"{}")
    assert not info.value.sent and not info.value.timed_out
    assert "refused" in info.value.reason.lower()


def test_no_answer_after_sending_may_have_been_acted_on(server: Callable[[Reply], str]) -> None:
    stall = threading.Event()
    url = server(lambda conn, request: stall.wait(5))
    with pytest.raises(NoResponse) as info:
        send("POST", url, timeout=0.3, body=b"{}")
    stall.set()
    assert info.value.sent and info.value.timed_out

    url = server(lambda conn, request: None)  # reads the request, hangs up without answering
    with pytest.raises(NoResponse) as info:
        send("POST", url, timeout=5, body=b"{}")
    assert info.value.sent and not info.value.timed_out


def _status(status: int, retry_after: str | None = None) -> Response:
    headers = {"retry-after": retry_after} if retry_after is not None else {}
    return Response(status, headers, b"")


def test_one_retry_policy_for_every_client() -> None:
    policy = RetryPolicy(attempts=3, backoff=0.5, growth=2.0, max_wait=10.0)
    # 429: the server's Retry-After, else a growing backoff; too long a wait stops at once.
    assert policy.wait(1, _status(429, "4"), safe=False) == 4.0
    assert policy.wait(1, _status(429), safe=False) == 0.5
    assert policy.wait(2, _status(429), safe=False) == 1.0
    assert policy.wait(1, _status(429, "30"), safe=False) is None
    # 5xx and lost answers: only when repeating cannot duplicate the request.
    assert policy.wait(1, _status(503), safe=False) is None
    assert policy.wait(1, _status(503, "60"), safe=True) == 10.0
    assert policy.wait(1, None, safe=True) == 0.0
    assert policy.wait(1, None, safe=False) is None
    # Other failures are not retried, and never more than `attempts` tries.
    assert policy.wait(1, _status(400), safe=True) is None
    assert policy.wait(3, _status(429, "0"), safe=True) is None


def test_send_retrying_repeats_a_429_and_reports_the_tries() -> None:
    import http.server

    statuses = [429, 429, 200]
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(statuses[len(seen) - 1])
            self.send_header("Retry-After", "0")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    slept: list[float] = []
    tries: list[int] = []
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/x"
        answer = send_retrying(
            "GET",
            url,
            policy=RetryPolicy(),
            safe=False,
            timeout=5,
            label="test",
            sleep=slept.append,
            before_try=tries.append,
        )
        assert (answer.response.status, answer.attempts) == (200, 3)
        assert tries == [1, 2, 3] and slept == [0.0, 0.0] and len(seen) == 3
        statuses[:] = [429] * 5
        seen.clear()
        limited = send_retrying(
            "GET", url, policy=RetryPolicy(attempts=2), safe=False, timeout=5, label="t"
        )
        assert (limited.response.status, limited.attempts) == (429, 2)
    finally:
        httpd.shutdown()
        httpd.server_close()

"""Real servers on 127.0.0.1 for the newsletter tests: SMTP (aiosmtpd), and HTTP servers that
implement the documented subset of Buttondown's and listmonk's APIs and a Standard Webhooks
receiver, each with the providers' failure modes.

Faults are queued per server and consumed by the next write request:
  "401"      refuse the credentials
  "429"      rate-limit with Retry-After: 1 (nothing stored)
  "500"      server error before storing anything
  "500-after" store the object, then answer 500
  "timeout"  store the object, then answer only after the client gave up
  "kill"     store the object, then SIGKILL the client process before answering
  "kill-before" SIGKILL the client process without storing anything (the request was lost)
  "pass"     no fault for this write (to reach a later one)
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import signal
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from aiosmtpd.controller import Controller


class Faults:
    def __init__(self) -> None:
        self.queue: list[str] = []
        self.client_pid: int | None = None
        self.lock = threading.Lock()

    def next(self) -> str | None:
        with self.lock:
            return self.queue.pop(0) if self.queue else None

    def kill_client(self) -> None:
        assert self.client_pid, "set client_pid before queueing a kill"
        os.kill(self.client_pid, signal.SIGKILL)
        time.sleep(0.2)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# SMTP -------------------------------------------------------------------------------------------
class _SmtpHandler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        self.server.data_count += 1
        if self.server.kill_at == (self.server.data_count, "before"):
            self.server.faults.kill_client()  # the mail is lost with the client: not stored
            return "451 gone"
        self.server.messages.append((list(envelope.rcpt_tos), msg))
        if self.server.kill_at == (self.server.data_count, "after"):
            self.server.faults.kill_client()  # stored; the client never reads "250"
        if (
            self.server.kill_after is not None
            and len(self.server.messages) == self.server.kill_after
        ):
            # The mail is accepted (stored); the client dies before it reads "250".
            self.server.faults.kill_client()
        return "250 OK"


class SmtpServer:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.faults = Faults()
        self.kill_after: int | None = None
        self.kill_at: tuple[int, str] | None = None  # (DATA number, "before" | "after" storing)
        self.data_count = 0
        self.controller = Controller(_SmtpHandler(self), hostname="127.0.0.1", port=_free_port())

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    @property
    def port(self) -> int:
        return int(self.controller.port)

    def stop(self) -> None:
        self.controller.stop()

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpts, m in self.messages if address in rcpts]


# HTTP base --------------------------------------------------------------------------------------
class ApiServer:
    """A ThreadingHTTPServer whose handler dispatches to `self.handle(handler, method, path)`."""

    client_timeout = 1.0  # the tests configure senders with a shorter timeout than the stall

    def __init__(self) -> None:
        self.faults = Faults()
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _dispatch(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                record = {
                    "method": method,
                    "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": body,
                }
                server.requests.append(record)
                status, headers, payload, after = server.handle(record)
                if after:
                    after()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                raw = isinstance(payload, bytes)
                data = (
                    payload if raw else json.dumps(payload).encode() if payload is not None else b""
                )
                if not raw or "Content-Type" not in headers:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the client gave up or was killed
                    self.wfile.write(data)

            def do_GET(self) -> None:
                self._dispatch("GET")

            def do_POST(self) -> None:
                self._dispatch("POST")

            def do_PUT(self) -> None:
                self._dispatch("PUT")

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> ApiServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def handle(self, req: dict[str, Any]) -> tuple[int, dict[str, str], Any, Any]:
        raise NotImplementedError

    def write_fault(self, store: Any) -> tuple[int, dict[str, str], Any, Any] | None:
        """Apply the next queued fault to a write; `store()` commits and returns the response."""
        fault = self.faults.next()
        if fault is None or fault == "pass":
            return None
        if fault == "kill-before":
            self.faults.kill_client()
            return 503, {}, {"detail": "the client is gone"}, None
        if fault == "401":
            return 401, {}, {"detail": "Invalid token."}, None
        if fault == "429":
            return 429, {"Retry-After": "1"}, {"detail": "Request was throttled."}, None
        if fault == "500":
            return 500, {}, {"detail": "Internal error"}, None
        result = store()
        if fault == "500-after":
            return 500, {}, {"detail": "Internal error"}, None
        if fault == "timeout":
            return (*result, lambda: time.sleep(self.client_timeout * 2.5))
        if fault == "kill":
            return (*result, self.faults.kill_client)
        raise AssertionError(fault)


# Buttondown: POST /v1/emails, GET /v1/emails (paginated), Authorization: Token <key> -----------
class ButtondownServer(ApiServer):
    page_size = 2

    def __init__(self, api_key: str) -> None:
        super().__init__()
        self.api_key = api_key
        self.emails: list[dict[str, Any]] = []
        self.idempotency: dict[str, tuple[int, dict[str, str], Any]] = {}

    def handle(self, req: dict[str, Any]) -> tuple[int, dict[str, str], Any, Any]:
        if req["headers"].get("authorization") != f"Token {self.api_key}":
            return 401, {}, {"detail": "Invalid token."}, None
        parts = urlsplit(req["path"])
        if parts.path.rstrip("/") != "/v1/emails":
            return 404, {}, {"detail": "Not found."}, None
        if req["method"] == "GET":
            page = int(parse_qs(parts.query).get("page", ["1"])[0])
            newest = list(reversed(self.emails))
            chunk = newest[(page - 1) * self.page_size : page * self.page_size]
            more = page * self.page_size < len(newest)
            nxt = f"{self.url}/v1/emails?page={page + 1}" if more else None
            return 200, {}, {"results": chunk, "next": nxt, "count": len(newest)}, None
        data = json.loads(req["body"])
        key = req["headers"].get("idempotency-key")
        if key and key in self.idempotency:
            return (*self.idempotency[key], None)  # a replay: the first response, nothing new

        def store() -> tuple[int, dict[str, str], Any]:
            email = {
                "id": f"em_{len(self.emails) + 1}",
                "subject": data["subject"],
                "body": data["body"],
                # Buttondown's default when no status is given is to send; tests assert we always
                # pass one, so a missing status shows up as "about_to_send" here.
                "status": data.get("status", "about_to_send"),
                "metadata": data.get("metadata") or {},
            }
            self.emails.append(email)
            response = (201, {}, email)
            if key:
                self.idempotency[key] = response
            return response

        faulted = self.write_fault(store)
        return faulted if faulted is not None else (*store(), None)


# listmonk: /api/campaigns (+ ?query, /{id}, /{id}/status); Authorization: token user:token ------
class ListmonkServer(ApiServer):
    def __init__(self, user: str, token: str) -> None:
        super().__init__()
        self.auth = f"token {user}:{token}"
        self.basic = "Basic " + base64.b64encode(f"{user}:{token}".encode()).decode()
        self.campaigns: list[dict[str, Any]] = []

    def handle(self, req: dict[str, Any]) -> tuple[int, dict[str, str], Any, Any]:
        if req["headers"].get("authorization") not in (self.auth, self.basic):
            return 403, {}, {"message": "invalid API credentials"}, None
        parts = urlsplit(req["path"])
        segments = [s for s in parts.path.split("/") if s]
        if segments[:2] != ["api", "campaigns"]:
            return 404, {}, {"message": "not found"}, None
        if req["method"] == "GET" and len(segments) == 2:
            q = parse_qs(parts.query)
            query = q.get("query", [""])[0].lower()
            page, per_page = int(q.get("page", ["1"])[0]), int(q.get("per_page", ["20"])[0])
            hits = [
                c
                for c in self.campaigns
                if query in c["name"].lower() or query in c["subject"].lower()
            ]
            chunk = hits[(page - 1) * per_page : page * per_page]
            data = {"results": chunk, "total": len(hits), "page": page, "per_page": per_page}
            return 200, {}, {"data": data}, None
        if req["method"] == "GET" and len(segments) == 3:
            found = [c for c in self.campaigns if str(c["id"]) == segments[2]]
            if not found:
                return 404, {}, {"message": "campaign not found"}, None
            return 200, {}, {"data": found[0]}, None
        if req["method"] == "POST" and len(segments) == 2:
            data = json.loads(req["body"])
            missing = [k for k in ("name", "subject", "lists") if not data.get(k)]
            if missing:
                return 400, {}, {"message": f"invalid fields: {missing}"}, None

            def store() -> tuple[int, dict[str, str], Any]:
                campaign = {**data, "id": len(self.campaigns) + 1, "status": "draft"}
                self.campaigns.append(campaign)
                return 200, {}, {"data": campaign}

            faulted = self.write_fault(store)
            return faulted if faulted is not None else (*store(), None)
        if req["method"] == "PUT" and len(segments) == 4 and segments[3] == "status":
            found = [c for c in self.campaigns if str(c["id"]) == segments[2]]
            if not found:
                return 404, {}, {"message": "campaign not found"}, None
            status = json.loads(req["body"]).get("status")

            def start() -> tuple[int, dict[str, str], Any]:
                found[0]["status"] = status
                return 200, {}, {"data": found[0]}

            faulted = self.write_fault(start)
            return faulted if faulted is not None else (*start(), None)
        return 405, {}, {"message": "method not allowed"}, None


# Standard Webhooks receiver ------------------------------------------------------------------
def verify_standard_webhook(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """Standard Webhooks verification as the spec describes it, independent of brandkit's code."""
    key = base64.b64decode(secret.split("_", 1)[1])
    msg_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > 300:
        return False
    expected = base64.b64encode(
        hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    ).decode()
    offered = [
        s.split(",", 1)[1] for s in headers["webhook-signature"].split() if s.startswith("v1,")
    ]
    return any(hmac.compare_digest(expected, sig) for sig in offered)


class WebhookReceiver(ApiServer):
    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret
        self.events: list[dict[str, Any]] = []  # verified and accepted, one per webhook-id
        self.rejected = 0

    def handle(self, req: dict[str, Any]) -> tuple[int, dict[str, str], Any, Any]:
        if not verify_standard_webhook(self.secret, req["headers"], req["body"]):
            self.rejected += 1
            return 401, {}, {"error": "bad signature"}, None
        msg_id = req["headers"]["webhook-id"]

        def store() -> tuple[int, dict[str, str], Any]:
            if all(e["id"] != msg_id for e in self.events):
                self.events.append({"id": msg_id, "payload": json.loads(req["body"])})
            return 200, {}, {"ok": True}

        faulted = self.write_fault(store)
        return faulted if faulted is not None else (*store(), None)

    @property
    def deliveries(self) -> int:
        """POSTs that carried a valid signature (repeats included)."""
        return sum(1 for r in self.requests if r["method"] == "POST") - self.rejected

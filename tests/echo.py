"""A hostile service on 127.0.0.1 that echoes every credential it receives back to the client.

Whatever the path or method, it answers with the request's Authorization, api-key and token
headers (and the body) quoted back, the way careless APIs do in their error messages:
  "body"    401 with `{"detail": "Invalid credentials: Token <key>", ...}` (GraphQL errors too)
  "header"  403 with the credentials in `WWW-Authenticate` and `X-Echo` headers
  "page500" 500 with an HTML debug page listing every request header and the body
  "ok"      200/201 whose ids, URLs and statuses are the credentials themselves
Tests then assert that the secret is in no output, no file and no exception text.
"""

from __future__ import annotations

import contextlib
import html
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

MODES = ("body", "header", "page500", "ok")
CREDENTIAL_HEADERS = ("authorization", "api-key", "x-api-key", "token")


class EchoServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, mode: str) -> None:
        assert mode in MODES, mode
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = mode
        self.requests: list[dict[str, Any]] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> EchoServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()

    def answer(self, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        creds = " ".join(headers[h] for h in CREDENTIAL_HEADERS if h in headers)
        echoed = f"Invalid credentials: {creds}"
        if self.mode == "body":
            data = {
                "detail": echoed,
                "message": echoed,
                "error": echoed,
                "errors": [{"message": echoed, "extensions": {"code": "UNAUTHENTICATED"}}],
            }
            return 401, {"Content-Type": "application/json"}, json.dumps(data).encode()
        if self.mode == "header":
            extra = {"WWW-Authenticate": f'Token realm="api", got="{creds}"', "X-Echo": creds}
            return 403, {**extra, "Content-Type": "text/plain"}, b"Forbidden"
        if self.mode == "page500":
            rows = "".join(
                f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
                for k, v in headers.items()
            )
            page = (
                f"<html><body><h1>Internal Server Error</h1><table>{rows}</table>"
                f"<pre>{html.escape(body.decode('utf-8', 'replace'))}</pre></body></html>"
            )
            return 500, {"Content-Type": "text/html"}, page.encode()
        ok = {"id": creds, "status": creds, "url": f"https://echo.example/{creds}"}
        data = {**ok, "data": {**ok, "publishPost": {"post": ok}}, "results": [], "next": None}
        return 201, {"Content-Type": "application/json", "X-Echo": creds}, json.dumps(data).encode()


class _Handler(BaseHTTPRequestHandler):
    server: EchoServer

    def log_message(self, *args: Any) -> None:
        pass

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server.requests.append({"method": self.command, "path": self.path, "headers": headers})
        status, out_headers, data = self.server.answer(headers, body)
        self.send_response(status)
        for key, value in out_headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _any


def leaks(secret: str, root: Path, *texts: str) -> list[str]:
    """Where `secret` appears: in any of `texts` (output, exception text) or any file under
    `root` (state file, previews, caches, the built site). Empty when it appears nowhere."""
    found = [f"text #{i}" for i, text in enumerate(texts) if secret in text]
    needle = secret.encode()
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink() and needle in path.read_bytes():
            found.append(str(path.relative_to(root)))
    return found

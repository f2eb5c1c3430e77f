"""Local servers on 127.0.0.1 for the channel tests, each implementing the documented subset of
an API brandkit uses, with its failure modes (the same fault queue as the newsletter servers:
401, 429, 500, 500-after, timeout, kill, kill-before, pass; plus 429-reset, a 429 that says when
to come back only in Mastodon's X-RateLimit-Reset header)."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.newsletter.servers import ApiServer

Answer = tuple[int, dict[str, str], Any, Any]
_URL = re.compile(r"https?://\S+")


class MastodonServer(ApiServer):
    """POST /api/v1/statuses (Idempotency-Key kept until `expire_keys()`), GET
    /api/v1/accounts/verify_credentials, GET /api/v1/accounts/:id/statuses (newest first,
    `limit` at most 40, `max_id` pages back). Bearer token auth; 500-character limit with every
    URL counted as 23."""

    account_id = "109348"

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self.honour_keys = True  # False: a server that ignores Idempotency-Key
        self.statuses: list[dict[str, Any]] = []
        self.keys: dict[str, Answer] = {}

    def expire_keys(self) -> None:
        """The server forgets idempotency keys after about an hour."""
        self.keys.clear()

    def handle(self, req: dict[str, Any]) -> Answer:
        if req["headers"].get("authorization") != f"Bearer {self.token}":
            return 401, {}, {"error": "The access token is invalid"}, None
        parts = urlsplit(req["path"])
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if req["method"] == "GET" and parts.path == "/api/v1/accounts/verify_credentials":
            return 200, {}, {"id": self.account_id, "username": "jane", "acct": "jane"}, None
        if req["method"] == "GET" and parts.path == f"/api/v1/accounts/{self.account_id}/statuses":
            newest = list(reversed(self.statuses))
            if "max_id" in query:
                newest = [s for s in newest if int(s["id"]) < int(query["max_id"])]
            return 200, {}, newest[: min(int(query.get("limit", 20)), 40)], None
        if req["method"] == "POST" and parts.path == "/api/v1/statuses":
            return self._post(req)
        return 404, {}, {"error": "Record not found"}, None

    def _post(self, req: dict[str, Any]) -> Answer:
        key = req["headers"].get("idempotency-key")
        if self.honour_keys and key and key in self.keys:
            return (*self.keys[key][:3], None)  # the first answer again; nothing new
        fault = self.faults.queue[0] if self.faults.queue else None
        if fault == "429-reset":
            self.faults.next()
            reset = (datetime.now(UTC) + timedelta(seconds=3)).isoformat()
            return 429, {"X-RateLimit-Reset": reset}, {"error": "Too many requests"}, None
        data = json.loads(req["body"])
        text = str(data.get("status", ""))
        if len(_URL.sub("x" * 23, text)) > 500:
            error = "Validation failed: Text character limit of 500 exceeded"
            return 422, {}, {"error": error}, None

        def store() -> tuple[int, dict[str, str], Any]:
            n = len(self.statuses) + 1
            linked = _URL.sub(lambda m: f'<a href="{m[0]}">{m[0]}</a>', html.escape(text, False))
            status = {
                "id": str(1000 + n),
                "url": f"https://masto.test/@jane/{1000 + n}",
                "content": "<p>" + linked.replace("\n\n", "</p><p>").replace("\n", "<br>") + "</p>",
                "text": text,
                "visibility": data.get("visibility", "public"),
                "language": data.get("language"),
                "created_at": datetime.now(UTC).isoformat(),
            }
            self.statuses.append(status)
            answer = (200, {}, status)
            if key:
                self.keys[key] = (*answer, None)
            return answer

        faulted = self.write_fault(store)
        return faulted if faulted is not None else (*store(), None)


TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")


class AtprotoServer(ApiServer):
    """A PDS and AppView in one, for one account: com.atproto.server.createSession,
    com.atproto.repo.uploadBlob / createRecord / getRecord and app.bsky.feed.getAuthorFeed, with
    the lexicon's checks brandkit must pass: a TID record key, at most 300 graphemes of text,
    facets whose UTF-8 byte ranges hold what they claim, a thumbnail blob that was uploaded."""

    did = "did:plc:jane7e3k2m4q"

    def __init__(self, handle: str, password: str) -> None:
        super().__init__()
        self.user_handle, self.password = handle, password
        self.jwts: set[str] = set()
        self.blobs: dict[str, bytes] = {}
        self.records: dict[str, dict[str, Any]] = {}  # rkey -> record value

    def handle(self, req: dict[str, Any]) -> Answer:
        import hashlib

        import regex

        parts = urlsplit(req["path"])
        method = parts.path.removeprefix("/xrpc/")
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if method == "com.atproto.server.createSession":
            data = json.loads(req["body"])
            if data.get("identifier") != self.user_handle or data.get("password") != self.password:
                message = "Invalid identifier or password"
                return 401, {}, {"error": "AuthenticationRequired", "message": message}, None
            jwt = (
                f"eyJ.jwt{len(self.jwts)}.{hashlib.sha256(self.password.encode()).hexdigest()[:16]}"
            )
            self.jwts.add(jwt)
            session = {
                "did": self.did,
                "handle": self.user_handle,
                "accessJwt": jwt,
                "refreshJwt": jwt + "r",
            }
            return 200, {}, session, None
        if req["headers"].get("authorization", "").removeprefix("Bearer ") not in self.jwts:
            return 401, {}, {"error": "InvalidToken", "message": "Bad token"}, None
        if method == "com.atproto.repo.uploadBlob":
            body: bytes = req["body"]
            if len(body) > 1_000_000:
                return 400, {}, {"error": "BlobTooLarge", "message": "too large"}, None
            cid = "bafkrei" + hashlib.sha256(body).hexdigest()[:40]
            self.blobs[cid] = body
            mime = req["headers"].get("content-type", "")
            blob = {"$type": "blob", "ref": {"$link": cid}, "mimeType": mime, "size": len(body)}
            return 200, {}, {"blob": blob}, None
        if method == "com.atproto.repo.getRecord":
            value = self.records.get(query.get("rkey", ""))
            if value is None or query.get("repo") != self.did:
                return (
                    400,
                    {},
                    {"error": "RecordNotFound", "message": "Could not locate record"},
                    None,
                )
            return (
                200,
                {},
                {"uri": self._uri(query["rkey"]), "cid": "bafyrec", "value": value},
                None,
            )
        if method == "app.bsky.feed.getAuthorFeed":
            newest = sorted(self.records.items(), key=lambda kv: kv[0], reverse=True)
            start = int(query.get("cursor") or 0)
            limit = min(int(query.get("limit", 50)), 100)
            chunk = newest[start : start + limit]
            feed = [
                {"post": {"uri": self._uri(k), "cid": "bafyrec", "record": v}} for k, v in chunk
            ]
            cursor = str(start + limit) if start + limit < len(newest) else None
            return 200, {}, {"feed": feed, **({"cursor": cursor} if cursor else {})}, None
        if method == "com.atproto.repo.createRecord":
            data = json.loads(req["body"])
            problem = self._check(data, regex)
            if problem:
                return 400, {}, {"error": "InvalidRequest", "message": problem}, None
            rkey = data["rkey"]
            if rkey in self.records:
                return (
                    400,
                    {},
                    {"error": "InvalidRequest", "message": "Record already exists"},
                    None,
                )

            def store() -> tuple[int, dict[str, str], Any]:
                self.records[rkey] = data["record"]
                return 200, {}, {"uri": self._uri(rkey), "cid": "bafyrec" + rkey}

            fault = self.faults.queue[0] if self.faults.queue else None
            if fault == "429-reset":
                self.faults.next()
                reset = str(int(datetime.now(UTC).timestamp()) + 3)
                return 429, {"RateLimit-Reset": reset}, {"error": "RateLimitExceeded"}, None
            faulted = self.write_fault(store)
            return faulted if faulted is not None else (*store(), None)
        return 404, {}, {"error": "MethodNotImplemented"}, None

    def _uri(self, rkey: str) -> str:
        return f"at://{self.did}/app.bsky.feed.post/{rkey}"

    def _check(self, data: dict[str, Any], regex: Any) -> str | None:
        record = data.get("record") or {}
        if data.get("repo") != self.did or data.get("collection") != "app.bsky.feed.post":
            return "wrong repo or collection"
        if not TID.match(str(data.get("rkey", ""))):
            return "Invalid record key: must be a TID"
        if record.get("$type") != "app.bsky.feed.post" or not record.get("createdAt"):
            return "Invalid app.bsky.feed.post record"
        text = str(record.get("text", ""))
        if len(regex.findall(r"\X", text)) > 300:
            return "Invalid app.bsky.feed.post record: text must not be longer than 300 graphemes"
        raw = text.encode()
        for facet in record.get("facets") or []:
            start, end = facet["index"]["byteStart"], facet["index"]["byteEnd"]
            span = raw[start:end].decode()
            feature = facet["features"][0]
            if feature.get("uri") and span != feature["uri"]:
                return f"link facet covers {span!r}"
            if feature.get("tag") and span != "#" + feature["tag"]:
                return f"tag facet covers {span!r}"
        thumb = ((record.get("embed") or {}).get("external") or {}).get("thumb")
        if thumb and thumb["ref"]["$link"] not in self.blobs:
            return "thumbnail blob not found"
        return None


class WebmentionWeb:
    """Pages on 127.0.0.1 that advertise webmention endpoints every way the spec allows (Link
    header, <link>, <a>, relative, empty href, after a redirect), pages with none, a page that
    is gone, a slow page, and the endpoints themselves, which store each (source, target) pair
    once and count every delivery. `inflight_max`: most discovery GETs served at once."""

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        from tests.newsletter.servers import Faults

        self.deliveries: list[tuple[str, str, str]] = []  # (endpoint path, source, target)
        self.pairs: dict[tuple[str, str], int] = {}
        self.gets: list[str] = []
        self.faults = Faults()
        self.kill_post: tuple[int, str] | None = None  # (delivery number, before|after storing)
        self.slow = 0.0  # seconds each page takes
        self.inflight = 0
        self.inflight_max = 0
        self.lock = threading.Lock()
        web = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                with web.lock:
                    web.gets.append(self.path)
                    web.inflight += 1
                    web.inflight_max = max(web.inflight_max, web.inflight)
                try:
                    if web.slow:
                        import time

                        time.sleep(web.slow)
                    status, headers, body = web.page(self.path)
                finally:
                    with web.lock:
                        web.inflight -= 1
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = parse_qs(self.rfile.read(length).decode())
                source, target = form.get("source", [""])[0], form.get("target", [""])[0]
                number = len(web.deliveries) + 1
                if web.kill_post == (number, "before"):
                    web.faults.kill_client()
                    return
                web.deliveries.append((self.path, source, target))
                web.pairs[(source, target)] = web.pairs.get((source, target), 0) + 1
                if web.kill_post == (number, "after"):
                    web.faults.kill_client()
                    return
                created = self.path.startswith("/wm/html")
                self.send_response(201 if created else 202)
                if created:
                    self.send_header("Location", f"{web.url}/wm/status/{number}")
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> WebmentionWeb:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def page(self, path: str) -> tuple[int, dict[str, str], bytes]:
        html_type = {"Content-Type": "text/html; charset=utf-8"}

        def doc(head: str, body: str = "") -> bytes:
            return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>".encode()

        if path == "/header/":
            link = '</wm/header?via=link>; rel="webmention"'
            return (
                200,
                {**html_type, "Link": link},
                doc("", '<a rel="webmention" href="/wrong">x</a>'),
            )
        if path == "/html/":
            return 200, html_type, doc('<link rel="webmention" href="../wm/html">')
        if path == "/anchor/":
            return (
                200,
                html_type,
                doc("", f'<a rel="nofollow webmention" href="{self.url}/wm/a">e</a>'),
            )
        if path == "/empty/":
            return 200, html_type, doc('<link rel="webmention" href="">')
        if path == "/redirect/":
            return 301, {"Location": "/moved/here/"}, b""
        if path == "/moved/here/":
            return 200, html_type, doc('<link href="wm" rel="webmention">')
        if path.startswith("/slow"):
            return 200, html_type, doc(f'<link rel="webmention" href="/wm{path}">')
        if path == "/none/":
            return 200, html_type, doc("<title>No endpoint</title>")
        return 404, html_type, doc("", "Not found")


class MentionsApi(ApiServer):
    """webmention.io's `GET /api/mentions.jf2?domain=&token=&per-page=&page=` (pages from 0), with
    the avatars it links served beside it: a PNG, a JPEG, an SVG with a script (not an image
    Pillow reads) and one that is missing."""

    def __init__(self, token: str, children: list[dict[str, Any]]) -> None:
        super().__init__()
        self.token = token
        self.children = children
        self.images: dict[str, tuple[str, bytes]] = {}  # path -> (content type, bytes)

    def handle(self, req: dict[str, Any]) -> Answer:
        parts = urlsplit(req["path"])
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if parts.path == "/api/mentions.jf2":
            if query.get("token") != self.token:
                return 401, {}, {"error": "forbidden", "error_description": "bad token"}, None
            page, size = int(query.get("page", 0)), int(query.get("per-page", 20))
            chunk = self.children[page * size : (page + 1) * size]
            return 200, {}, {"type": "feed", "name": "Webmentions", "children": chunk}, None
        if parts.path in self.images:
            kind, data = self.images[parts.path]
            return 200, {"Content-Type": kind}, data, None
        return 404, {}, {"error": "not found"}, None

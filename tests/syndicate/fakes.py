"""Local stand-ins for the Forem (dev.to) API v1 and Hashnode's GraphQL API on 127.0.0.1.

They implement the documented subset brandkit uses, with the failure modes the real services
have: 401 for a bad key, 422 for a duplicate canonical URL or too many tags, 429 with Retry-After,
and Hashnode's GraphQL errors (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit


class FakeService(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.log: list[dict[str, Any]] = []  # every request: method, path, time, status
        self.throttle_next: list[str] = []  # Retry-After values for the next writes (429)
        self.write_gap: float | None = None  # like Rack::Attack: a write sooner gets 429
        # The next N writes are carried out but answered only after `slow_seconds`: a client
        # with a shorter timeout never learns the outcome (a lost answer, not a lost write).
        self.slow_writes = 0
        self.slow_seconds = 0.0
        self._last_write: float | None = None
        # Fault injection: SIGKILL the client at write number N, "before" the service stores
        # anything (the request is lost) or "after" it stored (the answer is lost).
        self.kill_write: tuple[int, str] | None = None
        self.client_pid: int | None = None
        self.write_count = 0
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def writes(self) -> list[dict[str, Any]]:
        return [r for r in self.log if r["write"]]

    def rate_limited(self, is_write: bool) -> str | None:
        if not is_write:
            return None
        now = time.monotonic()
        if self.throttle_next:
            return self.throttle_next.pop(0)
        gap = self.write_gap
        if gap is not None and self._last_write is not None and now - self._last_write < gap:
            return "1"
        self._last_write = now
        return None

    def handle_api(
        self, method: str, path: str, query: dict[str, str], headers: Any, body: Any
    ) -> tuple[int, Any]:
        raise NotImplementedError


class _Handler(BaseHTTPRequestHandler):
    server: FakeService

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        server = self.server
        with server.lock:
            is_write = server.is_write(self.command, body)
            entry = {
                "method": self.command,
                "path": parts.path,
                "time": time.monotonic(),
                "write": is_write,
                "body": body,
            }
            server.log.append(entry)
            kill = None
            if is_write:
                server.write_count += 1
                if server.kill_write and server.kill_write[0] == server.write_count:
                    kill = server.kill_write[1]
            if kill == "before":
                assert server.client_pid
                os.kill(server.client_pid, signal.SIGKILL)
                return
            retry_after = server.rate_limited(is_write)
            if retry_after is not None:
                status, data, extra = (
                    429,
                    {"error": "Rate limit reached", "status": 429},
                    {"Retry-After": retry_after},
                )
            else:
                status, data = server.handle_api(
                    self.command, parts.path, query, self.headers, body
                )
                extra = {}
            entry["status"] = status
            if kill == "after":
                assert server.client_pid
                os.kill(server.client_pid, signal.SIGKILL)
                return
            delay = 0.0
            if is_write and server.slow_writes > 0:
                server.slow_writes -= 1
                delay = server.slow_seconds
        if delay:
            time.sleep(delay)
        payload = json.dumps(data).encode()
        # After a slow answer the client may be gone (a timeout test): nobody reads this one.
        with contextlib.suppress(OSError):
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in extra.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = _handle


class FakeForem(FakeService):
    """POST /api/articles, PUT /api/articles/{id}, GET /api/articles/me/all (api-key header)."""

    ARTICLE_KEYS: ClassVar[set[str]] = {
        "title",
        "body_markdown",
        "published",
        "series",
        "main_image",
        "canonical_url",
        "description",
        "tags",
        "organization_id",
    }

    def __init__(self, api_key: str = "devto-secret-key") -> None:
        super().__init__()
        self.api_key = api_key
        self.articles: dict[int, dict[str, Any]] = {}
        self.taken_elsewhere: set[str] = set()  # canonical URLs of other users' articles
        self._next_id = 1000

    def is_write(self, method: str, body: Any) -> bool:
        return method in ("POST", "PUT", "DELETE")

    def handle_api(self, method, path, query, headers, body):  # type: ignore[no-untyped-def]
        if headers.get("api-key") != self.api_key:
            # Quotes the key back, as a careless proxy might: brandkit must not print it.
            given = headers.get("api-key")
            return 401, {"error": f"unauthorized: api-key {given} is not valid", "status": 401}
        if method == "GET" and path == "/api/articles/me/all":
            per_page = min(int(query.get("per_page", 30)), 1000)
            page = int(query.get("page", 1))
            items = sorted(self.articles.values(), key=lambda a: -a["id"])
            return 200, items[(page - 1) * per_page : page * per_page]
        if method == "POST" and path == "/api/articles":
            return self._save(None, body)
        match = re.fullmatch(r"/api/articles/(\d+)", path)
        if method == "PUT" and match:
            article_id = int(match.group(1))
            if article_id not in self.articles:
                return 404, {"error": "not found", "status": 404}
            return self._save(article_id, body)
        return 404, {"error": "not found", "status": 404}

    def _save(self, article_id: int | None, body: Any) -> tuple[int, Any]:
        fields = (body or {}).get("article")
        if not isinstance(fields, dict):
            return 422, {"error": "param is missing or the value is empty: article", "status": 422}
        fields = {k: v for k, v in fields.items() if k in self.ARTICLE_KEYS}  # strong params
        current = dict(self.articles.get(article_id or -1, {}))
        title = fields.get("title", current.get("title"))
        if not title:
            return 422, {"error": "Title can't be blank", "status": 422}
        tags = fields.get("tags")
        if tags is None:
            tag_list = current.get("tag_list", [])
        else:
            tag_list = [t.strip() for t in (tags.split(",") if isinstance(tags, str) else tags)]
            tag_list = [t for t in tag_list if t]
        if len(tag_list) > 4:
            return 422, {"error": "Tag list exceed the maximum of 4 tags", "status": 422}
        for tag in tag_list:
            if not re.fullmatch(r"[a-z0-9]+", tag):
                return 422, {
                    "error": f"Tag {tag} contains non-alphanumeric characters",
                    "status": 422,
                }
        canonical = fields.get("canonical_url", current.get("canonical_url"))
        if canonical in self.taken_elsewhere:
            return 422, {"error": "Canonical url has already been taken", "status": 422}
        for other in self.articles.values():
            if other["id"] != article_id and canonical and other["canonical_url"] == canonical:
                return 422, {"error": "Canonical url has already been taken", "status": 422}
        if article_id is None:
            self._next_id += 1
            article_id = self._next_id
        slug = re.sub(r"[^a-z0-9]+", "-", str(title).lower()).strip("-")
        url = f"https://dev.to/jane/{slug}-{article_id}"
        article = {
            **current,
            "type_of": "article",
            "id": article_id,
            "title": title,
            "body_markdown": fields.get("body_markdown", current.get("body_markdown", "")),
            "published": bool(fields.get("published", current.get("published", False))),
            "description": fields.get("description", current.get("description", "")),
            "tag_list": tag_list,
            "tags": ", ".join(tag_list),
            "series": fields.get("series", current.get("series")),
            "cover_image": fields.get("main_image", current.get("cover_image")),
            "slug": f"{slug}-{article_id}",
            "path": f"/jane/{slug}-{article_id}",
            "url": url,
            "canonical_url": canonical or url,
            "organization_id": fields.get("organization_id", current.get("organization_id")),
        }
        created = article_id not in self.articles
        self.articles[article_id] = article
        return (201 if created else 200), article


PUBLISH_POST_INPUT = {
    "publicationId",
    "title",
    "subtitle",
    "contentMarkdown",
    "coverImage",
    "slug",
    "tags",
    "originalArticleURL",
    "metaTitle",
    "metaDescription",
    "ogImage",
    "disableComments",
    "isDelisted",
    "enableToc",
    "publishAs",
    "coAuthors",
    "seriesId",
    "publishedAt",
}
UPDATE_POST_INPUT = (PUBLISH_POST_INPUT - {"publicationId"}) | {"id"}
PRO_MESSAGE = (
    "Publication does not have an active Pro plan. Upgrade in your dashboard to access this "
    "via the API."
)


class FakeHashnode(FakeService):
    """GraphQL over POST: publishPost, updatePost, publication(id){posts, series(slug)}."""

    def __init__(
        self, token: str = "hashnode-secret-token", publication_id: str = "65f0c0ffee0000000000abcd"
    ) -> None:
        super().__init__()
        self.token = token
        self.publication_id = publication_id
        self.posts: dict[str, dict[str, Any]] = {}
        self.series = {"database-internals": "65f0000000000000000se001"}
        self.forbidden = False
        self._next = 0

    def is_write(self, method: str, body: Any) -> bool:
        return isinstance(body, dict) and str(body.get("query", "")).lstrip().startswith("mutation")

    @staticmethod
    def _error(code: str, message: str) -> tuple[int, Any]:
        return 200, {"errors": [{"message": message, "extensions": {"code": code}}], "data": None}

    def handle_api(self, method, path, query, headers, body):  # type: ignore[no-untyped-def]
        if method != "POST" or not isinstance(body, dict) or "query" not in body:
            return 400, {"errors": [{"message": "POST body must be a GraphQL request"}]}
        text = str(body["query"])
        variables = body.get("variables") or {}
        auth = headers.get("Authorization") or ""
        if auth.removeprefix("Bearer ").strip() != self.token:
            # Quotes the token back, as a careless service could: brandkit must not print it.
            return self._error("UNAUTHENTICATED", f"Invalid access token {auth!r}.")
        if self.forbidden:
            return self._error("FORBIDDEN", PRO_MESSAGE)
        if "publishPost(input: $input)" in text:
            return self._publish(variables.get("input"))
        if "updatePost(input: $input)" in text:
            return self._update(variables.get("input"))
        if "publication(id: $id)" in text:
            if variables.get("id") != self.publication_id:
                return 200, {"data": {"publication": None}}
            if "series(slug: $slug)" in text:
                series_id = self.series.get(variables.get("slug"))
                return 200, {
                    "data": {"publication": {"series": {"id": series_id} if series_id else None}}
                }
            if "posts(first:" in text:
                return 200, {"data": {"publication": {"posts": self._page(variables, text)}}}
        return self._error("GRAPHQL_VALIDATION_FAILED", "Unsupported query for this fake")

    def _check_input(
        self, data: Any, allowed: set[str], required: set[str], type_name: str
    ) -> str | None:
        if not isinstance(data, dict):
            return f'Variable "$input" of required type "{type_name}!" was not provided.'
        for key in data:
            if key not in allowed:
                return f'Field "{key}" is not defined by type "{type_name}".'
        for key in required:
            if data.get(key) in (None, ""):
                return f'Field "{type_name}.{key}" of required type was not provided.'
        for tag in data.get("tags") or []:
            if not isinstance(tag, dict) or not tag.get("slug"):
                return (
                    'Field "PublishPostTagInput.slug" of required type "String!" was not provided.'
                )
        if len(data.get("tags") or []) > 15:
            return "A post can have at most 15 tags."
        return None

    def _publish(self, data: Any) -> tuple[int, Any]:
        problem = self._check_input(
            data,
            PUBLISH_POST_INPUT,
            {"publicationId", "title", "contentMarkdown"},
            "PublishPostInput",
        )
        if problem:
            return self._error("BAD_USER_INPUT", problem)
        if data["publicationId"] != self.publication_id:
            return self._error("NOT_FOUND", "Publication not found")
        self._next += 1
        post_id = f"{self._next:024x}"
        slug = data.get("slug") or re.sub(r"[^a-z0-9]+", "-", data["title"].lower()).strip("-")
        post = {
            "id": post_id,
            "slug": slug,
            "url": f"https://jane.hashnode.dev/{slug}",
            **{k: v for k, v in data.items() if k != "publicationId"},
            "canonicalUrl": data.get("originalArticleURL"),
        }
        self.posts[post_id] = post
        return 200, {"data": {"publishPost": {"post": {"id": post_id, "url": post["url"]}}}}

    def _update(self, data: Any) -> tuple[int, Any]:
        problem = self._check_input(data, UPDATE_POST_INPUT, {"id"}, "UpdatePostInput")
        if problem:
            return self._error("BAD_USER_INPUT", problem)
        post = self.posts.get(data["id"])
        if post is None:
            return self._error("NOT_FOUND", "Post not found")
        post.update({k: v for k, v in data.items() if v is not None})
        post["canonicalUrl"] = post.get("originalArticleURL")
        return 200, {"data": {"updatePost": {"post": {"id": post["id"], "url": post["url"]}}}}

    def _page(self, variables: dict[str, Any], text: str) -> dict[str, Any]:
        match = re.search(r"posts\(first: (\d+)", text)
        size = min(int(match.group(1)), 100) if match else 20  # connections cap `first` at 100
        ids = sorted(self.posts)
        start = int(variables["after"]) if variables.get("after") else 0
        chunk = ids[start : start + size]
        edges = [
            {
                "node": {k: self.posts[i].get(k) for k in ("id", "url", "canonicalUrl")},
                "cursor": str(start + n + 1),
            }
            for n, i in enumerate(chunk)
        ]
        more = start + size < len(ids)
        return {
            "edges": edges,
            "pageInfo": {"hasNextPage": more, "endCursor": str(start + size) if more else None},
        }

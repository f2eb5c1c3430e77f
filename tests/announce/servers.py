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
            reset = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
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

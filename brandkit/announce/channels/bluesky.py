"""Bluesky (AT Protocol): one post record per post, with link and hashtag facets and a link card.

A session comes from the handle and an app password (`com.atproto.server.createSession`); the
post's social card is uploaded as the card's thumbnail (`com.atproto.repo.uploadBlob`); the record
is created with `com.atproto.repo.createRecord` under a record key derived from the post (a TID,
see `atproto.tid`), so a repeat of the same post collides with the first record instead of making
a second one. After a lost answer or a crash, brandkit asks for that record
(`com.atproto.repo.getRecord`) and, failing that, reads the author feed
(`app.bsky.feed.getAuthorFeed`) for a post linking the URL, before posting again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from brandkit import cards
from brandkit.announce.channels import atproto
from brandkit.announce.channels.text import compose
from brandkit.announce.compose import Announcement
from brandkit.announce.senders import base
from brandkit.announce.senders.http import HttpClient, channel_client, json_body
from brandkit.config import options as o
from brandkit.errors import ConfigError
from brandkit.hookspecs import hookimpl
from brandkit.secrets import SecretEnv, register

COLLECTION = "app.bsky.feed.post"
MAX_THUMB = 1_000_000  # bytes; larger blobs are refused for a link card's thumbnail
FEED_PAGES = 2


class BlueskyOptions(o.Schema):
    handle = o.Text()
    """Your handle, e.g. jane.bsky.social (or your own domain)."""
    service = o.Url("https://bsky.social")
    """Your PDS (the default hosts most accounts)."""
    password_env = o.Text("BLUESKY_APP_PASSWORD")
    """The environment variable holding an app password (Settings > App passwords)."""
    template = o.Text("{title}\n\n{url}\n\n{hashtags}")
    """The post's text: {title}, {url}, {summary}, {hashtags}, {site}; cut to 300 graphemes."""
    max_tags = o.Whole(3, minimum=0)
    thumbnail = o.Flag(True)
    """Upload the post's social card as the link card's image."""
    timeout = o.Number(30)
    max_retry_wait = o.Number(300)


class BlueskyChannel(base.Sender):
    type = "bluesky"
    description = "A Bluesky post per post: text with link and hashtag facets, and a link card."
    Options = BlueskyOptions
    can_reconcile = True
    kind = "announce"
    secrets = (
        SecretEnv(
            "BLUESKY_APP_PASSWORD",
            "app password",
            "create an app password under Settings > Privacy and security > App passwords",
            option="password_env",
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._session: dict[str, str] | None = None

    def xrpc(self, method: str, query: Mapping[str, str] | None = None) -> str:
        url = str(self.options.service).rstrip("/") + "/xrpc/" + method
        return url + ("?" + urlencode(query) if query else "")

    def client(self) -> HttpClient:
        env = self.options.password_env
        return channel_client(
            "Bluesky",
            self.options,
            auth_hint=f"check `handle` in mkdocs.yml and the app password in ${env} "
            f"({self.secrets[0].how})",
            hints={400: "the post was refused; check template and handle under announce.channels"},
        )

    def rkey(self, a: Announcement) -> str:
        return atproto.tid(a.date, f"{a.post_id}\0{self.name}")

    def text(self, a: Announcement) -> str:
        opts = self.options
        try:
            return compose(
                opts.template, a, opts.max_tags, atproto.MAX_GRAPHEMES, atproto.graphemes
            )
        except (KeyError, IndexError, ValueError) as exc:
            raise ConfigError(f"{self.where('template')}: {exc} is not a placeholder.") from None

    def record(self, a: Announcement, thumb: Any = None) -> dict[str, Any]:
        text = self.text(a)
        external: dict[str, Any] = {"uri": a.url, "title": a.title, "description": a.summary}
        if thumb is not None:
            external["thumb"] = thumb
        record: dict[str, Any] = {
            "$type": COLLECTION,
            "text": text,
            "createdAt": datetime.now(UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "langs": [a.language],
            "embed": {"$type": "app.bsky.embed.external", "external": external},
        }
        found = atproto.facets(text, a.url)
        if found:
            record["facets"] = found
        return record

    def thumbnail(self, a: Announcement) -> bytes | None:
        if not self.options.thumbnail or a.card is None:
            return None
        data = cards.draw(a.card)
        return data if len(data) <= MAX_THUMB else None

    def check(self) -> None:
        self.secret(self.options.password_env, "password_env")

    def validate(self, announcement: Announcement) -> None:
        if atproto.graphemes(self.text(announcement)) > atproto.MAX_GRAPHEMES:
            raise ConfigError(f"{self.where('template')}: the text is over 300 graphemes.")
        self.record(announcement)

    def steps(self, announcement: Announcement) -> list[base.Step]:
        return [base.Step("post", f"post on Bluesky as {self.options.handle}")]

    def session(self) -> tuple[HttpClient, dict[str, str], str]:
        """A client, the auth headers and the account's DID (one session per run)."""
        client = self.client()
        if self._session is None:
            password = self.secret(self.options.password_env, "password_env")
            body = {"identifier": self.options.handle, "password": password}
            answer = json_body(
                client.request(
                    "POST",
                    self.xrpc("com.atproto.server.createSession"),
                    payload=json.dumps(body).encode(),
                    writes=False,  # a session has no effect anyone sees: safe to repeat
                )
            )
            if not isinstance(answer, dict) or not answer.get("accessJwt") or not answer.get("did"):
                raise base.DeliveryError("Bluesky's session answer has no token", certain=True)
            register(str(answer["accessJwt"]))
            register(str(answer.get("refreshJwt") or ""))
            self._session = {"jwt": str(answer["accessJwt"]), "did": str(answer["did"])}
        return client, {"Authorization": f"Bearer {self._session['jwt']}"}, self._session["did"]

    def run(
        self, step: base.Step, announcement: Announcement, context: base.SendContext
    ) -> base.StepResult:
        client, headers, did = self.session()
        thumb = None
        image = self.thumbnail(announcement)
        if image is not None:
            uploaded = json_body(
                client.request(
                    "POST",
                    self.xrpc("com.atproto.repo.uploadBlob"),
                    headers={**headers, "Content-Type": "image/png"},
                    payload=image,
                    idempotent=True,  # a blob is named by its content: a repeat is the same blob
                )
            )
            thumb = uploaded.get("blob") if isinstance(uploaded, dict) else None
        body = {
            "repo": did,
            "collection": COLLECTION,
            "rkey": self.rkey(announcement),
            "record": self.record(announcement, thumb),
        }
        try:
            answer = json_body(
                client.request(
                    "POST",
                    self.xrpc("com.atproto.repo.createRecord"),
                    headers=headers,
                    payload=json.dumps(body).encode(),
                    # The fixed record key makes a repeat collide, never duplicate.
                    idempotent=True,
                )
            )
        except base.DeliveryError as exc:
            found = self._find(announcement)  # collided with (or lost the answer to) our own
            if found is not None:
                return found
            raise exc from None
        return base.StepResult(str(answer.get("uri")), f"record {answer.get('uri')}")

    def reconcile(
        self, step: base.Step, announcement: Announcement, record: Mapping[str, Any]
    ) -> tuple[base.Reconciled, base.StepResult | None]:
        return base.reconciled(self._find(announcement))

    def _find(self, a: Announcement) -> base.StepResult | None:
        client, headers, did = self.session()
        query = {"repo": did, "collection": COLLECTION, "rkey": self.rkey(a)}
        try:
            answer = self._query(client, headers, "com.atproto.repo.getRecord", query)
            return base.StepResult(str(answer.get("uri")), f"record {answer.get('uri')}")
        except base.DeliveryError as exc:
            if not exc.certain:
                raise
        cursor = ""
        for _ in range(FEED_PAGES):
            feed_query = {"actor": did, "limit": "50", **({"cursor": cursor} if cursor else {})}
            page = self._query(client, headers, "app.bsky.feed.getAuthorFeed", feed_query)
            for item in (page or {}).get("feed") or []:
                post = item.get("post") or {}
                value = post.get("record") or {}
                uri = ((value.get("embed") or {}).get("external") or {}).get("uri")
                if uri == a.url or a.url in str(value.get("text", "")):
                    return base.StepResult(str(post.get("uri")), f"record {post.get('uri')} (feed)")
            cursor = str((page or {}).get("cursor") or "")
            if not cursor:
                break
        return None

    def _query(
        self, client: HttpClient, headers: Mapping[str, str], method: str, query: Mapping[str, str]
    ) -> Any:
        """An XRPC query's JSON answer (a read: safe to repeat)."""
        return json_body(
            client.request("GET", self.xrpc(method, query), headers=headers, writes=False)
        )

    def preview(self, announcement: Announcement) -> dict[str, bytes]:
        thumb = self.thumbnail(announcement)
        blob = {
            "$type": "blob",
            "ref": {"$link": "<cid of thumbnail.png>"},
            "mimeType": "image/png",
        }
        request = {
            "method": "POST",
            "url": self.xrpc("com.atproto.repo.createRecord"),
            "headers": {
                "Authorization": "Bearer <session from $" + self.options.password_env + ">"
            },
            "json": {
                "repo": f"<did of {self.options.handle}>",
                "collection": COLLECTION,
                "rkey": self.rkey(announcement),
                "record": self.record(announcement, blob if thumb else None),
            },
        }
        files = {"request.json": base.preview_json(request)}
        if thumb:
            files["thumbnail.png"] = thumb
        return files


@hookimpl
def brandkit_senders() -> list[type[base.Sender]]:
    return [BlueskyChannel]

"""Mastodon: one status per post through the instance's API (`POST /api/v1/statuses`).

Exactly once: the request carries an `Idempotency-Key` derived from the post (Mastodon keeps it
for about an hour and answers a repeat with the first status), and the ledger records the intent
before the call. A lost answer (a timeout, a 5xx) is never simply retried, since other fediverse
servers may ignore the key: brandkit reads the account's recent statuses
(`GET /api/v1/accounts/verify_credentials`, then `/api/v1/accounts/:id/statuses`) for one linking
the post's URL, and posts again only when there is none. A run that died between the call and
its record is reconciled the same way on the next run.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any

from brandkit.announce.channels.text import compose
from brandkit.announce.compose import Announcement
from brandkit.announce.senders import base
from brandkit.announce.senders.http import HttpClient, channel_client, create_once, json_body
from brandkit.config import options as o
from brandkit.errors import ConfigError
from brandkit.hookspecs import hookimpl
from brandkit.http import Response
from brandkit.secrets import SecretEnv

URL_LENGTH = 23  # Mastodon counts every link as 23 characters, whatever its length
PAGES = 3  # statuses read back when reconciling: 3 x 40, far more than a run can post
_URL = re.compile(r"https?://\S+")
PLACEHOLDERS = {"title", "url", "summary", "hashtags", "site"}


class MastodonOptions(o.Schema):
    instance = o.Url()
    """Your instance, e.g. https://fosstodon.org"""
    token_env = o.Text("MASTODON_TOKEN")
    """The environment variable holding an access token with write:statuses and read:accounts."""
    visibility = o.Choice(("public", "unlisted", "private", "direct"), default="public")
    template = o.Text("{title}\n\n{url}\n\n{hashtags}")
    """The status: {title}, {url}, {summary}, {hashtags}, {site}."""
    max_tags = o.Whole(4, minimum=0)
    """At most this many of the post's tags, as hashtags."""
    max_length = o.Whole(500, minimum=50)
    """The instance's limit (500 on most)."""
    timeout = o.Number(30)
    max_retry_wait = o.Number(300)
    """Longest wait (seconds) a 429 may ask for before the run stops for later."""


def status_length(text: str) -> int:
    return len(_URL.sub("x" * URL_LENGTH, text))


class MastodonChannel(base.Sender):
    type = "mastodon"
    description = "A status on your Mastodon account per post (title, link, hashtags)."
    Options = MastodonOptions
    can_reconcile = True
    kind = "announce"
    secrets = (
        SecretEnv(
            "MASTODON_TOKEN",
            "access token",
            "create an application under Preferences > Development on your instance with the "
            "write:statuses and read:accounts scopes and copy its access token",
            option="token_env",
        ),
    )

    def api(self, path: str) -> str:
        return str(self.options.instance).rstrip("/") + "/api/v1/" + path

    def client(self) -> HttpClient:
        env = self.options.token_env
        return channel_client(
            "Mastodon",
            self.options,
            auth_hint=f"the token in ${env} was refused or lacks a scope: "
            f"{self.secrets[0].how}, and export it as {env}",
            hints={
                422: "the instance refused the status (too long for its limit, or a bad "
                "language); set max_length or template under announce.channels in mkdocs.yml",
            },
        )

    def headers(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def text(self, a: Announcement) -> str:
        o = self.options
        try:
            return compose(o.template, a, o.max_tags, o.max_length, status_length)
        except (KeyError, IndexError, ValueError) as exc:
            raise ConfigError(
                f"{self.where('template')}: {exc} is not a placeholder; use "
                f"{', '.join('{' + p + '}' for p in sorted(PLACEHOLDERS))}."
            ) from None

    def payload(self, a: Announcement) -> dict[str, Any]:
        return {
            "status": self.text(a),
            "visibility": self.options.visibility,
            "language": a.language.split("-")[0].lower(),
        }

    def config_problems(self, settings: Any) -> list[str]:
        found = set(re.findall(r"{(\w*)[^}]*}", self.options.template)) - PLACEHOLDERS
        return [
            f"{self.where('template')}: {{{name}}} is not a placeholder; use "
            f"{', '.join('{' + p + '}' for p in sorted(PLACEHOLDERS))}."
            for name in sorted(found)
        ]

    def check(self) -> None:
        self.secret(self.options.token_env, "token_env")

    def steps(self, announcement: Announcement) -> list[base.Step]:
        return [base.Step("status", f"post a status on {self.options.instance}")]

    def run(
        self, step: base.Step, announcement: Announcement, context: base.SendContext
    ) -> base.StepResult:
        token = self.secret(self.options.token_env, "token_env")

        def post() -> Response:
            return self.client().request(
                "POST",
                self.api("statuses"),
                headers={**self.headers(token), "Idempotency-Key": self.key(announcement)},
                payload=json.dumps(self.payload(announcement)).encode(),
            )

        return _result(
            create_once(post, lambda: self._find(announcement, token), lambda status: status)
        )

    def reconcile(
        self, step: base.Step, announcement: Announcement, record: Mapping[str, Any]
    ) -> tuple[base.Reconciled, base.StepResult | None]:
        found = self._find(announcement, self.secret(self.options.token_env, "token_env"))
        return base.reconciled(None if found is None else _result(found))

    def _find(self, announcement: Announcement, token: str) -> dict[str, Any] | None:
        """The account's recent status that links the post, if any."""
        client, headers = self.client(), self.headers(token)
        me = json_body(
            client.request(
                "GET", self.api("accounts/verify_credentials"), headers=headers, writes=False
            )
        )
        if not isinstance(me, dict) or "id" not in me:
            raise base.DeliveryError("Mastodon's account answer has no id", certain=True)
        max_id = ""
        for _ in range(PAGES):
            query = f"?limit=40&exclude_reblogs=true{'&max_id=' + max_id if max_id else ''}"
            statuses = json_body(
                client.request(
                    "GET",
                    self.api(f"accounts/{me['id']}/statuses{query}"),
                    headers=headers,
                    writes=False,
                )
            )
            if not isinstance(statuses, list) or not statuses:
                break
            for status in statuses:
                if announcement.url in html.unescape(str(status.get("content", ""))):
                    return status  # type: ignore[no-any-return]
            max_id = str(statuses[-1].get("id", ""))
        return None

    def preview(self, announcement: Announcement) -> dict[str, bytes]:
        request = {
            "method": "POST",
            "url": self.api("statuses"),
            "headers": {
                "Authorization": f"Bearer ${self.options.token_env}",
                "Content-Type": "application/json",
                "Idempotency-Key": self.key(announcement),
            },
            "json": self.payload(announcement),
        }
        return {"request.json": base.preview_json(request)}


def _result(status: Any) -> base.StepResult:
    if not isinstance(status, dict) or "id" not in status:
        raise base.DeliveryError("Mastodon's answer has no status id", certain=False)
    return base.StepResult(str(status["id"]), f"status {status.get('url') or status['id']}")


@hookimpl
def brandkit_senders() -> list[type[base.Sender]]:
    return [MastodonChannel]

"""A JSON POST per new post, signed the Standard Webhooks way, for Zapier, n8n or your own code.

Headers `webhook-id` (stable per post and sender, so receivers can drop repeats),
`webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of
"id.timestamp.body" keyed with the secret's bytes; the secret is `whsec_` + base64, from an
environment variable). See https://www.standardwebhooks.com/.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from datetime import UTC, datetime
from typing import Any

from brandkit.announce.compose import Announcement
from brandkit.announce.senders import base
from brandkit.announce.senders.http import HttpClient
from brandkit.config import options as o
from brandkit.errors import ConfigError
from brandkit.hookspecs import hookimpl
from brandkit.secrets import SecretEnv

EVENT = "post.published"


class WebhookOptions(o.Schema):
    url = o.Text()
    """Where to POST the event (https://, or http:// on localhost)."""
    secret_env = o.Text("BRANDKIT_WEBHOOK_SECRET")
    """The environment variable holding the signing secret, `whsec_` + base64."""
    timeout = o.Number(15)


def signing_key(secret: str) -> bytes:
    raw = secret.removeprefix("whsec_")
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("the secret must be `whsec_` followed by base64") from exc


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(signing_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


class WebhookSender(base.Sender):
    type = "webhook"
    description = "A JSON POST per new post, signed the Standard Webhooks way."
    Options = WebhookOptions
    secrets = (
        SecretEnv(
            "BRANDKIT_WEBHOOK_SECRET",
            "signing secret",
            "make one with `echo whsec_$(openssl rand -base64 32)` and give the receiver the same",
            option="secret_env",
        ),
    )

    def msg_id(self, a: Announcement) -> str:
        return "msg_" + a.digest(self.name)

    def body(self, a: Announcement) -> bytes:
        event = {
            "type": EVENT,
            "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
            "data": a.data(),
        }
        return json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()

    def secret_value(self) -> str:
        value = self.secret(self.options.secret_env, "secret_env")
        try:
            signing_key(value)
        except ValueError as exc:
            raise ConfigError(
                f"{self.where('secret_env')}: ${self.options.secret_env} is not a valid "
                f"signing secret: {exc} (e.g. whsec_ + `openssl rand -base64 32`)."
            ) from None
        return value

    def check(self) -> None:
        self.secret_value()

    def steps(self, announcement: Announcement) -> list[base.Step]:
        return [base.Step("post", f"POST {self.options.url}")]

    def run(
        self, step: base.Step, announcement: Announcement, context: base.SendContext
    ) -> base.StepResult:
        secret = self.secret_value()
        msg_id = self.msg_id(announcement)
        body = self.body(announcement)
        timestamp = int(time.time())
        client = HttpClient(
            "the webhook receiver",
            timeout=float(self.options.timeout),
            auth_hint=f"check that the receiver's secret matches ${self.options.secret_env}",
        )
        client.request(
            "POST",
            self.options.url,
            headers={
                "Content-Type": "application/json",
                "webhook-id": msg_id,
                "webhook-timestamp": str(timestamp),
                "webhook-signature": sign(secret, msg_id, timestamp, body),
            },
            payload=body,
            # The same webhook-id on every attempt: Standard Webhooks receivers drop repeats.
            idempotent=True,
        )
        return base.StepResult(msg_id, f"delivered as {msg_id}")

    def preview(self, announcement: Announcement) -> dict[str, bytes]:
        request: dict[str, Any] = {
            "method": "POST",
            "url": self.options.url,
            "headers": {
                "Content-Type": "application/json",
                "webhook-id": self.msg_id(announcement),
                "webhook-timestamp": "<Unix time of sending>",
                "webhook-signature": f"v1,<HMAC-SHA256 with ${self.options.secret_env}>",
            },
            "json": json.loads(self.body(announcement)),
        }
        return {"request.json": base.preview_json(request)}


@hookimpl
def brandkit_senders() -> list[type[base.Sender]]:
    return [WebhookSender]

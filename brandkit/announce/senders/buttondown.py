"""Buttondown: one email per post through its API (`POST /v1/emails`).

Buttondown sends an email at once when no `status` is given, so brandkit always passes one:
`draft` by default (you review and send it in Buttondown), `about_to_send` when configured.
Every request carries an Idempotency-Key derived from the post, so a retry after a timeout or a
5xx cannot create a second email; a run that died mid-call is reconciled by listing the emails
and finding the one tagged with the post's key in its metadata.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

from brandkit.announce.compose import Announcement, email_html
from brandkit.announce.senders import base
from brandkit.announce.senders.http import HttpClient, json_body
from brandkit.config import options as o
from brandkit.hookspecs import hookimpl
from brandkit.secrets import SecretEnv

MAX_PAGES = 20  # reconciling looks at the newest emails only; older ones cannot be in flight


class ButtondownOptions(o.Schema):
    api_key_env = o.Text("BUTTONDOWN_API_KEY")
    """The environment variable holding the API key (never put it in mkdocs.yml)."""
    status = o.Choice(("draft", "about_to_send"), default="draft")
    """draft: create a draft to review in Buttondown; about_to_send: send it to subscribers."""
    api_url = o.Text("https://api.buttondown.com/v1/")
    timeout = o.Number(30)


class ButtondownSender(base.Sender):
    type = "buttondown"
    description = (
        "Buttondown's email API: a draft per post (or sent at once with status: about_to_send)."
    )
    Options = ButtondownOptions
    can_reconcile = True
    secrets = (
        SecretEnv(
            "BUTTONDOWN_API_KEY",
            "API key",
            "create an API key at https://buttondown.com/requests",
            option="api_key_env",
        ),
    )

    def client(self) -> HttpClient:
        return HttpClient(
            "Buttondown",
            timeout=float(self.options.timeout),
            auth_hint=f"create an API key at https://buttondown.com/requests and export it as "
            f"${self.options.api_key_env}",
        )

    def url(self, path: str) -> str:
        return urljoin(str(self.options.api_url).rstrip("/") + "/", path)

    def payload(self, a: Announcement) -> dict[str, Any]:
        return {
            "subject": a.title,
            "body": email_html(a),
            # Always explicit: without it Buttondown sends the email to every subscriber at once.
            "status": self.options.status,
            "metadata": {"brandkit_key": self.key(a), "post_id": a.post_id, "url": a.url},
        }

    def headers(self, a: Announcement, token: str) -> dict[str, str]:
        headers = {
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": self.key(a),
        }
        if self.options.status == "about_to_send":
            # Buttondown asks API clients to confirm a real send once with this header.
            headers["X-Buttondown-Live-Dangerously"] = "true"
        return headers

    def check(self) -> None:
        self.secret(self.options.api_key_env, "api_key_env")

    def steps(self, announcement: Announcement) -> list[base.Step]:
        action = "draft" if self.options.status == "draft" else "email sent to subscribers"
        return [base.Step("create", f"create {action}")]

    def run(
        self, step: base.Step, announcement: Announcement, context: base.SendContext
    ) -> base.StepResult:
        token = self.secret(self.options.api_key_env, "api_key_env")
        body = json.dumps(self.payload(announcement)).encode()
        response = self.client().request(
            "POST",
            self.url("emails"),
            headers=self.headers(announcement, token),
            payload=body,
            idempotent=True,  # the Idempotency-Key makes a repeat return the same email
        )
        data = json_body(response)
        email_id = str(data.get("id")) if isinstance(data, dict) else None
        return base.StepResult(email_id, f"email {email_id} ({data.get('status', '?')})")

    def reconcile(
        self, step: base.Step, announcement: Announcement, record: Mapping[str, Any]
    ) -> tuple[base.Reconciled, base.StepResult | None]:
        token = self.secret(self.options.api_key_env, "api_key_env")
        found = self._find(announcement, token)
        if found is None:
            return base.reconciled(None)
        email_id = str(found.get("id"))
        return base.reconciled(
            base.StepResult(email_id, f"email {email_id} ({found.get('status')})")
        )

    def _find(self, a: Announcement, token: str) -> dict[str, Any] | None:
        client = self.client()
        url: str | None = self.url("emails")
        headers = {"Authorization": f"Token {token}"}
        for _ in range(MAX_PAGES):
            if url is None:
                break
            data = json_body(client.request("GET", url, headers=headers, writes=False))
            if not isinstance(data, dict):
                raise base.DeliveryError(
                    "Buttondown's email list has an unexpected shape", certain=True
                )
            for email in data.get("results") or []:
                metadata = email.get("metadata") or {}
                if metadata.get("brandkit_key") == self.key(a):
                    return email  # type: ignore[no-any-return]
            url = data.get("next")
        return None

    def preview(self, announcement: Announcement) -> dict[str, bytes]:
        headers = self.headers(announcement, "***")
        headers["Authorization"] = f"Token ${self.options.api_key_env}"
        request = {
            "method": "POST",
            "url": self.url("emails"),
            "headers": headers,
            "json": self.payload(announcement),
        }
        return {"request.json": base.preview_json(request)}


@hookimpl
def brandkit_senders() -> list[type[base.Sender]]:
    return [ButtondownSender]

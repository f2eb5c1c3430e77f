"""listmonk (self-hosted): a campaign per post through its API, a draft unless `send: true`.

Two steps: create the campaign (`POST /api/campaigns`), then, when sending, start it
(`PUT /api/campaigns/{id}/status` with `running`). Each campaign is tagged with a key derived
from the post, so after a timeout, a 5xx or a crash brandkit asks listmonk whether the campaign
exists (and whether it is running) before doing anything again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from brandkit.announce.compose import Announcement, email_html, email_text
from brandkit.announce.senders import base
from brandkit.announce.senders.http import HttpClient, create_once, json_body
from brandkit.config import options as o
from brandkit.hookspecs import hookimpl
from brandkit.http import Response
from brandkit.secrets import SecretEnv

STARTED = ("running", "scheduled", "finished", "paused")


class ListmonkOptions(o.Schema):
    url = o.Text()
    """Base URL of your listmonk, e.g. https://lists.example.com"""
    username = o.Text()
    """The API user (Admin -> Users -> API user)."""
    token_env = o.Text("LISTMONK_API_TOKEN")
    """The environment variable holding that user's API token."""
    lists = o.ListOf(o.Whole())
    """Ids of the lists the campaign goes to."""
    send = o.Flag(False)
    """false: leave a draft campaign to review; true: start it at once."""
    template_id = o.Optional(o.Whole())
    from_email = o.Optional(o.Text())
    timeout = o.Number(30)


class ListmonkSender(base.Sender):
    type = "listmonk"
    description = (
        "listmonk's campaigns API: a draft campaign per post (or started with send: true)."
    )
    Options = ListmonkOptions
    can_reconcile = True
    key_length = 24
    secrets = (
        SecretEnv(
            "LISTMONK_API_TOKEN",
            "API token",
            "create an API user in listmonk (Admin -> Users) and copy its token",
            option="token_env",
        ),
    )

    def api(self, path: str) -> str:
        return str(self.options.url).rstrip("/") + "/api/" + path

    def client(self) -> HttpClient:
        return HttpClient(
            "listmonk",
            timeout=float(self.options.timeout),
            auth_hint=f"check `username` in mkdocs.yml and the API token in "
            f"${self.options.token_env} (listmonk: Admin -> Users)",
        )

    def headers(self, token: str) -> dict[str, str]:
        return {
            "Authorization": f"token {self.options.username}:{token}",
            "Content-Type": "application/json",
        }

    def campaign(self, a: Announcement) -> dict[str, Any]:
        body: dict[str, Any] = {
            "name": f"{a.site_name}: {a.title}",
            "subject": a.title,
            "lists": list(self.options.lists),
            "type": "regular",
            "content_type": "html",
            "body": email_html(a),
            "altbody": email_text(a),
            "messenger": "email",
            "tags": ["brandkit", self.key(a)],
        }
        if self.options.template_id is not None:
            body["template_id"] = self.options.template_id
        if self.options.from_email:
            body["from_email"] = self.options.from_email
        return body

    def check(self) -> None:
        self.secret(self.options.token_env, "token_env")

    def steps(self, announcement: Announcement) -> list[base.Step]:
        steps = [base.Step("create", "create draft campaign")]
        if self.options.send:
            steps.append(base.Step("start", "start the campaign (send to the lists)"))
        return steps

    def run(
        self, step: base.Step, announcement: Announcement, context: base.SendContext
    ) -> base.StepResult:
        token = self.secret(self.options.token_env, "token_env")
        if step.key == "start":
            campaign_id = context.done.get("create", {}).get("remote_id")
            if not campaign_id:
                raise base.DeliveryError(
                    "the campaign was not created; nothing to start", certain=True
                )
            self.client().request(
                "PUT",
                self.api(f"campaigns/{campaign_id}/status"),
                headers=self.headers(token),
                payload=json.dumps({"status": "running"}).encode(),
                idempotent=True,  # setting the same status twice is harmless
            )
            return base.StepResult(campaign_id, f"campaign {campaign_id} running")
        payload = json.dumps(self.campaign(announcement)).encode()

        def create() -> Response:
            return self.client().request(
                "POST", self.api("campaigns"), headers=self.headers(token), payload=payload
            )

        return _result(
            create_once(
                create,
                lambda: self._find(announcement, token),
                lambda data: data.get("data") if isinstance(data, dict) else None,
            )
        )

    def reconcile(
        self, step: base.Step, announcement: Announcement, record: Mapping[str, Any]
    ) -> tuple[base.Reconciled, base.StepResult | None]:
        token = self.secret(self.options.token_env, "token_env")
        found = self._find(announcement, token)
        if step.key == "create":
            return base.reconciled(None if found is None else _result(found))
        if found is None:
            return base.Reconciled.NOT_DONE, None
        if found.get("status") in STARTED:
            return base.Reconciled.DONE, base.StepResult(
                str(found["id"]), f"campaign {found['id']} running"
            )
        return base.Reconciled.NOT_DONE, None

    def _find(self, a: Announcement, token: str) -> dict[str, Any] | None:
        client = self.client()
        page = 1
        while page <= 50:
            query = urlencode({"query": a.title, "page": page, "per_page": 100})
            response = client.request(
                "GET", self.api(f"campaigns?{query}"), headers=self.headers(token), writes=False
            )
            data = json_body(response)
            results = ((data or {}).get("data") or {}).get("results") or []
            for campaign in results:
                if self.key(a) in (campaign.get("tags") or []):
                    return campaign  # type: ignore[no-any-return]
            total = int(((data or {}).get("data") or {}).get("total") or 0)
            if page * 100 >= total or not results:
                return None
            page += 1
        return None

    def preview(self, announcement: Announcement) -> dict[str, bytes]:
        headers = self.headers("***")
        headers["Authorization"] = f"token {self.options.username}:${self.options.token_env}"
        requests = [
            {
                "method": "POST",
                "url": self.api("campaigns"),
                "headers": headers,
                "json": self.campaign(announcement),
            }
        ]
        if self.options.send:
            requests.append(
                {
                    "method": "PUT",
                    "url": self.api("campaigns/<id>/status"),
                    "headers": headers,
                    "json": {"status": "running"},
                }
            )
        return {"requests.json": base.preview_json(requests)}


def _result(campaign: Any) -> base.StepResult:
    if not isinstance(campaign, dict) or "id" not in campaign:
        raise base.DeliveryError("listmonk's answer has no campaign id", certain=False)
    cid = str(campaign["id"])
    return base.StepResult(cid, f"campaign {cid} ({campaign.get('status', '?')})")


@hookimpl
def brandkit_senders() -> list[type[base.Sender]]:
    return [ListmonkSender]

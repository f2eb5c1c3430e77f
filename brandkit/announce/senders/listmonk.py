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
from brandkit.announce.senders.base import (
    DeliveryError,
    Reconciled,
    SendContext,
    Sender,
    Step,
    StepResult,
)
from brandkit.announce.senders.http import HttpClient, json_body
from brandkit.config import options as o
from brandkit.hookspecs import hookimpl
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


class ListmonkSender(Sender):
    type = "listmonk"
    description = (
        "listmonk's campaigns API: a draft campaign per post (or started with send: true)."
    )
    Options = ListmonkOptions
    can_reconcile = True
    secrets = (
        SecretEnv(
            "LISTMONK_API_TOKEN",
            "API token",
            "create an API user in listmonk (Admin -> Users) and copy its token",
            option="token_env",
        ),
    )

    def key(self, a: Announcement) -> str:
        return f"brandkit-{a.digest(self.name, 24)}"

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

    def steps(self, announcement: Announcement) -> list[Step]:
        steps = [Step("create", "create draft campaign")]
        if self.options.send:
            steps.append(Step("start", "start the campaign (send to the lists)"))
        return steps

    def run(self, step: Step, announcement: Announcement, context: SendContext) -> StepResult:
        token = self.secret(self.options.token_env, "token_env")
        if step.key == "start":
            campaign_id = context.done.get("create", {}).get("remote_id")
            if not campaign_id:
                raise DeliveryError("the campaign was not created; nothing to start", certain=True)
            self.client().request(
                "PUT",
                self.api(f"campaigns/{campaign_id}/status"),
                headers=self.headers(token),
                payload=json.dumps({"status": "running"}).encode(),
                idempotent=True,  # setting the same status twice is harmless
            )
            return StepResult(campaign_id, f"campaign {campaign_id} running")
        payload = json.dumps(self.campaign(announcement)).encode()
        for attempt in (1, 2):
            try:
                response = self.client().request(
                    "POST", self.api("campaigns"), headers=self.headers(token), payload=payload
                )
            except DeliveryError as exc:
                if exc.certain:
                    raise
                # Timeout or 5xx: listmonk may have created it. Ask before trying again.
                found = self._find(announcement, token)
                if found is not None:
                    return _result(found)
                if attempt == 2:
                    raise
                continue
            data = json_body(response)
            return _result(data.get("data") if isinstance(data, dict) else None)
        raise AssertionError("unreachable")

    def reconcile(
        self, step: Step, announcement: Announcement, record: Mapping[str, Any]
    ) -> tuple[Reconciled, StepResult | None]:
        token = self.secret(self.options.token_env, "token_env")
        found = self._find(announcement, token)
        if step.key == "create":
            return (
                (Reconciled.NOT_DONE, None) if found is None else (Reconciled.DONE, _result(found))
            )
        if found is None:
            return Reconciled.NOT_DONE, None
        if found.get("status") in STARTED:
            return Reconciled.DONE, StepResult(str(found["id"]), f"campaign {found['id']} running")
        return Reconciled.NOT_DONE, None

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
        return {"requests.json": json.dumps(requests, indent=2, ensure_ascii=False).encode()}


def _result(campaign: Any) -> StepResult:
    if not isinstance(campaign, dict) or "id" not in campaign:
        raise DeliveryError("listmonk's answer has no campaign id", certain=False)
    cid = str(campaign["id"])
    return StepResult(cid, f"campaign {cid} ({campaign.get('status', '?')})")


@hookimpl
def brandkit_senders() -> list[type[Sender]]:
    return [ListmonkSender]

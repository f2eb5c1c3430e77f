"""Webmentions, sending: for each new or updated post, tell every page it links to (W3C
Webmention, section 3.1).

Each (post, linked page) pair is a step of its own, recorded in the ledger under the page's URL and
a version of the post (its update date and its set of links), so a pair goes out once per version:
never twice for the same post, again after the post changed (to the pages it links now and to
those it linked before, so they can update or drop the mention). Endpoints are discovered before
the first send, concurrently (`concurrency` at a time, each request bounded by `timeout`); a page
without an endpoint is recorded as such. A run that died between a send and its record sends that
one pair again: the spec makes a receiver treat a repeated pair as an update, not a new mention.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode

from brandkit.announce.channels import discovery
from brandkit.announce.compose import Announcement
from brandkit.announce.senders import base
from brandkit.announce.senders.http import HttpClient
from brandkit.config import options as o
from brandkit.hookspecs import hookimpl
from brandkit.http import RetryPolicy

NO_ENDPOINT = "no webmention endpoint"


class WebmentionOptions(o.Schema):
    timeout = o.Number(10)
    """Seconds for each discovery or send request."""
    concurrency = o.Whole(4, minimum=1)
    """Pages whose endpoint is discovered at once."""
    allow_private = o.Flag(False)
    """Also notify localhost and private addresses (links to them are usually examples)."""
    skip = o.ListOf(o.Text(), default=[])
    """Hosts never notified, e.g. [github.com]."""


class WebmentionChannel(base.Sender):
    type = "webmention"
    description = "A webmention to every page a new or updated post links to."
    Options = WebmentionOptions
    can_reconcile = True
    kind = "announce"
    revisits = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # target -> its endpoint, None (it has none) or the error that kept us from asking
        self._endpoints: dict[str, str | base.DeliveryError | None] = {}

    def client(self) -> HttpClient:
        return HttpClient(
            "the webmention endpoint",
            timeout=float(self.options.timeout),
            auth_hint="the receiver refused it; nothing to fix on this side",
            policy=RetryPolicy(attempts=2, max_wait=30.0),
        )

    def targets(self, a: Announcement) -> list[str]:
        skip = {h.lower() for h in self.options.skip}
        return [
            url
            for url in a.links
            if (self.options.allow_private or not discovery.is_private(url))
            and (url.split("/")[2].split(":")[0].lower() not in skip)
        ]

    def version(self, announcement: Announcement) -> str:
        when = (announcement.updated or announcement.date).isoformat()
        text = "\n".join([when, *sorted(self.targets(announcement))])
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def steps(self, announcement: Announcement) -> list[base.Step]:
        return self.steps_for(announcement, {})

    def steps_for(
        self, announcement: Announcement, records: Mapping[str, Mapping[str, Any]]
    ) -> list[base.Step]:
        version = self.version(announcement)
        current = self.targets(announcement)
        earlier = [key.split(" ", 1)[1] for key in records if " " in key]
        targets = list(dict.fromkeys([*current, *earlier]))  # old links too: they may drop it
        return [
            base.Step(f"{version} {target}", f"webmention to {target}", independent=True)
            for target in targets
        ]

    def prepare(self, announcements: list[Announcement]) -> None:
        wanted = sorted({t for a in announcements for t in self.targets(a)} - set(self._endpoints))
        with ThreadPoolExecutor(max_workers=int(self.options.concurrency)) as pool:
            for target, found in zip(wanted, pool.map(self._discover, wanted), strict=True):
                self._endpoints[target] = found

    def _discover(self, target: str) -> str | base.DeliveryError | None:
        try:
            answer = self.client().request(
                "GET", target, headers={"Accept": "text/html, */*;q=0.5"}, writes=False
            )
        except base.DeliveryError as exc:
            if "rejected the request (4" in str(exc):
                return None  # the page is gone or refuses us: nothing to notify
            return base.DeliveryError(
                f"could not read {target} to find its endpoint: {exc}", certain=True
            )
        markup = answer.text if "html" in answer.headers.get("content-type", "html") else ""
        return discovery.endpoint(answer.url or target, answer.headers.get("link"), markup)

    def run(
        self, step: base.Step, announcement: Announcement, context: base.SendContext
    ) -> base.StepResult:
        target = step.key.split(" ", 1)[1]
        if target not in self._endpoints:
            self._endpoints[target] = self._discover(target)
        endpoint = self._endpoints[target]
        if isinstance(endpoint, base.DeliveryError):
            raise endpoint  # surely not sent: tried again on the next run
        if endpoint is None:
            return base.StepResult(None, NO_ENDPOINT)
        response = self.client().request(
            "POST",
            endpoint,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            payload=urlencode({"source": announcement.url, "target": target}).encode(),
            idempotent=True,  # a repeated pair is an update for the receiver, never a duplicate
        )
        where = response.headers.get("location")
        return base.StepResult(
            where, f"accepted ({response.status})" + (f", {where}" if where else "")
        )

    def reconcile(
        self, step: base.Step, announcement: Announcement, record: Mapping[str, Any]
    ) -> tuple[base.Reconciled, base.StepResult | None]:
        # No receiver can be asked; sending the pair again is safe by the spec (an update).
        return base.Reconciled.NOT_DONE, None

    def preview(self, announcement: Announcement) -> dict[str, bytes]:
        planned = [
            {
                "target": target,
                "endpoint": _shown(self._endpoints.get(target, "<discovered when sending>")),
                "method": "POST",
                "body": urlencode({"source": announcement.url, "target": target}),
            }
            for target in self.targets(announcement)
        ]
        return {"webmentions.json": base.preview_json(planned)}


def _shown(endpoint: str | base.DeliveryError | None) -> str | None:
    return f"<{endpoint}>" if isinstance(endpoint, base.DeliveryError) else endpoint


@hookimpl
def brandkit_senders() -> list[type[base.Sender]]:
    return [WebmentionChannel]

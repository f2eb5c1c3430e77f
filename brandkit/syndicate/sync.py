"""Create or update the copies of published posts on one service, recorded in the state file.

For each post the ledger (`syndication.<service>.<post id>` in .brandkit/state.json) holds the
remote id, URL and a digest of what was sent. A post whose digest is unchanged is skipped; a
changed one updates its copy. Before anything is created the service is searched for a copy with
the same canonical URL, or with any address the post had before (its `redirect_from`, and the
old addresses on another host that `brandkit import` recorded under `moved`), so neither a lost
state file nor a move from another blog leads to duplicates; an intent is saved before each
creation so a crash in the middle is reconciled on the next run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from brandkit import redirects
from brandkit.content.models import Post, Settings
from brandkit.errors import BrandkitError
from brandkit.state import SYNDICATION, State
from brandkit.syndicate.base import Copy, DuplicateCanonical, Payload, Remote, RemoteGone, Service
from brandkit.syndicate.body import absolute_asset, absolute_markdown

log = logging.getLogger(__name__)

SECTION = SYNDICATION


@dataclass(frozen=True)
class Planned:
    post: Post
    copy: Copy
    payload: Payload
    # "create" (after a search by canonical URL), "reconcile" (a create a stopped run may have
    # made: the same search, then create), "update" or "unchanged"
    action: str
    remote_id: str | None = None
    former: tuple[str, ...] = ()  # the post's old canonical URLs: copies may still point there


@dataclass
class Outcome:
    title: str
    action: str  # created, updated, adopted, unchanged
    url: str
    notes: list[str] = field(default_factory=list)


def wants_syndication(post: Post, now: datetime) -> bool:
    """Published (not a draft, not in the future) and not opted out with `syndicate: false`."""
    return post.is_published(now) and post.extra.get("syndicate", True) is not False


def make_copy(post: Post, site_url: str, md_urls: Mapping[str, str]) -> Copy:
    canonical = post.canonical_url or urljoin(site_url, post.url)
    return Copy(
        post_id=post.id,
        title=post.title,
        description=post.description,
        markdown=absolute_markdown(post.body, post, site_url, md_urls).strip() + "\n",
        tags=post.tags,
        series=post.series,
        cover_url=absolute_asset(post.cover, site_url),
        canonical_url=canonical,
        date=post.date,
    )


def former_urls(post: Post, settings: Settings | None, moved: Mapping[str, Any]) -> tuple[str, ...]:
    """Every absolute address the post had before: its `redirect_from` on this site and the
    addresses on another host recorded by `brandkit import` (state section `moved`)."""
    found: list[str] = []
    if settings is not None and settings.site_url:
        for entry in redirects.entries(post):
            path = redirects.old_path(entry, post, settings)
            if path is not None:
                found.append(urljoin(settings.site_url, path.lstrip("/")))
    recorded = moved.get(post.id)
    if isinstance(recorded, list):
        found += [str(url) for url in recorded]
    return tuple(dict.fromkeys(found))


def plan(
    posts: Iterable[Post],
    service: Service,
    ledger: Mapping[str, Any],
    site_url: str,
    md_urls: Mapping[str, str],
    now: datetime,
    *,
    settings: Settings | None = None,
    moved: Mapping[str, Any] | None = None,
) -> list[Planned]:
    """What one run would do, oldest post first, without touching the network. With `settings`
    (and the state's `moved` section), copies are also looked for at the posts' old addresses."""
    result: list[Planned] = []
    chosen = sorted((p for p in posts if wants_syndication(p, now)), key=lambda p: p.date)
    for post in chosen:
        copy = make_copy(post, site_url, md_urls)
        payload = service.payload(copy)
        former = former_urls(post, settings, moved or {})
        record = ledger.get(post.id)
        record = record if isinstance(record, dict) else {}
        remote_id = record.get("remote_id")
        if record.get("status") == "done" and remote_id and record.get("digest") == payload.digest:
            result.append(Planned(post, copy, payload, "unchanged", str(remote_id), former))
        elif record.get("status") == "done" and remote_id:
            result.append(Planned(post, copy, payload, "update", str(remote_id), former))
        elif record.get("status") == "pending":
            result.append(Planned(post, copy, payload, "reconcile", None, former))
        else:
            result.append(Planned(post, copy, payload, "create", None, former))
    return result


def left_behind(wanted: Iterable[str], ledger: Mapping[str, Any]) -> list[str]:
    """URLs of the copies recorded for posts other than the `wanted` ids: posts since deleted,
    made drafts or opted out with `syndicate: false`. brandkit never deletes a copy."""
    keep = set(wanted)
    return [
        str(record.get("url") or record.get("canonical_url"))
        for post_id, record in ledger.items()
        if post_id not in keep and isinstance(record, dict) and record.get("status") == "done"
    ]


def execute(
    planned: list[Planned],
    service: Service,
    state: State,
    report: Callable[[Outcome], None],
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> list[Outcome]:
    """Carry out a plan, saving the state after every call to the service."""
    ledger = state.section(SECTION).setdefault(service.name, {})
    outcomes: list[Outcome] = []
    for item in planned:
        if item.action == "unchanged":
            continue
        notes = list(item.payload.notes)
        remote: Remote | None = None
        action = "updated"
        if item.action == "update" and item.remote_id:
            try:
                remote = service.update(item.remote_id, item.copy, item.payload)
            except RemoteGone:
                log.warning(
                    "%s: the copy of %r (id %s) is gone; looking for another before creating",
                    service.label,
                    item.post.title,
                    item.remote_id,
                )
        if remote is None:
            ledger[item.post.id] = {
                "status": "pending",
                "canonical_url": item.copy.canonical_url,
                "started": clock().isoformat(),
            }
            state.save()
            remote, action = _create_once(service, item)
        ledger[item.post.id] = {
            "status": "done",
            "remote_id": remote.id,
            "url": remote.url,
            "canonical_url": item.copy.canonical_url,
            "digest": item.payload.digest,
            "synced": clock().isoformat(),
        }
        state.save()
        outcome = Outcome(item.post.title, action, remote.url, notes + list(remote.notes))
        outcomes.append(outcome)
        report(outcome)
    return outcomes


def _create_once(service: Service, item: Planned) -> tuple[Remote, str]:
    for url in (item.copy.canonical_url, *item.former):
        existing = service.find(url)
        if existing is not None:
            # A copy made before the move points at an old address: it becomes this post's copy
            # (and its canonical URL the new one), never a second copy.
            return service.update(existing.id, item.copy, item.payload), "adopted"
    try:
        return service.create(item.copy, item.payload), "created"
    except DuplicateCanonical:
        # Someone (or an earlier crashed run) created it since we listed: adopt that copy.
        existing = service.find(item.copy.canonical_url, refresh=True)
        if existing is None:
            raise BrandkitError(
                f"{service.label} says a post with canonical URL {item.copy.canonical_url} "
                "already exists but it is not among your posts there; remove it on "
                f"{service.label} (or change the post's canonical_url) and run again."
            ) from None
        return service.update(existing.id, item.copy, item.payload), "adopted"

"""Put imported posts into the site: new files only, images copied, old addresses recorded as
`redirect_from` (the build writes the redirect pages), the old feed's ids kept, and dev.to or
Hashnode copies recorded in the state ledger.

`plan` decides everything and `write` only carries the plan out, so `--dry-run` (which prints
the plan without writing) reports exactly what the real run does.
"""

from __future__ import annotations

import posixpath
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from brandkit import redirects
from brandkit.content.fields import DATE_PREFIX_RE
from brandkit.content.models import Settings
from brandkit.content.posts import RESERVED_SEGMENTS, TAG_URI_RE, URI_RE, post_url
from brandkit.content.write import existing_slugs, front_matter
from brandkit.files import write_new_file
from brandkit.importers.model import Batch, Imported, Problem, RemoteCopy
from brandkit.state import MOVED, STATE_PATH, locked_state, record_existing_copy

# Hosts of blogging platforms: old addresses there cannot be redirected by anyone but them.
PLATFORM_HOSTS = (
    "medium.com",
    "substack.com",
    "ghost.io",
    "wordpress.com",
    "blogspot.com",
    "dev.to",
)  # state section: post id -> its old absolute URLs (for `syndicate`)


@dataclass
class Planned:
    post: Imported
    rel: str  # docs-relative path of the post file
    post_id: str
    redirect_from: list[str]  # old addresses on this site
    elsewhere: list[str]  # old absolute URLs on another host (recorded, not redirected)
    text: str = ""


@dataclass
class Plan:
    posts: list[Planned] = field(default_factory=list)
    assets: list[tuple[str, bytes]] = field(default_factory=list)  # (docs path, content)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def redirects(self) -> list[tuple[str, str]]:
        return [(old, p.post.slug) for p in self.posts for old in p.redirect_from]

    @property
    def copies(self) -> list[tuple[Planned, RemoteCopy]]:
        return [(p, c) for p in self.posts for c in p.post.copies]


def plan(
    batch: Batch, docs_dir: Path, settings: Settings, existing_ids: set[str] | None = None
) -> Plan:
    result = Plan(problems=list(batch.problems), notes=list(batch.notes))
    posts_dir = settings.posts_dir
    taken = existing_slugs(docs_dir / posts_dir)
    ids = set(existing_ids or ())
    pages = redirects.docs_files(docs_dir, [])
    blog = settings.blog_url
    pages[f"{blog}index.html"] = "brandkit's blog index"
    claimed: dict[str, str] = {}
    elsewhere_hosts: dict[str, int] = {}
    for post in sorted(batch.posts, key=lambda p: (p.date, p.slug)):
        rel = posixpath.join(posts_dir, f"{post.slug}.md") if posts_dir else f"{post.slug}.md"
        if post.slug in RESERVED_SEGMENTS:
            result.problems.append(
                Problem(
                    post.origin,
                    0,
                    f"slug {post.slug!r} is reserved by brandkit; skipped (rename it and import "
                    "again)",
                )
            )
            continue
        if post.slug in taken or (docs_dir / rel).exists():
            result.problems.append(
                Problem(
                    post.origin,
                    0,
                    f"a post with slug {post.slug!r} already exists ({rel}); not overwritten, "
                    "skipped",
                )
            )
            continue
        taken.add(post.slug)
        new_url = post_url(settings, post.slug, post.date)
        here, away = _addresses(post, new_url, settings, pages, claimed, result.problems)
        for url in away:
            host = url.split("/")[2]
            elsewhere_hosts[host] = elsewhere_hosts.get(host, 0) + 1
        post_id = _keep_id(post, ids, result.problems)
        ids.add(post_id)
        planned = Planned(post, rel, post_id, here, away)
        planned.text = post_file_text(planned)
        result.posts.append(planned)
        for asset in post.assets:
            _plan_asset(asset.dest, asset.read(), docs_dir, post, result)
    for host, number in sorted(elsewhere_hosts.items()):
        where = f"{number} old {'URL is' if number == 1 else 'URLs are'} on {host}"
        if host.endswith(PLATFORM_HOSTS):
            advice = "the old copies stay there (the platform does not redirect)"
        else:
            advice = (
                f"not on this site ({settings.site_url or 'no site_url set'}): keep that host "
                "redirecting to the new addresses, or set site_url to it"
            )
        result.notes.append(
            f"{where}: {advice}. They are recorded, so `brandkit syndicate` still finds copies "
            "that point there."
        )
    return result


def _addresses(
    post: Imported,
    new_url: str,
    settings: Settings,
    pages: dict[str, str],
    claimed: dict[str, str],
    problems: list[Problem],
) -> tuple[list[str], list[str]]:
    """The post's old addresses on this site (for `redirect_from`) and on other hosts."""
    here: list[str] = []
    away: list[str] = []
    for old in post.old_urls:
        absolute = old.startswith(("http://", "https://"))
        path = _site_path(old, settings)
        if path is None:
            if absolute and old not in away:
                away.append(old)
            continue
        if absolute and settings.site_url is None and old not in away:
            away.append(old)
        if path.strip("/") == new_url.strip("/"):
            continue  # the same address on the new site: nothing to redirect
        dest = redirects.redirect_file(path)
        if dest is None:
            problems.append(
                Problem(
                    post.origin,
                    0,
                    f"old URL {old} would 404: a static site cannot serve it; set up that "
                    "redirect at your host",
                )
            )
            continue
        segment = dest[len(settings.blog_url) :].split("/", 1)[0]
        if dest.startswith(settings.blog_url) and segment in RESERVED_SEGMENTS:
            owner: str | None = "brandkit's blog pages"
        else:
            owner = pages.get(dest) or claimed.get(dest)
        if owner is not None and owner != post.origin:
            problems.append(
                Problem(post.origin, 0, f"old URL {old} is the address of {owner}; not redirected")
            )
            continue
        claimed[dest] = post.origin
        if path not in here:
            here.append(path)
    return here, away


def _site_path(old: str, settings: Settings) -> str | None:
    """`old` as a path of this site, or None when it is on another host."""
    if not old.startswith(("http://", "https://")):
        return "/" + old.lstrip("/")
    return redirects.site_path(old, settings.site_url)


def _keep_id(post: Imported, ids: set[str], problems: list[Problem]) -> str:
    """The id the old feed gave the post when it is a URI nobody else has; else a new one."""
    old = (post.feed_id or "").strip()
    if old and (URI_RE.match(old) or TAG_URI_RE.match(old)) and old not in ids:
        return old
    if old and old in ids:
        problems.append(
            Problem(post.origin, 0, f"the old feed id {old} is taken by another post; new id")
        )
    return f"urn:uuid:{uuid.uuid4()}"


def _plan_asset(dest: str, data: bytes, docs_dir: Path, post: Imported, result: Plan) -> None:
    target = docs_dir / dest
    if any(d == dest for d, _ in result.assets):
        return
    if target.exists():
        if not target.is_file() or target.read_bytes() != data:
            result.problems.append(
                Problem(
                    post.origin,
                    0,
                    f"{dest} exists with other content; kept it, the post links to the "
                    "existing file",
                )
            )
        return
    result.assets.append((dest, data))


def post_file_text(planned: Planned) -> str:
    post = planned.post
    meta: dict[str, Any] = {"id": planned.post_id, "title": post.title, "date": post.date}
    if post.updated and post.updated > post.date:
        meta["updated"] = post.updated
    if post.description:
        meta["description"] = post.description
    meta["tags"] = list(post.tags)
    if post.series:
        meta["series"] = post.series
        if post.series_order is not None:
            meta["series_order"] = post.series_order
    if DATE_PREFIX_RE.match(post.slug):
        meta["slug"] = post.slug  # the loader would strip a date-like prefix from the file name
    if post.draft:
        meta["draft"] = True
    if post.cover:
        meta["cover"] = post.cover
    if post.canonical_url:
        meta["canonical_url"] = post.canonical_url
    if planned.redirect_from:
        meta["redirect_from"] = list(planned.redirect_from)
    if post.extra:
        meta["extra"] = dict(post.extra)
    return front_matter(meta) + "\n" + post.body.strip() + "\n"


def write(result: Plan, docs_dir: Path, root: Path, now: Callable[[], datetime]) -> list[Problem]:
    """Carry out `result`: assets first, each post file last (a stopped run leaves no post
    without its images, and the next run finishes it), then the ledger records."""
    late: list[Problem] = []
    for dest, data in result.assets:
        write_new_file(docs_dir / dest, data)
    written: list[Planned] = []
    for planned in result.posts:
        if write_new_file(docs_dir / planned.rel, planned.text):
            written.append(planned)
        else:
            late.append(
                Problem(planned.post.origin, 0, f"{planned.rel} appeared meanwhile; skipped")
            )
    _record(written, root, now)
    return late


def _record(written: list[Planned], root: Path, now: Callable[[], datetime]) -> None:
    """Copies on dev.to/Hashnode and old addresses elsewhere, in .brandkit/state.json, so that
    `brandkit syndicate` updates those copies instead of posting the posts again."""
    if not any(p.post.copies or p.elsewhere for p in written):
        return
    with locked_state(root / STATE_PATH) as state:
        moved = state.section(MOVED)
        for planned in written:
            if planned.elsewhere:
                moved[planned.post_id] = list(planned.elsewhere)
            for copy in planned.post.copies:
                record_existing_copy(
                    state, copy.service, planned.post_id, copy.remote_id, copy.url, now()
                )
        state.save()

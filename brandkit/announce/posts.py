"""Which posts can be announced, and their announcements, from a loaded project.

This is the adapter between the project (posts, renderer, built site) and the pure newsletter
core: only posts that are published (not drafts, not in the future) and present in the built site
(`site/<post.url>index.html`) are announced, with every link made absolute.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from brandkit.announce.compose import Announcement
from brandkit.announce.links import outgoing_links
from brandkit.cards import CardSpec
from brandkit.content.links import absolutize, post_absolute_url, resolve_links, source_to_url
from brandkit.content.models import Post
from brandkit.errors import BrandkitError
from brandkit.listings import published

if TYPE_CHECKING:
    from brandkit.project import Project


@dataclass
class Candidates:
    announcements: list[Announcement] = field(default_factory=list)
    not_built: list[Post] = field(default_factory=list)  # published, missing from site/


def collect(
    project: Project,
    posts: list[Post],
    now: datetime,
    card_for: Callable[[Post], CardSpec] | None = None,
) -> Candidates:
    """`card_for`: the spec of a post's social card (from the adapter), for channels that
    upload it."""
    from brandkit.render.markdown import Renderer

    settings = project.settings
    if not settings.site_url:
        raise BrandkitError(
            "mkdocs.yml: site_url is required to announce posts (emails need absolute links); "
            "set `site_url: https://your.domain/`."
        )
    site_dir = (
        project.site_dir if project.site_dir.is_absolute() else project.root / project.site_dir
    )
    if not site_dir.is_dir():
        raise BrandkitError(
            f"{project.relative(site_dir)}/: no built site; run `brandkit build` first (only posts "
            "present in the built site are announced)."
        )
    visible = published(posts, now)
    md_urls = _page_urls(project.docs_dir, {p.source for p in posts})
    md_urls.update({p.source: p.url for p in visible})
    renderer = Renderer.for_project(project)
    nl = project.config.newsletter
    author = settings.default_author.name if settings.default_author else None
    out = Candidates()
    for post in visible:
        # `newsletter: false` keeps a post out of email, `announce: false` out of the social
        # channels and webmentions; the engine skips each (post, sender) by the sender's kind.
        opt_out = frozenset(
            kind for kind in ("newsletter", "announce") if post.extra.get(kind) is False
        )
        if not (site_dir / post.url / "index.html").is_file():
            out.not_built.append(post)
            continue
        rendered = renderer.render(post)
        url = post_absolute_url(settings, post)
        page_html = resolve_links(rendered.html, post.source, post.url, md_urls)
        out.announcements.append(
            Announcement.from_post(
                post,
                url=url,
                summary=rendered.summary,
                html_body=absolutize(page_html, url),
                site_name=settings.site_name,
                site_url=settings.site_url,
                author=author,
                unsubscribe_url=nl.unsubscribe_url,
                unsubscribe_mailto=nl.unsubscribe_mailto,
                source=project.relative(project.docs_dir / post.source),
                language=settings.language,
                opt_out=opt_out,
                links=tuple(outgoing_links(page_html, url)),
                card=card_for(post) if card_for else None,
            )
        )
    return out


def _page_urls(docs_dir: Path, post_sources: set[str]) -> dict[str, str]:
    urls: dict[str, str] = {}
    if docs_dir.is_dir():
        for path in docs_dir.rglob("*.md"):
            source = path.relative_to(docs_dir).as_posix()
            if source not in post_sources:
                urls[source] = source_to_url(source)
    return urls

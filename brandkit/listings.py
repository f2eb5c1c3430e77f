"""Blog listings as pure functions of the posts: index pages, tags, archive by year, series.

Everything here is computed from models already in memory, with dicts keyed by slug or year, so
the cost grows linearly with the number of posts; nothing is rendered again.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from brandkit.content.fields import tag_slug
from brandkit.content.models import Post, Settings


@dataclass(frozen=True)
class IndexPage:
    number: int
    total: int
    url: str
    posts: tuple[Post, ...]
    newer_url: str | None
    older_url: str | None


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str
    url: str
    posts: tuple[Post, ...]  # newest first


@dataclass(frozen=True)
class Series:
    name: str
    slug: str
    url: str
    posts: tuple[Post, ...]  # reading order: oldest first


@dataclass(frozen=True)
class Year:
    year: int
    url: str
    posts: tuple[Post, ...]  # newest first


@dataclass(frozen=True)
class Blog:
    settings: Settings
    posts: tuple[Post, ...]  # visible posts, newest first
    index_pages: tuple[IndexPage, ...]
    tags: tuple[Tag, ...]  # by name
    series: tuple[Series, ...]  # by name
    years: tuple[Year, ...]  # newest first
    _position: dict[str, int]
    _tag_by_name: dict[str, Tag]
    _series_by_name: dict[str, Series]
    _related: dict[tuple[str, int], list[Post]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def url(self) -> str:
        return self.settings.blog_url

    @property
    def tags_url(self) -> str:
        return f"{self.settings.blog_url}tags/"

    @property
    def archive_url(self) -> str:
        return f"{self.settings.blog_url}archive/"

    def newer(self, post: Post) -> Post | None:
        i = self._position[post.source]
        return self.posts[i - 1] if i > 0 else None

    def older(self, post: Post) -> Post | None:
        i = self._position[post.source]
        return self.posts[i + 1] if i + 1 < len(self.posts) else None

    def tags_of(self, post: Post) -> list[Tag]:
        return [self._tag_by_name[tag_slug(t)] for t in post.tags]

    def series_of(self, post: Post) -> Series | None:
        return self._series_by_name.get(post.series) if post.series else None

    def related(self, post: Post, limit: int = 3) -> list[Post]:
        """Up to `limit` other posts sharing the most tags with `post`; the newer wins a tie.
        (Kept per post: the page and its fingerprint both ask.)"""
        key = (post.source, limit)
        found = self._related.get(key)
        if found is None:
            shared: Counter[str] = Counter()
            for tag in self.tags_of(post):
                shared.update(p.source for p in tag.posts if p.source != post.source)
            best = heapq.nsmallest(limit, shared, key=lambda s: (-shared[s], self._position[s]))
            found = self._related[key] = [self.posts[self._position[s]] for s in best]
        return found


def sort_newest_first(posts: Iterable[Post]) -> list[Post]:
    # The slug breaks ties so two posts with the same date always list in the same order.
    return sorted(posts, key=lambda p: (p.date, p.slug), reverse=True)


def published(posts: Iterable[Post], now: datetime) -> list[Post]:
    """Posts a reader may see at `now`: not drafts, not scheduled for later; newest first."""
    return sort_newest_first(p for p in posts if p.is_published(now))


def paginate(posts: Sequence[Post], per_page: int, base_url: str) -> tuple[IndexPage, ...]:
    total = max(1, -(-len(posts) // per_page))

    def url(n: int) -> str:
        return base_url if n == 1 else f"{base_url}page/{n}/"

    return tuple(
        IndexPage(
            number=n,
            total=total,
            url=url(n),
            posts=tuple(posts[(n - 1) * per_page : n * per_page]),
            newer_url=url(n - 1) if n > 1 else None,
            older_url=url(n + 1) if n < total else None,
        )
        for n in range(1, total + 1)
    )


def build_blog(posts: Iterable[Post], settings: Settings) -> Blog:
    """All listings for the given (already filtered) posts."""
    ordered = tuple(sort_newest_first(posts))
    blog = settings.blog_url

    by_tag: dict[str, list[Post]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    by_series: dict[str, list[Post]] = defaultdict(list)
    by_year: dict[int, list[Post]] = defaultdict(list)
    for post in ordered:
        for name in post.tags:
            slug = tag_slug(name)
            by_tag[slug].append(post)
            spellings[slug][name] += 1
        if post.series:
            by_series[post.series].append(post)
        by_year[post.date.year].append(post)

    tags = tuple(
        sorted(
            (
                Tag(
                    name=_preferred(spellings[slug]),
                    slug=slug,
                    url=f"{blog}tags/{slug}/",
                    posts=tuple(tagged),
                )
                for slug, tagged in by_tag.items()
            ),
            key=lambda t: (t.name.casefold(), t.slug),
        )
    )
    series = tuple(
        Series(
            name=name,
            slug=tag_slug(name),
            url=f"{blog}series/{tag_slug(name)}/",
            posts=tuple(sorted(reversed(members), key=_series_position)),
        )
        for name, members in sorted(by_series.items(), key=lambda kv: kv[0].casefold())
    )
    years = tuple(
        Year(year=y, url=f"{blog}archive/{y}/", posts=tuple(by_year[y]))
        for y in sorted(by_year, reverse=True)
    )
    return Blog(
        settings=settings,
        posts=ordered,
        index_pages=paginate(ordered, settings.per_page, blog),
        tags=tags,
        series=series,
        years=years,
        _position={p.source: i for i, p in enumerate(ordered)},
        _tag_by_name={t.slug: t for t in tags},
        _series_by_name={s.name: s for s in series},
    )


def _series_position(post: Post) -> tuple[bool, int]:
    """Reading order: `series_order` where set (sorted is stable: then by date)."""
    return post.series_order is None, post.series_order or 0


def _preferred(counts: Counter[str]) -> str:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

"""Rendering the posts and drawing the social cards before MkDocs needs them, in worker processes
when there are enough of them (`render.pool`).

During `brandkit build` the workers are forked (no other thread runs then) and, on a cold build,
started as soon as the configuration is read, so they set up Markdown, Pygments and Pillow while
this process reads the posts; in a server they are spawned. Either way they end with this
process (`render.parent_watch`).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brandkit.cards import warm as cards_warm
from brandkit.content.models import Post
from brandkit.render.markdown import PARALLEL_MIN
from brandkit.render.markdown import warm as render_warm
from brandkit.render.pool import Pool, call_all
from brandkit.text import count

if TYPE_CHECKING:
    from brandkit.mkdocs.plugin import BrandkitPlugin


def many_posts(posts_dir: Path) -> bool:
    """Whether there are posts enough for worker processes to pay off, if none is rendered."""
    found = posts_dir.rglob("*.md")
    return sum(1 for _ in itertools.islice(found, PARALLEL_MIN)) >= PARALLEL_MIN


def worker_pool(plugin: BrandkitPlugin, posts_dir: Path | None) -> Pool:
    """Processes for rendering posts and drawing cards, each set up ahead of its first item."""
    renderer = plugin.renderer
    steps: list[Callable[[], None]] = [
        functools.partial(render_warm, renderer.extensions, renderer.extension_configs, posts_dir)
    ]
    if plugin.seo.card_cache is not None:
        steps.append(functools.partial(cards_warm, plugin.seo.card_style))
    return Pool(fork=plugin.forking, warm=functools.partial(call_all, steps))


def prepare(
    plugin: BrandkitPlugin,
    posts: list[Post],
    listing_titles: list[str],
    pool: Pool | None,
    feed_items: Sequence[Post] = (),
) -> None:
    """Render the posts not rendered yet and draw the missing social cards, together in worker
    processes when there are enough of them (`pool`, if started already, is closed after)."""
    renderer, card_cache = plugin.renderer, plugin.seo.card_cache
    misses = renderer.missing(posts)
    specs = plugin.seo.card_specs(posts, listing_titles)
    cards = card_cache.missing(specs) if card_cache is not None else []
    work = [f"rendering {count(len(misses), 'post')}"] if misses else []
    work += [f"drawing {count(len(cards), 'social card')}"] if cards else []
    if work:
        plugin.progress.stage(" and ".join(work))
    jobs: list[tuple[Any, Sequence[Any]]] = [renderer.job(misses)]
    # Feed items are rendered with the page-only options off (`Renderer.for_feeds`): a second
    # rendering of the posts some feed carries, done here by the workers too.
    feed_renderer = renderer.for_feeds()
    feed_misses = feed_renderer.missing(feed_items) if feed_renderer is not renderer else []
    if feed_misses:
        jobs.append(feed_renderer.job(feed_misses))
    if card_cache is not None:
        jobs.append(card_cache.job(cards))
    many = len(misses) + len(feed_misses) >= PARALLEL_MIN or len(cards) >= PARALLEL_MIN
    pool = pool or worker_pool(plugin, None)
    try:
        results = pool.run(jobs, parallel=many)
    finally:
        pool.close()
    renderer.accept(misses, results[0])
    if feed_misses:
        feed_renderer.accept(feed_misses, results[1])
    if card_cache is not None:
        card_cache.accept(cards)

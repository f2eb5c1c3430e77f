"""Markdown -> HTML, once per post, cached by a hash of everything that affects the output.

The cache key covers the post file's bytes, the Markdown extensions and their settings, and
brandkit's version, so an unchanged post is never rendered twice and a changed one always is.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brandkit import __version__
from brandkit.content.models import Post, Rendered

if TYPE_CHECKING:
    from brandkit.project import Project

_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
SUMMARY_CHARS = 240
# Below this many uncached posts, starting worker processes costs more than it saves.
PARALLEL_MIN = 64
MAX_WORKERS = 4
log = logging.getLogger("mkdocs.plugins.brandkit")


def _stable(obj: Any) -> Any:
    """A JSON-able stand-in for config values such as Material's `!!python/name` functions."""
    if callable(obj):
        return f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', repr(obj))}"
    return repr(obj)


class Renderer:
    def __init__(
        self,
        extensions: list[Any],
        extension_configs: dict[str, Any],
        cache_dir: Path | None = None,
        memory: dict[str, Rendered] | None = None,
    ) -> None:
        self.extensions = extensions
        # In-process results by key, kept by a long-running server between rebuilds.
        self.memory: dict[str, Rendered] = memory if memory is not None else {}
        self.extension_configs = extension_configs
        self.cache_dir = cache_dir
        self._md: Any = None
        config_blob = json.dumps(
            [
                __version__,
                [_stable(e) if not isinstance(e, str) else e for e in extensions],
                extension_configs,
            ],
            sort_keys=True,
            default=_stable,
        )
        self.salt = hashlib.sha256(config_blob.encode()).hexdigest()
        self.hits = 0
        self.misses = 0

    @classmethod
    def for_project(cls, project: Project) -> Renderer:
        cfg = project.mkdocs_config
        return cls(
            list(cfg["markdown_extensions"]),
            dict(cfg["mdx_configs"]),
            project.root / project.config.cache_dir,
        )

    def key(self, post: Post) -> str:
        return hashlib.sha256(f"{self.salt}:{post.source_hash}".encode()).hexdigest()

    def render(self, post: Post) -> Rendered:
        key = self.key(post)
        cached = self.memory.get(key) or self._load(key)
        if cached is not None:
            self.hits += 1
            self.memory[key] = cached
            return cached
        self.misses += 1
        rendered = self.render_uncached(post)
        self._store(key, rendered)
        self.memory[key] = rendered
        return rendered

    def render_all(self, posts: Iterable[Post]) -> dict[str, Rendered]:
        """Render many posts: cache hits first, then the misses, in parallel when it pays."""
        posts = list(posts)
        misses = [p for p in posts if self._cached(p) is None]
        if len(misses) < PARALLEL_MIN:
            return {post.source: self.render(post) for post in posts}
        for post, rendered in zip(misses, self._render_parallel(misses), strict=True):
            self.misses += 1
            self._store(self.key(post), rendered)
            self.memory[self.key(post)] = rendered
        self.hits += len(posts) - len(misses)
        return {post.source: self.memory[self.key(post)] for post in posts}

    def _cached(self, post: Post) -> Rendered | None:
        key = self.key(post)
        found = self.memory.get(key) or self._load(key)
        if found is not None:
            self.memory[key] = found
        return found

    def _render_parallel(self, posts: list[Post]) -> list[Rendered]:
        workers = min(len(os.sched_getaffinity(0)), MAX_WORKERS)
        if workers < 2:
            return [self.render_uncached(p) for p in posts]
        import concurrent.futures
        import multiprocessing

        # "spawn": the caller may be a threaded server (mkdocs serve), where fork is unsafe.
        context = multiprocessing.get_context("spawn")
        size = -(-len(posts) // (workers * 4))
        chunks = [posts[i : i + size] for i in range(0, len(posts), size)]
        try:
            with concurrent.futures.ProcessPoolExecutor(
                workers,
                mp_context=context,
                initializer=_init_worker,
                initargs=(self.extensions, self.extension_configs),
            ) as pool:
                results = list(pool.map(_render_chunk, chunks))
        except (OSError, RuntimeError, TypeError, AttributeError, ImportError) as exc:
            # Unpicklable extension settings or no process support: render here instead.
            log.debug("parallel rendering unavailable (%s); rendering serially", exc)
            return [self.render_uncached(p) for p in posts]
        return [rendered for chunk in results for rendered in chunk]

    def render_uncached(self, post: Post) -> Rendered:
        md = self._markdown()
        md.reset()
        html = md.convert(post.body)
        toc = list(getattr(md, "toc_tokens", []))
        from brandkit.search import sections

        return Rendered(
            html=html,
            toc=toc,
            words=len(post.body.split()),
            summary=post.description or first_paragraph_text(html),
            sections=sections(html),
        )

    def _markdown(self) -> Any:
        if self._md is None:
            import markdown

            self._md = markdown.Markdown(
                extensions=self.extensions, extension_configs=self.extension_configs
            )
        return self._md

    def _path(self, key: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / "render" / key[:2] / f"{key}.json"

    def _load(self, key: str) -> Rendered | None:
        path = self._path(key)
        if path is None:
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Rendered(**data)
        except (OSError, ValueError, TypeError):
            return None  # missing or damaged entry: render again

    def _store(self, key: str, rendered: Rendered) -> None:
        path = self._path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(asdict(rendered), fh)
        os.replace(tmp, path)


_worker: Renderer | None = None


def _init_worker(extensions: list[Any], extension_configs: dict[str, Any]) -> None:
    global _worker
    _worker = Renderer(extensions, extension_configs)


def _render_chunk(posts: list[Post]) -> list[Rendered]:
    assert _worker is not None
    return [_worker.render_uncached(p) for p in posts]


def first_paragraph_text(html: str) -> str:
    match = _FIRST_PARAGRAPH.search(html)
    if not match:
        return ""
    text = " ".join(htmllib.unescape(_TAGS.sub("", match.group(1))).split())
    if len(text) <= SUMMARY_CHARS:
        return text
    cut = text[:SUMMARY_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + "…"

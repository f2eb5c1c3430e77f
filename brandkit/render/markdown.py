"""Markdown -> HTML, once per post, cached by a hash of everything that affects the output.

The cache key covers the post file's bytes, the Markdown extensions and their settings,
brandkit's version, and the size and bytes of each content image the post shows, so an unchanged
post is never rendered twice and a changed one always is. The site's image catalog is not part of
the settings: a new or changed image renders again only the posts that show it, not all of them.
Each entry is one checksummed cache file (`brandkit.cache_file`: a line of JSON, then the HTML as it
is); besides, one index file holds the few facts listings need of every post (words, summary,
link targets), so a warm build reads a post's HTML only to render its page. A damaged entry is
rendered again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brandkit import __version__, cache_file
from brandkit.content.models import Post, Rendered, RenderInfo
from brandkit.render.extract import first_paragraph_text, md_links, sections
from brandkit.render.images import EXTENSION as IMAGES_EXTENSION
from brandkit.render.images import RASTER, content_image_path, set_source
from brandkit.render.md_settings import feed_configs, renderer_versions, stable, without_catalog

if TYPE_CHECKING:
    from brandkit.project import Project

# Bump when the cached data changes shape or meaning.
# 8: keys name the images a post shows, not the whole catalog;
# 7: links name every local file, not only .md ones (missing images are reported);
# 6: checksummed cache files (JSON and HTML; no pickle); 5: sections hold plain text.
CACHE_FORMAT = 8
ENTRY_KIND, INDEX_KIND = "rendered-post", "render-index"
# Below this many uncached posts, starting worker processes costs more than it saves.
PARALLEL_MIN = 64
# Rendered posts a build (not a server) keeps in memory.
RECENT = 32


class Renderer:
    def __init__(
        self,
        extensions: list[Any],
        extension_configs: dict[str, Any],
        cache_dir: Path | None = None,
        memory: dict[str, Rendered] | None = None,
        index_name: str = "index",
    ) -> None:
        self.extensions = extensions
        # In-process results by key, kept by a long-running server between rebuilds. Without
        # one (a build), rendered posts are read from the cache when needed and not kept.
        self.keep = memory is not None or cache_dir is None
        self.memory: dict[str, Rendered] = memory if memory is not None else {}
        self._index: dict[str, RenderInfo] | None = None
        self._index_changed = False
        self.extension_configs = extension_configs
        self.cache_dir = cache_dir
        # Page and feed renderings share the entries' folder, each with an index of its own.
        self.index_name = index_name
        self._md: Any = None
        images = extension_configs.get(IMAGES_EXTENSION)
        self.images: dict[str, Any] = dict(images.get("images") or {}) if images else {}
        config_blob = json.dumps(
            [
                __version__,
                CACHE_FORMAT,
                renderer_versions(),
                [stable(e) if not isinstance(e, str) else e for e in extensions],
                without_catalog(extension_configs),
            ],
            sort_keys=True,
            default=stable,
        )
        self.salt = hashlib.sha256(config_blob.encode()).hexdigest()
        # What a worker process sets Markdown up with: the settings and the catalog.
        catalog = json.dumps(self.images, sort_keys=True)
        self.setup = hashlib.sha256(f"{self.salt}:{catalog}".encode()).hexdigest()
        self.hits = 0
        self.misses = 0
        self._feed: Renderer | None = None
        self._bases: dict[str, str] = {}  # source hash -> `_base_key`
        self._keys: dict[str, tuple[RenderInfo, str]] = {}  # base key -> (its entry, `key`)

    @classmethod
    def for_project(cls, project: Project) -> Renderer:
        return cls(
            list(project.site.markdown_extensions),
            dict(project.site.mdx_configs),
            project.root / project.config.cache_dir,
        )

    def for_feeds(self) -> Renderer:
        """The renderer of feed items: the same extensions with the documented options that
        leave out what only a page needs (heading permalinks: toc `permalink`; code line
        anchors: pymdownx.highlight `anchor_linenums`/`line_anchors`, codehilite's Pygments
        `anchorlinenos`/`lineanchors`). Itself when none of them is on."""
        if self._feed is None:
            configs = feed_configs(self.extension_configs)
            if configs == self.extension_configs:
                self._feed = self
            else:
                memory: dict[str, Rendered] | None = {} if self.memory is not None else None
                self._feed = Renderer(
                    self.extensions,
                    configs,
                    self.cache_dir,
                    memory=memory if self.keep and self.cache_dir is not None else None,
                    index_name="feed-index",
                )
        return self._feed

    def continue_from(self, earlier: Renderer | None) -> None:
        """Take over the index an earlier renderer of the same configuration has read (a
        server's previous rebuild), instead of reading it again."""
        if (
            earlier is not None
            and earlier.salt == self.salt
            and earlier.cache_dir == self.cache_dir
        ):
            self._index, self._index_changed = earlier._index, earlier._index_changed

    def key(self, post: Post) -> str:
        """The key of the post's HTML: its file, this renderer's settings and each content
        image it shows. Which images those are is known once it has been rendered (its links,
        in the index); before that, the key of the rest, under which nothing is stored."""
        base = self._base_key(post)
        info = self._load_index().get(base)
        if info is None:
            return base
        # A build asks for a post's key a few times (pages, feeds, search): worked out once
        # per index entry (a new rendering replaces the entry, and so the key).
        known = self._keys.get(base)
        if known is None or known[0] is not info:
            known = self._keys[base] = (info, self._entry_key(post, info.links))
        return known[1]

    def _base_key(self, post: Post) -> str:
        """The key of what does not depend on images: the index entry (words, summary, links,
        anchors), and the start of `key`."""
        found = self._bases.get(post.source_hash)
        if found is None:
            digest = hashlib.sha256(f"{self.salt}:{post.source_hash}".encode()).hexdigest()
            found = self._bases[post.source_hash] = digest
        return found

    def _entry_key(self, post: Post, links: Iterable[str]) -> str:
        """`key` from the post's links (as written): the images among them, as the catalog
        knows them now."""
        shown: dict[str, Any] = {}
        for link in links:
            path = content_image_path(post.source, link)
            if path is not None and posixpath.splitext(path)[1].lower() in RASTER:
                shown[path] = self.images.get(path)  # None: not in the catalog (yet)
        images = json.dumps(sorted(shown.items()))
        return hashlib.sha256(f"{self._base_key(post)}:{images}".encode()).hexdigest()

    def render(self, post: Post) -> Rendered:
        """The post rendered: from memory, from the cache, or rendered now (and cached)."""
        found = self._cached(self.key(post))
        if found is not None:
            self.hits += 1
            return found
        self.misses += 1
        return self._keep(post, self.render_uncached(post))

    def get(self, post: Post) -> Rendered:
        """Like `render`, without counting: for a post `render_all` has already seen."""
        return self._cached(self.key(post)) or self._keep(post, self.render_uncached(post))

    def info(self, post: Post) -> RenderInfo:
        found = self._load_index().get(self._base_key(post))
        return found if found is not None else self.get(post).info

    def render_all(self, posts: Iterable[Post]) -> None:
        """Make sure every post is rendered and cached: the misses in parallel when it pays."""
        from brandkit.render.pool import run_jobs

        misses = self.missing(posts)
        (results,) = run_jobs([self.job(misses)], parallel=len(misses) >= PARALLEL_MIN)
        self.accept(misses, results)

    def missing(self, posts: Iterable[Post]) -> list[Post]:
        """The posts not rendered yet (each counted once, as a hit or a miss)."""
        posts = list(posts)
        misses = [p for p in posts if not self._available(self.key(p))]
        self.hits += len(posts) - len(misses)
        return misses

    def job(self, posts: list[Post]) -> tuple[Any, list[Post]]:
        """Rendering `posts` as a job for `brandkit.render.pool.run_jobs`. Unless this renderer
        keeps rendered posts in memory, the workers write them into the cache themselves and
        send back only their `RenderInfo`, so the HTML never passes through this process."""
        cache_dir = None if self.keep else self.cache_dir
        setup = (self.extensions, self.extension_configs, cache_dir)
        return functools.partial(_render_chunk, setup), posts

    def accept(self, posts: list[Post], results: list[Rendered | RenderInfo]) -> None:
        index = self._load_index()
        for post, result in zip(posts, results, strict=True):
            self.misses += 1
            if isinstance(result, Rendered):
                self._keep(post, result)
            else:
                index[self._base_key(post)] = result
                self._index_changed = True

    def save_index(self, posts: Iterable[Post]) -> None:
        """Write the index of `posts` (and only them) if it changed."""
        if self.cache_dir is None:
            return
        index = self._load_index()
        keys = {self._base_key(p) for p in posts}
        if not self._index_changed and keys == set(index):
            return
        keys &= set(index)  # every post seen by render_all is in it
        data = {
            k: [index[k].words, index[k].summary, list(index[k].links), list(index[k].anchors)]
            for k in sorted(keys)
        }
        self._index = {k: index[k] for k in keys}
        self._index_changed = False
        cache_file.write_json(self._index_path(), INDEX_KIND, CACHE_FORMAT, data)

    def has_index(self) -> bool:
        """Whether an earlier build left rendered posts in the cache."""
        return self.cache_dir is not None and self._index_path().is_file()

    def _index_path(self) -> Path:
        assert self.cache_dir is not None
        return self.cache_dir / "render" / self.index_name

    def _load_index(self) -> dict[str, RenderInfo]:
        if self._index is None:
            self._index = {}
            if self.cache_dir is not None:
                raw = cache_file.read_json(self._index_path(), INDEX_KIND, CACHE_FORMAT)
                try:
                    self._index = {
                        str(k): RenderInfo(int(w), str(s), _strings(ln), _strings(an))
                        for k, (w, s, ln, an) in raw.items()
                    }
                except (AttributeError, ValueError, TypeError):
                    self._index = {}  # no index yet, or not ours: filled again from the entries
        return self._index

    def _available(self, key: str) -> bool:
        if key in self.memory:
            return True
        path = self._path(key)
        return path is not None and path.is_file()

    def _cached(self, key: str) -> Rendered | None:
        found = self.memory.get(key)
        if found is None:
            found = self._load(key)
            if found is not None:
                self._remember(key, found)
        return found

    def _remember(self, key: str, rendered: Rendered) -> None:
        self.memory[key] = rendered
        if not self.keep:
            # A build reads a post a few times in a row (its page, its table of contents, its
            # feed item): keep the last few, not all of them.
            while len(self.memory) > RECENT:
                del self.memory[next(iter(self.memory))]

    def _keep(self, post: Post, rendered: Rendered) -> Rendered:
        key = self._entry_key(post, rendered.links)
        self._store(key, rendered)
        self._remember(key, rendered)
        index, base = self._load_index(), self._base_key(post)
        if index.get(base) != rendered.info:
            index[base] = rendered.info
            self._index_changed = True
        return rendered

    def render_uncached(self, post: Post) -> Rendered:
        md = self._markdown()
        md.reset()
        set_source(md, post.source)
        html = md.convert(post.body)
        toc = list(getattr(md, "toc_tokens", []))
        return Rendered(
            html=html,
            toc=toc,
            words=len(post.body.split()),
            summary=post.description or first_paragraph_text(html),
            sections=sections(html),
            links=md_links(html),
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
        return self.cache_dir / "render" / key[:2] / f"{key}.entry"

    def _load(self, key: str) -> Rendered | None:
        path = self._path(key)
        payload = cache_file.read(path, ENTRY_KIND, CACHE_FORMAT) if path is not None else None
        if payload is None:
            return None  # missing or damaged entry: render again
        head, _, html = payload.partition(b"\n")
        try:
            toc, words, summary, sections, links = json.loads(head)
            return Rendered(html.decode("utf-8"), toc, words, summary, sections, links)
        except (ValueError, TypeError):
            return None

    def _store(self, key: str, rendered: Rendered) -> None:
        path = self._path(key)
        if path is None:
            return
        # The HTML after one line of JSON, as it is: it is read back several times per build,
        # and HTML inside JSON is slow to escape and unescape.
        head = [rendered.toc, rendered.words, rendered.summary, rendered.sections, rendered.links]
        text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
        payload = text.encode("utf-8") + b"\n" + rendered.html.encode("utf-8")
        cache_file.write(path, ENTRY_KIND, CACHE_FORMAT, payload)


def _strings(values: Any) -> tuple[str, ...]:
    if not isinstance(values, list):
        raise TypeError("not a list")
    return tuple(str(v) for v in values)


_workers: dict[str, Renderer] = {}


def warm(extensions: list[Any], configs: dict[str, Any], posts: Path | None = None) -> None:
    """In a worker process, before any work: set up Markdown for `_render_chunk`, and compile
    the Pygments lexers of the languages the code blocks in `posts` name (each process compiles
    a lexer's regular expressions when it first uses it: up to 70 ms a language), while the
    main process is still reading the posts."""
    renderer = Renderer(extensions, configs)
    _workers.setdefault(renderer.setup, renderer)._markdown()
    if posts is not None:
        compile_lexers(posts)


# The language of a fenced code block: ```python, ~~~ sql, ``` { .yaml title="x" }.
_FENCE_LANGUAGE = re.compile(r"^[ \t]*(?:`{3,}|~{3,})[ \t]*\{?[ \t]*\.?([\w#+.-]+)", re.MULTILINE)


def compile_lexers(folder: Path) -> None:
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    names: set[str] = set()
    for path in folder.rglob("*.md"):
        try:
            names.update(_FENCE_LANGUAGE.findall(path.read_text("utf-8", errors="replace")))
        except OSError:
            continue
    for name in names:
        # A language Pygments does not know is shown as plain text: nothing to prepare.
        with contextlib.suppress(ClassNotFound):
            get_lexer_by_name(name.lower())


def _render_chunk(
    setup: tuple[list[Any], dict[str, Any], Path | None], posts: list[Post]
) -> list[Rendered] | list[RenderInfo]:
    """In a worker process: render `posts` with a Markdown set up once per configuration; with
    a cache folder, store them there and return only their `RenderInfo`."""
    extensions, configs, cache_dir = setup
    renderer = Renderer(extensions, configs)
    renderer = _workers.setdefault(renderer.setup, renderer)
    rendered = [renderer.render_uncached(p) for p in posts]
    if cache_dir is None:
        return rendered
    renderer.cache_dir = cache_dir
    for post, one in zip(posts, rendered, strict=True):
        renderer._store(renderer._entry_key(post, one.links), one)
    return [one.info for one in rendered]

"""Read every post of a site into validated `Post` models, all problems at once.

Owns the walk over the posts folder, the per-file memo (a server's rebuilds) and cache (between
runs), and the checks across posts (no two with the same URL or id). One file's front matter is
read by `posts.py`; every problem names the file relative to the project, the key and the fix, so
one `brandkit check` lists everything to do.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from brandkit import confine
from brandkit.content.fields import Collected, Problem, relative
from brandkit.content.models import Post, Settings
from brandkit.content.parse_cache import FileResult, ParseCache
from brandkit.content.posts import read_post

if TYPE_CHECKING:
    from brandkit.project import Project

Memo = dict[tuple[str, int, int, Settings], FileResult]


@dataclass
class LoadResult(Collected):
    posts: list[Post] = field(default_factory=list)
    shown: dict[str, str] = field(default_factory=dict)  # post source -> path shown to the user


def load_valid_posts(project: Project, *, strict: bool = False) -> list[Post]:
    """Load every post of a project, raising ContentError listing all problems."""
    result = load_posts(project.docs_dir, project.settings, display_root=project.root)
    result.raise_for_problems(strict=strict)
    return result.posts


def load_posts(
    docs_dir: Path,
    settings: Settings,
    *,
    display_root: Path | None = None,
    memo: Memo | None = None,
    cache: Path | None = None,
) -> LoadResult:
    """Load and validate every post. `memo` (kept by a long-running server between rebuilds)
    skips re-parsing files whose path, size and mtime are unchanged; `cache` (a file) keeps
    what each file yielded between runs, found again by the file's content."""
    parsed = ParseCache(cache, settings) if cache is not None else None
    result = LoadResult()
    posts_root = docs_dir / settings.posts_dir
    root = (display_root or docs_dir.parent).resolve()
    if not posts_root.is_dir():
        return result
    seen: set[tuple[str, int, int, Settings]] = set()
    resolved = posts_root.resolve()
    for path in sorted(posts_root.rglob("*.md")):
        # Resolving the folder once, not every file: symbolic links to posts are shown as found.
        shown = relative(resolved / path.relative_to(posts_root), root)
        source = path.relative_to(docs_dir).as_posix()
        result.shown[source] = shown
        link = confine.link_problem(path, root)
        if link is not None:
            result.problems.append(Problem(shown, None, link, "the link is not read"))
            continue
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size, settings)
        cached = memo.get(key) if memo is not None else None
        raw, content_key = None, None
        if cached is None and parsed is not None:
            raw = path.read_bytes()
            content_key = (source, shown, hashlib.sha256(raw).hexdigest())
            cached = parsed.get(content_key)
        if cached is None:
            one = Collected()
            post = read_post(
                path, source, shown, settings, one, raw if raw is not None else path.read_bytes()
            )
            cached = (post, one.problems, one.warnings)
            if parsed is not None and content_key is not None:
                parsed.put(content_key, cached)
        if memo is not None:
            memo[key] = cached
            seen.add(key)
        post, problems, warnings = cached
        result.problems.extend(problems)
        result.warnings.extend(warnings)
        if post is not None:
            result.posts.append(post)
    if memo is not None:
        for stale in set(memo) - seen:
            del memo[stale]
    if parsed is not None:
        parsed.save()
    _check_unique(result)
    return result


def _check_unique(result: LoadResult) -> None:
    by_url: dict[str, Post] = {}
    by_id: dict[str, Post] = {}
    for post in result.posts:
        for key, seen, value in (("slug", by_url, post.url), ("id", by_id, post.id)):
            other = seen.get(value)
            if other is None:
                seen[value] = post
                continue
            what = f"URL /{value}" if key == "slug" else f"id {value}"
            fix = (
                "give one of them another `slug:`"
                if key == "slug"
                else "give the newer post a fresh `id: urn:uuid:...`"
            )
            result.problems.append(
                Problem(
                    result.shown[post.source],
                    key,
                    f"same {what} as {result.shown[other.source]}",
                    fix,
                )
            )
    _check_series(result)
    # Posts with duplicate URLs or ids must not reach the build.
    bad = {p.source for p in result.posts} - {
        p.source for p in by_url.values() if by_id.get(p.id) is p
    }
    if bad:
        result.posts = [p for p in result.posts if p.source not in bad]


def _check_series(result: LoadResult) -> None:
    """Two spellings of a series that make the same page ("Foo Bar" and "foo-bar") would
    overwrite each other's page: the later post is told to spell it as the first."""
    from brandkit.content.fields import tag_slug

    first: dict[str, Post] = {}
    for post in result.posts:
        if not post.series:
            continue
        other = first.setdefault(tag_slug(post.series), post)
        if other.series != post.series:
            result.problems.append(
                Problem(
                    result.shown[post.source],
                    "series",
                    f"{post.series!r} and {other.series!r} ({result.shown[other.source]}) "
                    f"would share the page series/{tag_slug(post.series)}/",
                    f"write it as in the other post: `series: {other.series}`",
                )
            )

"""Keep a build inside its project: every configured folder and URL pattern is checked before
anything is read or written.

- docs_dir, site_dir, theme.custom_dir and the cache are folders inside the project (the folder
  of mkdocs.yml), each of its own: the site directory, which every build replaces, holds no
  sources; the cache is never published (not inside docs_dir, custom_dir or site_dir); posts_dir
  is inside docs_dir.
- blog_url and post_url are paths inside the site: plain segments between slashes, no `..`, no
  leading slash, so no page is written outside the site directory whatever a post's date or slug.

Symbolic links are followed (a docs_dir that links outside the project is outside it); a link in
the content that leads outside the project, nowhere or back to itself is refused (`link_problem`,
`tree_link_problems`). It takes paths and strings and returns one line per problem, naming
mkdocs.yml and the key, or the file, and the fix.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SEGMENT = re.compile(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*")
SAMPLE_FIELDS = {"blog": "blog/", "slug": "a-post", "year": "2026", "month": "01", "day": "31"}
BRANDKIT = "plugins.brandkit"


@dataclass(frozen=True)
class Layout:
    """The folders of a project as configured (absolute), and how the user wrote them."""

    config_file: Path
    docs_dir: Path
    site_dir: Path | None  # None for `serve`: MkDocs builds into a temporary folder
    cache_dir: Path
    custom_dir: Path | None
    posts_dir: str  # relative to docs_dir

    @property
    def root(self) -> Path:
        return self.config_file.resolve().parent


def within(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or inside it (both resolved, symbolic links followed)."""
    return path.resolve().is_relative_to(folder.resolve())


def layout_problems(layout: Layout) -> list[str]:
    """One line per folder that leaves the project, or that holds another it must not."""
    root = layout.root
    problems: list[str] = []

    def problem(key: str, what: str, fix: str) -> None:
        path = {
            "docs_dir": layout.docs_dir,
            "site_dir": layout.site_dir,
            f"{BRANDKIT}.cache_dir": layout.cache_dir,
            "theme.custom_dir": layout.custom_dir,
        }.get(key)
        value = layout.posts_dir if path is None else _shown(path, root)
        problems.append(f"mkdocs.yml: {key}: {value!r} {what}; {fix}")

    folders = {
        "docs_dir": (layout.docs_dir, "`docs_dir: content`"),
        f"{BRANDKIT}.cache_dir": (layout.cache_dir, "`cache_dir: .cache/brandkit`"),
    }
    if layout.site_dir is not None:
        folders["site_dir"] = (layout.site_dir, "`site_dir: site`")
    if layout.custom_dir is not None:
        folders["theme.custom_dir"] = (layout.custom_dir, "`custom_dir: themes/overrides`")
    for key, (path, example) in folders.items():
        if not within(path, root):
            problem(
                key,
                f"is outside the project folder ({root})",
                f"use a folder in it, e.g. {example}",
            )
        elif path.resolve() == root:
            problem(key, "is the project folder itself", f"use a folder of its own, e.g. {example}")
    if problems:
        return problems

    site, docs, cache = layout.site_dir, layout.docs_dir, layout.cache_dir
    for key, other in (("docs_dir", docs), ("theme.custom_dir", layout.custom_dir)):
        if site is not None and other is not None and (within(other, site) or within(site, other)):
            problem(
                "site_dir",
                f"overlaps {key} ({_shown(other, root)}), and every build replaces the site folder",
                "give the built site a folder of its own, e.g. `site_dir: site`",
            )
    if site is not None and (within(cache, site) or within(site, cache)):
        problem(
            f"{BRANDKIT}.cache_dir",
            f"overlaps site_dir ({_shown(site, root)}), which every build replaces",
            "keep the cache out of it, e.g. `cache_dir: .cache/brandkit`",
        )
    published = [("docs_dir", docs, "published")]
    if layout.custom_dir is not None:
        published.append(("theme.custom_dir", layout.custom_dir, "published with the theme"))
    for key, path, how in published:
        if within(cache, path) or within(path, cache):
            problem(
                f"{BRANDKIT}.cache_dir",
                f"overlaps {key} ({_shown(path, root)}), whose files are {how}",
                "keep the cache out of it, e.g. `cache_dir: .cache/brandkit`",
            )
    if layout.custom_dir is not None and within(docs, layout.custom_dir):
        problem(
            "theme.custom_dir",
            f"holds docs_dir ({_shown(docs, root)})",
            "keep theme overrides in a folder of their own, e.g. `custom_dir: themes/overrides`",
        )
    posts = docs / layout.posts_dir
    if not within(posts, docs):
        problem(
            f"{BRANDKIT}.posts_dir",
            f"is outside docs_dir ({_shown(docs, root)})",
            "name a folder inside it, e.g. `posts_dir: posts`",
        )
    return problems


def url_path_problem(value: str) -> str | None:
    """Why `value` (a site-relative URL path such as `blog/2026/a-post/`) could leave the site
    or is not a plain path; None when it is fine. An empty path is the site's root."""
    if value.startswith("/") or "\\" in value:
        return "must be a path inside the site, without a leading '/' or '\\'"
    for segment in value.strip("/").split("/") if value.strip("/") else ():
        if segment in (".", ".."):
            return "must not contain '.' or '..' segments"
        if not SEGMENT.fullmatch(segment):
            return (
                f"has the segment {segment!r}; use letters, digits and '-', '_', '.', '~' "
                "between slashes"
            )
    return None


def url_pattern_problems(blog_url: str, post_url: str) -> list[str]:
    """blog_url and post_url (with sample values in its {fields}) must be paths inside the site."""
    problems = []
    why = url_path_problem(blog_url.strip("/"))
    if why:
        problems.append(
            f"mkdocs.yml: {BRANDKIT}.blog_url: {blog_url!r} {why}; e.g. `blog_url: blog/`"
        )
    try:
        sample = post_url.format(**SAMPLE_FIELDS)
    except (KeyError, IndexError, ValueError):
        sample = None  # an unknown {field}: reported by the settings' own check
    why = None if sample is None else url_path_problem(sample)
    if why:
        problems.append(
            f"mkdocs.yml: {BRANDKIT}.post_url: {post_url!r} {why}; "
            "e.g. `post_url: '{blog}{slug}/'`"
        )
    return problems


def _shown(path: Path, root: Path) -> str:
    """A folder as the user should read it: relative to the project when inside it."""
    resolved = path.resolve()
    if resolved == root:
        return "."
    if resolved.is_relative_to(root):
        return resolved.relative_to(root).as_posix() + "/"
    return str(path)


def link_problem(path: Path, root: Path) -> str | None:
    """Why the symbolic link `path` must not be followed (it dangles, loops or leaves the
    project folder `root`), or None when `path` is no link or a link inside the project."""
    if not path.is_symlink():
        return None
    target = os.readlink(path)
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        return f"is a symbolic link to {target!r}, which does not exist; fix or remove the link"
    except (RuntimeError, OSError):
        return f"is a symbolic link to {target!r} that leads back to itself; remove the link"
    if not resolved.is_relative_to(root.resolve()):
        return (
            f"is a symbolic link to {str(resolved)!r}, outside the project, which brandkit never "
            "publishes; copy what you need into the project or remove the link"
        )
    if resolved.is_dir() and path.parent.resolve().is_relative_to(resolved):
        return f"is a symbolic link to {target!r}, a folder holding the link itself; remove it"
    return None


def tree_link_problems(folder: Path, root: Path, shown: Callable[[Path], str]) -> list[str]:
    """One line per symbolic link under `folder` that must not be followed (`link_problem`);
    links to folders inside the project are followed, once."""
    problems: list[str] = []
    seen: set[Path] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        real = current.resolve()
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            problems.append(
                f"{shown(current)}: cannot be read ({exc.strerror}); check its permissions"
            )
            continue
        for entry in entries:
            path = Path(entry.path)
            # scandir knows which entries are links: no second lstat per file on every build.
            why = link_problem(path, root) if entry.is_symlink() else None
            if why is not None:
                problems.append(f"{shown(path)}: {why}")
            elif entry.is_dir():  # follows a link to a folder inside the project
                stack.append(path)
    return problems

"""Read one Markdown file with front matter for the portfolio content types (projects, talks).

Owns the document (path, front matter, body), its URL segment from the file name and links to
files next to it; the values themselves are read with the shared vocabulary in `fields.py`, so a
broken project or talk is reported exactly like a broken post: file, key, what is wrong, the fix.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from brandkit.content.fields import (
    SLUG_RE,
    Collected,
    Problem,
    ProblemFn,
    display_path,
    is_http_url,
    parse_front_matter,
    slugify,
    unknown_keys,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Document:
    path: Path
    source: str  # relative to the docs dir, POSIX style
    shown: str  # as the user should see it (relative to the project root)
    meta: dict[str, Any]
    body: str


def markdown_files(folder: Path) -> list[Path]:
    """The content files of a folder, in a stable order; index.md is the listing, never an item."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.md") if p.name != "index.md")


def load_folder(
    folder: Path,
    docs_dir: Path,
    root: Path,
    known_keys: Iterable[str],
    found: Collected,
    item: Callable[[Document], T | None],
) -> list[T]:
    """Every content file of `folder` made into an item, in file order; a file that cannot be
    read or made into one gives none (its problems are in `found`)."""
    items: list[T] = []
    for path in markdown_files(folder):
        doc = read_document(path, docs_dir, root, known_keys, found)
        made = None if doc is None else item(doc)
        if made is not None:
            items.append(made)
    return items


def read_document(
    path: Path, docs_dir: Path, root: Path, known_keys: Iterable[str], found: Collected
) -> Document | None:
    shown = display_path(path, root)
    source = path.relative_to(docs_dir).as_posix()

    def problem(key: str | None, message: str, fix: str) -> None:
        found.problems.append(Problem(shown, key, message, fix))

    parsed = parse_front_matter(
        path.read_bytes(), problem, "start the file with a '---' block (see the README)"
    )
    if parsed is None:
        return None
    meta, body = parsed
    found.warnings.extend(unknown_keys(meta, tuple(known_keys), shown))
    return Document(path, source, shown, meta, body)


def problem_fn(doc: Document, found: Collected) -> ProblemFn:
    def problem(key: str | None, message: str, fix: str) -> None:
        found.problems.append(Problem(doc.shown, key, message, fix))

    return problem


def file_slug(doc: Document, reserved: Iterable[str], problem: ProblemFn) -> str | None:
    """The URL segment of a project or talk: its file name, which MkDocs also uses for the URL."""
    stem = doc.path.stem
    if not SLUG_RE.match(stem):
        suggestion = slugify(stem) or "my-page"
        problem(
            None,
            f"file name {doc.path.name!r} does not make a clean URL",
            f"rename it to {suggestion}.md (lowercase letters, digits and hyphens)",
        )
        return None
    if stem in reserved:
        problem(None, f"file name {doc.path.name!r} is reserved", f"rename it, e.g. {stem}-1.md")
        return None
    return stem


def link_or_file(doc: Document, key: str, problem: ProblemFn, example: str) -> str | None:
    """An http(s) URL, or a file next to the document (returned as a docs-relative path)."""
    value = doc.meta.get(key)
    if value is None or value == "":
        return None
    if is_http_url(value):
        return str(value)
    if not isinstance(value, str) or value.startswith("/") or "://" in value:
        problem(
            key,
            f"{value!r} is neither an http(s) URL nor a relative path",
            f"write a full URL or a path relative to this file, e.g. `{key}: {example}`",
        )
        return None
    if not (doc.path.parent / value).is_file():
        problem(key, f"file {value!r} not found", "check the path; it is relative to this file")
        return None
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(doc.source), value))
    if resolved.startswith("../"):
        problem(key, f"{value!r} is outside the content folder", "move the file under content/")
        return None
    return resolved

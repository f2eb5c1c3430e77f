"""Read one Markdown file with front matter for the portfolio content types (projects, talks).

Posts have their own reader in `loader.py`; this one shares its `Problem` type and messages so a
broken project or talk is reported exactly like a broken post: file, key, what is wrong, the fix.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from brandkit.content.loader import (
    SLUG_RE,
    Problem,
    ProblemFn,
    display_path,
    parse_front_matter,
    slugify,
    unknown_keys,
)


@dataclass
class Collected:
    """Problems (which stop the build) and warnings (which `--strict` turns into problems)."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


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


def text(meta: dict[str, Any], key: str, problem: ProblemFn, *, required: str = "") -> str:
    """A text value; `required` is an example value, given when the key must be present."""
    value = meta.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problem(key, "missing or empty", f"add `{key}: {required}` to the front matter")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        problem(key, f"{value!r} is not text", f'write it as `{key}: "..."`')
        return ""
    return str(value).strip()


def text_list(meta: dict[str, Any], key: str, problem: ProblemFn, example: str) -> tuple[str, ...]:
    value = meta.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or any(
        isinstance(v, bool) or not isinstance(v, str | int | float) for v in value
    ):
        problem(key, "must be a list of words", f"write `{key}: {example}`")
        return ()
    items: list[str] = []
    for item in value:
        word = str(item).strip()
        if word and word not in items:
            items.append(word)
    return tuple(items)


def flag(meta: dict[str, Any], key: str, problem: ProblemFn) -> bool:
    value = meta.get(key, False)
    if not isinstance(value, bool):
        problem(key, f"{value!r} is not true or false", f"write `{key}: true` or remove it")
        return False
    return value


def is_http_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def url(meta: dict[str, Any], key: str, problem: ProblemFn, example: str) -> str | None:
    value = meta.get(key)
    if value is None or value == "":
        return None
    if not is_http_url(value):
        problem(key, f"{value!r} is not an absolute http(s) URL", f"write e.g. `{key}: {example}`")
        return None
    return str(value)


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


def to_datetime(value: Any) -> datetime | date | None:
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip().replace(" ", "T", 1))
        except ValueError:
            return None
    return None


def updated(meta: dict[str, Any], problem: ProblemFn, timezone: str) -> datetime | None:
    """The optional `updated` date (when the page last changed: the sitemap's lastmod), aware;
    a bare day is midnight in the site's time zone."""
    raw = meta.get("updated")
    if raw is None or raw == "":
        return None
    value = to_datetime(raw)
    if value is None:
        problem("updated", f"{raw!r} is not a date", "write it as YYYY-MM-DD, or remove the key")
        return None
    if not isinstance(value, datetime):
        return datetime.combine(value, time(), ZoneInfo(timezone))
    return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(timezone))

"""Read posts with python-frontmatter into validated `Post` models.

Every problem is collected (not just the first) and reported with the file's path relative to the
project, the front-matter key and how to fix it, so one `brandkit check` lists everything to do.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import uuid
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import frontmatter
import yaml

from brandkit.content.models import Post, Settings
from brandkit.content.parse_cache import ParseCache
from brandkit.errors import ContentError

if TYPE_CHECKING:
    from brandkit.project import Project

ProblemFn = Callable[[str | None, str, str], None]

KNOWN_KEYS = (
    "id",
    "title",
    "date",
    "updated",
    "description",
    "tags",
    "series",
    "draft",
    "slug",
    "cover",
    "canonical_url",
    "authors",
    "syndicate",
    "newsletter",
    "redirect_from",
)
# URL segments under the blog that brandkit generates itself; a post may not take them.
RESERVED_SEGMENTS = ("page", "tags", "archive", "series")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TAG_URI_RE = re.compile(r"^tag:[^,\s]+,\d{4}(?:-\d{2}(?:-\d{2})?)?:\S+$")
DATE_PREFIX_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-")


@dataclass(frozen=True)
class Problem:
    path: str
    key: str | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}: {self.key}" if self.key else self.path
        return f"{where}: {self.message}; {self.fix}"


@dataclass
class LoadResult:
    posts: list[Post] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    shown: dict[str, str] = field(default_factory=dict)  # post source -> path shown to the user

    def raise_for_problems(self, *, strict: bool = False) -> None:
        found = self.problems + (self.warnings if strict else [])
        if found:
            raise ContentError([str(p) for p in found])


def slugify(text: str) -> str:
    from slugify import slugify as _slugify

    # Apostrophes join words ("Jerry's" -> "jerrys", not "jerry-s").
    text = text.replace("'", "").replace("\u2019", "")
    return str(_slugify(text, max_length=80, word_boundary=True))


def post_url(settings: Settings, slug: str, when: datetime) -> str:
    return settings.post_url.format(
        blog=settings.blog_url,
        slug=slug,
        year=f"{when.year:04d}",
        month=f"{when.month:02d}",
        day=f"{when.day:02d}",
    )


def load_valid_posts(project: Project, *, strict: bool = False) -> list[Post]:
    """Load every post of a project, raising ContentError listing all problems."""
    result = load_posts(project.docs_dir, project.settings, display_root=project.root)
    result.raise_for_problems(strict=strict)
    return result.posts


# What one file yielded: its post (if valid), problems and warnings.
FileResult = tuple[Post | None, list[Problem], list[Problem]]
Memo = dict[tuple[str, int, int, Settings], FileResult]


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
    parsed = ParseCache(cache, settings, Problem) if cache is not None else None
    result = LoadResult()
    posts_root = docs_dir / settings.posts_dir
    root = (display_root or docs_dir.parent).resolve()
    if not posts_root.is_dir():
        return result
    seen: set[tuple[str, int, int, Settings]] = set()
    resolved = posts_root.resolve()
    for path in sorted(posts_root.rglob("*.md")):
        # Resolving the folder once, not every file: symbolic links to posts are shown as found.
        shown = _relative(resolved / path.relative_to(posts_root), root)
        source = path.relative_to(docs_dir).as_posix()
        result.shown[source] = shown
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size, settings)
        cached = memo.get(key) if memo is not None else None
        raw, content_key = None, None
        if cached is None and parsed is not None:
            raw = path.read_bytes()
            content_key = (source, shown, hashlib.sha256(raw).hexdigest())
            cached = parsed.get(content_key)
        if cached is None:
            one = LoadResult()
            cached = (
                _load_one(path, source, shown, settings, one, raw),
                one.problems,
                one.warnings,
            )
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


def display_path(path: Path, root: Path) -> str:
    """`path` as the user should see it: relative to the project root when it is inside it."""
    return _relative(path.resolve(), root.resolve())


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def parse_front_matter(
    raw: bytes, problem: ProblemFn, no_meta_fix: str
) -> tuple[dict[str, Any], str] | None:
    """Front matter and body of a Markdown file; None (with the problem reported) if unreadable.

    Shared by every content type so a broken post, project or talk is reported the same way.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem(
            None,
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            "re-save the file with UTF-8 encoding",
        )
        return None
    try:
        doc = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 2}" if mark is not None else ""
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problem(
            None,
            f"front matter is not valid YAML{line} ({reason})",
            "fix the YAML between the '---' lines (quote values containing ':' or '#')",
        )
        return None
    except ValueError as exc:
        # PyYAML builds dates while parsing, so `date: 2026-13-01` fails here, not in validation.
        problem(
            None,
            f"front matter holds an impossible date ({exc})",
            "write real dates as YYYY-MM-DD (month 1-12, a day that exists)",
        )
        return None
    meta: dict[str, Any] = dict(doc.metadata)
    if not meta:
        problem(None, "no front matter", no_meta_fix)
        return None
    return meta, doc.content


def unknown_keys(meta: dict[str, Any], known: tuple[str, ...], shown: str) -> list[Problem]:
    """A warning per key brandkit does not know, with the closest known key as a hint."""
    found = []
    for key in meta:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            found.append(
                Problem(shown, str(key), "unknown front-matter key", f"{hint}rename or remove it")
            )
    return found


def _load_one(
    path: Path,
    source: str,
    shown: str,
    settings: Settings,
    result: LoadResult,
    raw: bytes | None = None,
) -> Post | None:
    def problem(key: str | None, message: str, fix: str) -> None:
        result.problems.append(Problem(shown, key, message, fix))

    if raw is None:
        raw = path.read_bytes()
    parsed = parse_front_matter(
        raw, problem, "start the file with a '---' block holding at least title and date"
    )
    if parsed is None:
        return None
    meta, content = parsed
    result.warnings.extend(unknown_keys(meta, KNOWN_KEYS, shown))

    tz = zoneinfo.ZoneInfo(settings.timezone)
    title = _text(meta.get("title"))
    if not title:
        problem("title", "missing or empty", "add `title: Your post title` to the front matter")
    when = _datetime(meta.get("date"), tz)
    if when is None:
        if meta.get("date") is None:
            problem("date", "missing", "add `date: 2026-01-31T09:00:00+00:00` to the front matter")
        else:
            problem(
                "date",
                f"{meta['date']!r} is not a date",
                "write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+HH:MM",
            )
    updated = None
    if meta.get("updated") is not None:
        updated = _datetime(meta["updated"], tz)
        if updated is None:
            problem(
                "updated",
                f"{meta['updated']!r} is not a date",
                "write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+HH:MM",
            )
        elif when is not None and updated < when:
            problem("updated", "is earlier than date", "set it to the date of the last edit")

    description = _text(meta.get("description"))
    if meta.get("description") is not None and not isinstance(meta["description"], str):
        problem("description", "must be text", 'write it as `description: "One sentence."`')

    tags = _string_list(meta.get("tags"))
    if tags is None:
        problem("tags", "must be a list of words", "write `tags: [python, testing]`")
        tags = ()
    series = _text(meta.get("series")) or None
    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        problem("draft", f"{draft!r} is not true or false", "write `draft: true` or remove it")
        draft = False
    for flag in ("syndicate", "newsletter"):
        if flag in meta and not isinstance(meta[flag], bool):
            problem(flag, f"{meta[flag]!r} is not true or false", f"write `{flag}: false`")

    slug = _slug(meta, path, problem)
    cover = _cover(meta.get("cover"), path, source, problem)
    canonical = meta.get("canonical_url")
    if canonical is not None and not _is_http_url(canonical):
        problem(
            "canonical_url",
            f"{canonical!r} is not an absolute http(s) URL",
            "write the full address, e.g. https://dev.to/you/your-post",
        )
        canonical = None
    authors = _string_list(meta.get("authors"))
    if authors is None:
        problem("authors", "must be a list of author keys", "write `authors: [jane]`")
        authors = ()
    known_authors = {a.key for a in settings.authors}
    for key in authors:
        if key not in known_authors:
            choices = ", ".join(sorted(known_authors)) or "none configured"
            problem(
                "authors",
                f"unknown author {key!r}",
                f"use a key of the brandkit `authors` map in mkdocs.yml ({choices})",
            )
    redirects = _string_list(meta.get("redirect_from"))
    if redirects is None:
        problem(
            "redirect_from", "must be a list of old URL paths", "write `redirect_from: [/old/]`"
        )

    post_id = _id(meta.get("id"), problem)
    if post_id is None and "id" not in meta and when is not None and slug and settings.site_url:
        host = urlsplit(settings.site_url).hostname or "localhost"
        post_id = f"tag:{host},{when.date().isoformat()}:{slug}"
        result.warnings.append(
            Problem(
                shown,
                "id",
                "missing: feeds fall back to an id built from the date and slug, which changes "
                "if either does",
                f"add `id: urn:uuid:{uuid.uuid4()}` to the front matter",
            )
        )
    if not title or when is None or slug is None or post_id is None:
        return None
    return Post(
        source=source,
        id=post_id,
        title=title,
        date=when,
        slug=slug,
        url=post_url(settings, slug, when),
        body=content,
        updated=updated,
        description=description,
        tags=tags,
        series=series,
        draft=draft,
        cover=cover,
        canonical_url=canonical,
        authors=authors,
        extra={k: v for k, v in meta.items() if k in ("syndicate", "newsletter", "redirect_from")},
        source_hash=hashlib.sha256(raw).hexdigest(),
        front_matter=dict(meta),
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _string_list(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [part for part in value.split(",")]
    if not isinstance(value, list):
        return None
    items: list[str] = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            return None
        text = str(item).strip()
        if text and text not in items:
            items.append(text)
    return tuple(items)


def _datetime(value: Any, tz: zoneinfo.ZoneInfo) -> datetime | None:
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time(0, 0))
    elif isinstance(value, str):
        try:
            result = datetime.fromisoformat(value.strip().replace(" ", "T", 1))
        except ValueError:
            return None
    else:
        return None
    if result.tzinfo is None:
        result = result.replace(tzinfo=tz)
    return result


def _slug(meta: dict[str, Any], path: Path, problem: Any) -> str | None:
    if "slug" in meta:
        slug = meta["slug"]
        if not isinstance(slug, str) or not SLUG_RE.match(slug):
            suggestion = slugify(str(slug)) or "my-post"
            problem(
                "slug",
                f"{slug!r} is not a URL-safe slug",
                f"use lowercase ASCII letters, digits and hyphens, e.g. `slug: {suggestion}`",
            )
            return None
    else:
        slug = slugify(DATE_PREFIX_RE.sub("", path.stem))
        if not slug:
            problem(
                "slug",
                f"cannot make a URL from the file name {path.name!r}",
                "rename the file or add `slug: my-post` to the front matter",
            )
            return None
    if slug in RESERVED_SEGMENTS:
        problem(
            "slug",
            f"{slug!r} is reserved for brandkit's generated blog pages",
            f"choose another slug, e.g. `slug: {slug}-post`",
        )
        return None
    return str(slug)


def _cover(value: Any, path: Path, source: str, problem: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problem("cover", "must be an image path or URL", "write `cover: images/cover.png`")
        return None
    if _is_http_url(value):
        return value
    if value.startswith("/"):
        problem(
            "cover",
            f"{value!r} starts with '/', which breaks on project sites",
            "write the path relative to the post file, e.g. `cover: images/cover.png`",
        )
        return None
    target = (path.parent / value).resolve()
    if not target.is_file():
        problem(
            "cover",
            f"image {value!r} not found next to the post",
            "check the path; it is relative to the post's Markdown file",
        )
        return None
    base = Path(source).parent
    return (base / value).as_posix() if base != Path(".") else value


def _is_http_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _id(value: Any, problem: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if text.startswith("urn:uuid:"):
        try:
            uuid.UUID(text[len("urn:uuid:") :])
            return text
        except ValueError:
            pass
    elif TAG_URI_RE.match(text):
        return text
    problem(
        "id",
        f"{text!r} is not a permanent id",
        f"use a urn:uuid: or tag: URI, e.g. `id: urn:uuid:{uuid.uuid4()}` (never change it later)",
    )
    return None


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
    # Posts with duplicate URLs or ids must not reach the build.
    bad = {p.source for p in result.posts} - {
        p.source for p in by_url.values() if by_id.get(p.id) is p
    }
    if bad:
        result.posts = [p for p in result.posts if p.source not in bad]

"""The front-matter field vocabulary every content type (posts, projects, talks) is read with.

One place says how a file's front matter is parsed, how a problem is reported (file, key, what is
wrong, the fix) and what each kind of value is: text, a list of words, a flag, an http(s) URL, a
date. A content type's module only says which keys it has and what their examples are, so a broken
post, project or talk is reported the same way.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler

from brandkit.errors import ContentError

ProblemFn = Callable[[str | None, str, str], None]

EARLIEST_YEAR = 1900
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
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
class Collected:
    """Problems (which stop the build) and warnings (which `--strict` turns into problems)."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def raise_for_problems(self, *, strict: bool = False) -> None:
        found = self.problems + (self.warnings if strict else [])
        if found:
            raise ContentError([str(p) for p in found])


def slugify(text: str) -> str:
    from slugify import slugify as _slugify

    # Apostrophes join words ("Jerry's" -> "jerrys", not "jerry-s").
    text = text.replace("'", "").replace("\u2019", "")
    return str(_slugify(text, max_length=80, word_boundary=True))


# Tags like C++ and C# must not collapse into "c".
_SLUG_REPLACEMENTS = [["++", "pp"], ["+", "plus"], ["#", "sharp"], [".", "-"]]


@functools.lru_cache(maxsize=4096)
def tag_slug(name: str) -> str:
    from slugify import slugify

    slug = str(slugify(name, replacements=_SLUG_REPLACEMENTS))
    return slug or "tag-" + hashlib.sha1(name.encode()).hexdigest()[:8]


def display_path(path: Path, root: Path) -> str:
    """`path` as the user should see it: relative to the project root when it is inside it."""
    return relative(path.resolve(), root.resolve())


def relative(path: Path, root: Path) -> str:
    """`path` relative to `root` (both already resolved), or as it is when outside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def parse_front_matter(
    raw: bytes, problem: ProblemFn, no_meta_fix: str
) -> tuple[dict[str, Any], str] | None:
    """Front matter and body of a Markdown file; None (with the problem reported) if unreadable."""
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
        doc = frontmatter.loads(text, handler=_StrictYAML())
    except RecursionError:
        problem(None, "front matter is nested too deeply", "write plain keys and short lists")
        return None
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
        opened = text.lstrip().startswith("---")
        if opened and _FRONT_MATTER.match(text.lstrip()) is None:
            problem(None, "front matter is not closed", "end it with a line of three dashes: ---")
        elif opened:
            problem(
                None,
                "front matter is empty or not a list of `key: value` lines",
                no_meta_fix,
            )
        else:
            problem(None, "no front matter", no_meta_fix)
        return None
    return meta, doc.content


# A front matter block: the opening dashes, anything, and a closing line of dashes.
_FRONT_MATTER = re.compile(r"^---[ \t]*\r?\n(?:.*?\r?\n)?---[ \t]*(?:\r?\n|$)", re.DOTALL)


class _UniqueKeys(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a key written twice in one mapping (YAML keeps the last
    silently, so a second `title:` would win unnoticed)."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: PyYAML reports it itself
                continue
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is written twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _StrictYAML(YAMLHandler):
    def load(self, fm: str, **kwargs: object) -> Any:
        return yaml.load(fm, Loader=_UniqueKeys)


def body_line(text: str, body: str) -> int:
    """The line of `text` (a whole file) on which `body` (what follows its front matter)
    starts, so that problems in the body can name the line the author sees."""
    start = text.find(body[:200]) if body else -1
    return text.count("\n", 0, start) + 1 if start >= 0 else 1


# Keys other blog engines use, and what brandkit calls them: a precise hint beats a guess.
FOREIGN_KEYS = {
    "summary": "description",
    "excerpt": "description",
    "aliases": "redirect_from",
    "categories": "tags",
    "category": "tags",
    "canonicalURL": "canonical_url",
    "canonicalUrl": "canonical_url",
    "canonical": "canonical_url",
    "lastmod": "updated",
    "last_modified_at": "updated",
    "cover_image": "cover",
    "featured_image": "cover",
    "image": "cover",
    "series_weight": "series_order",
    "author": "authors",
}
# What `brandkit check --fix` converts itself (brandkit.content.fix): keys renamed as they are,
# keys whose values join another list, and cross-post ids moved into the state file's ledger.
FIX_RENAMES = {
    "summary": "description",
    "excerpt": "description",
    "canonicalURL": "canonical_url",
    "canonicalUrl": "canonical_url",
    "canonical": "canonical_url",
    "aliases": "redirect_from",
    "lastmod": "updated",
    "last_modified_at": "updated",
    "series_weight": "series_order",
}
# Not converted: a cover or image path means another folder to each engine, and `author` names
# a person where `authors` lists keys of mkdocs.yml's `authors:`; `check` says what to do.
FIX_MERGES = {"categories": "tags", "category": "tags"}
FIX_LEDGER_KEYS = {"devto_id": "devto", "hashnode_id": "hashnode"}
FIXABLE_KEYS = frozenset({*FIX_RENAMES, *FIX_MERGES, *FIX_LEDGER_KEYS})
SUGGEST_CUTOFF = 0.7  # "tagz" -> tags, but not "categories" -> series or "images" -> tags


def unknown_keys(meta: dict[str, Any], known: tuple[str, ...], shown: str) -> list[Problem]:
    """A warning per key brandkit does not know, with what brandkit calls it (for other blog
    engines' keys) or the closest known key when one is close."""
    found = []
    for key in meta:
        if key in known:
            continue
        name = str(key)
        target = FOREIGN_KEYS.get(name)
        if name in FIX_LEDGER_KEYS:
            hint = "brandkit keeps cross-post ids in .brandkit/state.json; "
        elif target in known:
            hint = f"brandkit calls it `{target}`; "
        else:
            close = difflib.get_close_matches(name, known, n=1, cutoff=SUGGEST_CUTOFF)
            hint = f"did you mean '{close[0]}'? " if close else ""
        if name in FIXABLE_KEYS:
            fix = f"{hint}`brandkit check --fix` converts it"
        elif "extra" in known:
            fix = f"{hint}rename it, move it under `extra:` to keep it, or remove it"
        else:
            fix = f"{hint}rename or remove it"
        found.append(Problem(shown, name, "unknown front-matter key", fix))
    return found


def short(value: Any, limit: int = 60) -> str:
    """`repr(value)`, cut to about `limit` characters: an error stays one readable line."""
    shown = repr(value)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def text(meta: dict[str, Any], key: str, problem: ProblemFn, *, required: str = "") -> str:
    """A text value; `required` is an example value, given when the key must be present."""
    value = meta.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problem(key, "missing or empty", f"add `{key}: {required}` to the front matter")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        problem(key, f"{short(value)} is not text", f'write it as `{key}: "..."`')
        return ""
    return str(value).strip()


def text_list(
    meta: dict[str, Any], key: str, problem: ProblemFn, example: str, *, what: str = "words"
) -> tuple[str, ...]:
    """A list of words (a comma-separated text counts as one), without blanks or repeats."""
    value = meta.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or any(
        isinstance(v, bool) or not isinstance(v, str | int | float) for v in value
    ):
        problem(key, f"must be a list of {what}", f"write `{key}: {example}`")
        return ()
    items: list[str] = []
    for item in value:
        word = str(item).strip()
        if word and word not in items:
            items.append(word)
    return tuple(items)


def flag(meta: dict[str, Any], key: str, problem: ProblemFn, *, fix: str = "") -> bool:
    """true or false; absent is false. `fix` replaces the default advice."""
    value = meta.get(key, False)
    if not isinstance(value, bool):
        fix = fix or f"write `{key}: true` or remove it"
        problem(key, f"{value!r} is not true or false", fix)
        return False
    return value


def is_http_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def is_url_like(value: str) -> bool:
    """Whether `value` names a web address (http, https), which then needs a host."""
    return urlsplit(value).scheme.lower() in ("http", "https")


def url(
    meta: dict[str, Any], key: str, problem: ProblemFn, example: str, *, fix: str = ""
) -> str | None:
    """An absolute http(s) URL; `fix` replaces the default advice (write e.g. the example)."""
    value = meta.get(key)
    if value is None or value == "":
        return None
    if not is_http_url(value):
        fix = fix or f"write e.g. `{key}: {example}`"
        problem(key, f"{value!r} is not an absolute http(s) URL", fix)
        return None
    return str(value)


def to_datetime(value: Any) -> datetime | date | None:
    """A YAML date or datetime as parsed, or an ISO 8601 text; None for anything else."""
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip().replace(" ", "T", 1))
        except ValueError:
            return None
    return None


def aware(value: datetime | date, tz: ZoneInfo) -> datetime:
    """A timezone-aware moment: a bare day is midnight, a naive time is local, in `tz`."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(0, 0), tz)
    return value if value.tzinfo else value.replace(tzinfo=tz)


def moment(
    meta: dict[str, Any],
    key: str,
    problem: ProblemFn,
    tz: ZoneInfo,
    *,
    fix: str,
    required: str = "",
) -> datetime | None:
    """A date or time as an aware datetime. `fix` says how to write one; `required` (the fix for
    a missing key) makes the key required, otherwise absent or empty is None."""
    raw = meta.get(key)
    if raw is None or raw == "":
        if required:
            problem(key, "missing", required)
        return None
    value = to_datetime(raw)
    if value is None:
        problem(key, f"{raw!r} is not a date", fix)
        return None
    if value.year < EARLIEST_YEAR:
        # Feeds and sitemaps cannot say year 1 (RSS printed "01 Jan 1"): a typo, not a date.
        problem(key, f"{raw!r} is before {EARLIEST_YEAR}", f"write the real date; {fix}")
        return None
    return aware(value, tz)


def updated(meta: dict[str, Any], problem: ProblemFn, timezone: str) -> datetime | None:
    """The optional `updated` date of a page (when it last changed: the sitemap's lastmod)."""
    fix = "write it as YYYY-MM-DD, or remove the key"
    return moment(meta, "updated", problem, ZoneInfo(timezone), fix=fix)

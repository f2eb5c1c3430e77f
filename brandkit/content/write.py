"""Create new content files: front matter that round-trips, unique ASCII slugs, never overwrite."""

from __future__ import annotations

import uuid
import zoneinfo
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from brandkit.content.fields import DATE_PREFIX_RE, slugify
from brandkit.content.posts import RESERVED_SEGMENTS
from brandkit.errors import BrandkitError

MAX_TRIES = 1000


def front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter block; PyYAML quotes whatever needs quoting (quotes, &, <, ':')."""
    body = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
    return f"---\n{body}---\n"


def parse_when(value: str | None, timezone: str) -> datetime:
    tz = zoneinfo.ZoneInfo(timezone)
    if value is None:
        return datetime.now(tz).replace(second=0, microsecond=0)
    try:
        when = datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError as exc:
        raise BrandkitError(
            f"--date {value!r} is not a date; write YYYY-MM-DD or YYYY-MM-DDTHH:MM+HH:MM."
        ) from exc
    return when if when.tzinfo else when.replace(tzinfo=tz)


def existing_slugs(folder: Path) -> set[str]:
    """Slugs taken by any Markdown file in `folder`: file stems and `slug:` keys, even in files
    that do not parse (a broken post must not lose its URL to a new one)."""
    taken: set[str] = set()
    if not folder.is_dir():
        return taken
    for path in folder.rglob("*.md"):
        taken.add(slugify(DATE_PREFIX_RE.sub("", path.stem)))
        try:
            head = path.read_text(encoding="utf-8").split("\n---", 1)[0]
        except (OSError, UnicodeDecodeError):
            continue
        for line in head.splitlines():
            if line.startswith("slug:"):
                taken.add(line.split(":", 1)[1].strip().strip("'\""))
    return taken


def unique_slug(title: str, taken: set[str], fallback: str = "post") -> str:
    base = slugify(title) or fallback
    if base in RESERVED_SEGMENTS:
        base = f"{base}-{fallback}"
    slug = base
    for n in range(2, MAX_TRIES):
        if slug not in taken:
            return slug
        slug = f"{base}-{n}"
    raise BrandkitError(f"too many posts named {base!r}; pick another title.")


def post_text(
    title: str,
    when: datetime,
    *,
    tags: Sequence[str] = (),
    series: str | None = None,
    draft: bool = False,
    description: str = "",
    body: str | None = None,
) -> str:
    meta: dict[str, Any] = {
        "id": f"urn:uuid:{uuid.uuid4()}",
        "title": title,
        "date": when,
        "description": description,
        "tags": list(tags),
    }
    if series:
        meta["series"] = series
    if draft:
        meta["draft"] = True
    if body is None:
        body = (
            "Start with the problem you ran into, then what you tried and what worked.\n\n"
            '```python\nprint("hello, world")\n```\n'
        )
    return front_matter(meta) + "\n" + body


def create_post(folder: Path, title: str, when: datetime, **kwargs: Any) -> Path:
    """Write a new post file in `folder` and return its path; never overwrites."""
    from brandkit.files import write_new_file

    if not title.strip():
        raise BrandkitError('the post title is empty; give one, e.g. brandkit post new "My post".')
    taken = existing_slugs(folder)
    for _ in range(MAX_TRIES):
        slug = unique_slug(title, taken)
        path = folder / f"{slug}.md"
        if write_new_file(path, post_text(title.strip(), when, **kwargs)):
            return path
        taken.add(slug)  # created meanwhile by someone else: take the next one
    raise BrandkitError(f"{folder}: could not find a free file name for {title!r}.")

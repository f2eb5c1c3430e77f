"""Create project and talk files for `brandkit project new` and `brandkit talk new`.

Same guarantees as posts: a unique URL-safe file name, front matter that round-trips through
the loader, and never overwriting a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from brandkit.content.write import MAX_TRIES, existing_slugs, front_matter, unique_slug
from brandkit.errors import BrandkitError

PROJECT_BODY = (
    "What problem does it solve, and for whom? How does it work, and what was hard?\n\n"
    "## Highlights\n\n- A result you are proud of\n- Something you learned\n"
)
TALK_BODY = (
    "Notes, links and references from the talk. Put the slides next to this file (e.g.\n"
    "`slides.pdf`) and set `slides: slides.pdf`, or link them with a full URL.\n"
)


def _create(folder: Path, name: str, text: str, fallback: str, reserved: Sequence[str]) -> Path:
    from brandkit.files import write_new_file

    taken = existing_slugs(folder) | set(reserved)
    for _ in range(MAX_TRIES):
        slug = unique_slug(name, taken, fallback)
        path = folder / f"{slug}.md"
        if write_new_file(path, text):
            return path
        taken.add(slug)
    raise BrandkitError(f"{folder}: could not find a free file name for {name!r}.")


def create_project(
    folder: Path,
    name: str,
    *,
    summary: str = "",
    tech: Sequence[str] = (),
    year: int,
    featured: bool = False,
    body: str = PROJECT_BODY,
) -> Path:
    name = name.strip()
    if not name:
        raise BrandkitError('the project name is empty; e.g. brandkit project new "pgwatch".')
    meta: dict[str, object] = {
        "name": name,
        "summary": summary or "One sentence on what it does and for whom.",
        "repository": "",
        "url": "",
        "tech": list(tech),
        "role": "Author",
        "status": "active",
        "year": year,
        "featured": featured,
        "updated": date.today(),  # the sitemap's lastmod: change it when you edit
    }
    return _create(folder, name, front_matter(meta) + "\n" + body, "project", ("tech", "index"))


def create_talk(
    folder: Path,
    title: str,
    when: date | datetime,
    *,
    event: str = "",
    location: str = "",
    abstract: str = "",
    body: str = TALK_BODY,
) -> Path:
    title = title.strip()
    if not title:
        raise BrandkitError('the talk title is empty; e.g. brandkit talk new "Fast tests".')
    meta: dict[str, object] = {
        "title": title,
        "event": event or "Conference name",
        "date": when,
        "location": location or "Online",
        "abstract": abstract or "What the talk is about and what people take away.",
        "slides": "",
        "video": "",
        "updated": date.today(),
    }
    return _create(folder, title, front_matter(meta) + "\n" + body, "talk", ("index",))

"""Portfolio projects: one Markdown file per project in `content/projects/`.

Front matter (only `name` and `summary` are required):

    name: pgwatch-lite
    summary: One sentence on what it does and for whom.
    repository: https://github.com/you/pgwatch-lite
    url: https://pgwatch-lite.example.dev/      # the live site or package page
    tech: [Python, PostgreSQL]
    role: Author and maintainer
    status: active                              # active, maintained, complete, archived, paused
    year: 2025                                  # or a range such as "2021-2024"
    featured: true                              # shown on the home page
    image: ../images/pgwatch.png                # relative to this file, or an https URL
    updated: 2026-03-01                         # when this page last changed (sitemap lastmod)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from brandkit.content import documents as d
from brandkit.content import fields as f
from brandkit.content.fields import tag_slug

PROJECTS_DIR = "projects"
KNOWN_KEYS = (
    "name",
    "summary",
    "repository",
    "url",
    "tech",
    "role",
    "status",
    "year",
    "featured",
    "image",
    "image_alt",
    "order",
    "updated",
)
STATUSES = ("active", "maintained", "complete", "archived", "paused", "experimental")
# URL segments under /projects/ that brandkit generates itself.
RESERVED = ("tech", "index")
_YEAR_RE = re.compile(r"^(\d{4})(?:\s*[-\u2013]\s*(\d{4}|present|now))?$")


@dataclass(frozen=True)
class Tech:
    name: str
    slug: str
    url: str  # site-relative, e.g. "projects/tech/python/"
    projects: tuple[PortfolioProject, ...]


@dataclass(frozen=True)
class PortfolioProject:
    source: str  # docs-relative path of the Markdown file
    slug: str
    url: str  # site-relative: "projects/<slug>/"
    name: str
    summary: str
    body: str
    repository: str | None = None
    live_url: str | None = None
    tech: tuple[str, ...] = ()
    role: str = ""
    status: str = ""
    year: str = ""
    featured: bool = False
    image: str | None = None  # docs-relative path or absolute URL
    image_alt: str = ""
    order: int = 0
    updated: datetime | None = None

    @property
    def sort_year(self) -> int:
        match = _YEAR_RE.match(self.year)
        if not match:
            return 0
        end = match.group(2)
        if end and end.isdigit():
            return int(end)
        return 9999 if end else int(match.group(1))

    def tech_slugs(self) -> list[tuple[str, str]]:
        return [(name, tag_slug(name)) for name in self.tech]


def load_projects(
    docs_dir: Path, root: Path, found: f.Collected, timezone: str = "UTC"
) -> list[PortfolioProject]:
    """Every valid project, newest (by year) first; problems go to `found`."""
    projects = d.load_folder(
        docs_dir / PROJECTS_DIR,
        docs_dir,
        root,
        KNOWN_KEYS,
        found,
        lambda doc: _project(doc, found, timezone),
    )
    return sort_projects(projects)


def sort_projects(projects: Sequence[PortfolioProject]) -> list[PortfolioProject]:
    return sorted(projects, key=lambda p: (p.order, -p.sort_year, p.name.lower()))


def _project(doc: d.Document, found: f.Collected, timezone: str) -> PortfolioProject | None:
    problem = d.problem_fn(doc, found)
    meta = doc.meta
    slug = d.file_slug(doc, RESERVED, problem)
    name = f.text(meta, "name", problem, required="My project")
    summary = f.text(meta, "summary", problem, required='"One sentence on what it does."')
    repository = f.url(meta, "repository", problem, "https://github.com/you/project")
    live_url = f.url(meta, "url", problem, "https://project.example.com/")
    tech = f.text_list(meta, "tech", problem, "[Python, PostgreSQL]")
    role = f.text(meta, "role", problem)
    status = f.text(meta, "status", problem).lower()
    if status and status not in STATUSES:
        problem("status", f"unknown status {status!r}", f"use one of: {', '.join(STATUSES)}")
        status = ""
    year = f.text(meta, "year", problem)
    if year and not _YEAR_RE.match(year):
        problem("year", f"{year!r} is not a year", "write `year: 2025` or `year: 2021-2024`")
        year = ""
    featured = f.flag(meta, "featured", problem)
    image = d.link_or_file(doc, "image", problem, "../images/project.png")
    order = meta.get("order", 0)
    if isinstance(order, bool) or not isinstance(order, int):
        problem("order", f"{order!r} is not a whole number", "write `order: 1` or remove it")
        order = 0
    updated = f.updated(meta, problem, timezone)
    if not (slug and name and summary):
        return None
    return PortfolioProject(
        source=doc.source,
        slug=slug,
        url=f"{PROJECTS_DIR}/{slug}/",
        name=name,
        summary=summary,
        body=doc.body,
        repository=repository,
        live_url=live_url,
        tech=tech,
        role=role,
        status=status,
        year=year,
        featured=featured,
        image=image,
        image_alt=f.text(meta, "image_alt", problem) or f"Screenshot of {name}",
        order=order,
        updated=updated,
    )


def techs(projects: Sequence[PortfolioProject]) -> list[Tech]:
    """One entry per technology, most used first; names that slug alike are merged."""
    by_slug: dict[str, list[PortfolioProject]] = {}
    names: dict[str, str] = {}
    for project in projects:
        for name, slug in project.tech_slugs():
            names.setdefault(slug, name)
            by_slug.setdefault(slug, []).append(project)
    ordered = sorted(by_slug, key=lambda s: (-len(by_slug[s]), names[s].lower()))
    return [Tech(names[s], s, f"{PROJECTS_DIR}/tech/{s}/", tuple(by_slug[s])) for s in ordered]

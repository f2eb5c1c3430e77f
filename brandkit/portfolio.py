"""The portfolio side of a site: profile, projects, talks and resume, as one pure model.

`load_portfolio()` reads `content/projects/*.md`, `content/talks/*.md` and `content/resume.json`,
collecting every problem; `Portfolio.pages()` lists the pages a build makes from them. The MkDocs
plugin only hands those pages to MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brandkit.content.fields import Collected, Problem, is_http_url
from brandkit.content.models import Person
from brandkit.content.profile import Profile, person_from
from brandkit.content.projects import PROJECTS_DIR, PortfolioProject, Tech, load_projects, techs
from brandkit.content.resume import RESUME_FILE, Resume, load_resume
from brandkit.content.talks import TALKS_DIR, Talk, load_talks, split
from brandkit.errors import ContentError

if TYPE_CHECKING:
    from brandkit.project import Project as BrandkitProject

PROJECTS_URL = f"{PROJECTS_DIR}/"
TALKS_URL = f"{TALKS_DIR}/"
RESUME_URL = "resume/"


@dataclass(frozen=True)
class PageSpec:
    """A page the build makes. `path` is its docs-relative source: a generated `…/index.md`, or
    the user's own Markdown file when `own_file` (MkDocs renders its body as usual)."""

    path: str
    kind: str  # template name under brandkit/: projects, tech, project, talks, talk, resume
    title: str
    description: str
    data: dict[str, Any] = field(default_factory=dict)
    own_file: bool = False
    lastmod: datetime | None = None  # the sitemap's; None when the content does not say
    # Breadcrumbs between the home page and this page: (name, site-relative URL) pairs.
    trail: tuple[tuple[str, str], ...] = ()


@dataclass
class Portfolio:
    profile: Profile
    person: Person
    projects: list[PortfolioProject]
    techs: list[Tech]
    talks: list[Talk]
    upcoming: list[Talk]
    past: list[Talk]
    resume: Resume | None
    found: Collected = field(default_factory=Collected)
    projects_url: str = PROJECTS_URL
    talks_url: str = TALKS_URL
    resume_url: str = RESUME_URL
    timezone: str = "UTC"

    @property
    def problems(self) -> list[Problem]:
        return self.found.problems

    @property
    def warnings(self) -> list[Problem]:
        return self.found.warnings

    def raise_for_problems(self, *, strict: bool = False) -> None:
        found = self.problems + (self.warnings if strict else [])
        if found:
            raise ContentError([str(p) for p in found])

    @property
    def featured(self) -> list[PortfolioProject]:
        chosen = [p for p in self.projects if p.featured] or self.projects
        return chosen[: self.profile.featured_projects]

    @property
    def home_talks(self) -> list[Talk]:
        return self.upcoming[: self.profile.upcoming_talks]

    @property
    def own_sources(self) -> set[str]:
        """The user's files that become portfolio pages (kept in MkDocs' file list)."""
        return {p.source for p in self.projects} | {t.source for t in self.talks}

    @property
    def private_sources(self) -> set[str]:
        """Files read by brandkit that must not be copied into the site as they are."""
        return {RESUME_FILE}

    def tech_of(self, project: PortfolioProject) -> list[Tech]:
        by_slug = {t.slug: t for t in self.techs}
        return [by_slug[slug] for _, slug in project.tech_slugs() if slug in by_slug]

    def talk_lastmod(self, talk: Talk) -> datetime | None:
        """Its `updated` date; else, once it has been given, the day of the talk (slides and
        recording come after). Never a date in the future."""
        past = {t.source for t in self.past}
        return talk.updated or (talk.date if talk.source in past else None)

    def pages(self, site_name: str) -> list[PageSpec]:
        name = self.profile.name or site_name
        pages = [
            PageSpec(
                f"{PROJECTS_URL}index.md",
                "projects",
                "Projects",
                f"Software {name} has built, maintains or contributed to.",
                lastmod=_latest(p.updated for p in self.projects),
            ),
        ]
        for tech in self.techs:
            pages.append(
                PageSpec(
                    f"{tech.url}index.md",
                    "tech",
                    f"Projects using {tech.name}",
                    f"{name}'s projects built with {tech.name}.",
                    {"tech": tech},
                    lastmod=_latest(p.updated for p in tech.projects),
                    trail=(("Projects", self.projects_url),),
                )
            )
        for project in self.projects:
            pages.append(
                PageSpec(
                    project.source,
                    "project",
                    project.name,
                    project.summary,
                    {"project": project},
                    own_file=True,
                    lastmod=project.updated,
                    trail=(("Projects", self.projects_url),),
                )
            )
        pages.append(
            PageSpec(
                f"{TALKS_URL}index.md",
                "talks",
                "Talks",
                f"Upcoming and past talks by {name}, with slides and recordings.",
                lastmod=_latest(self.talk_lastmod(t) for t in self.talks),
            )
        )
        for talk in self.talks:
            pages.append(
                PageSpec(
                    talk.source,
                    "talk",
                    talk.title,
                    talk.abstract or f"{talk.title}: a talk by {name} at {talk.event}.",
                    {"talk": talk},
                    own_file=True,
                    lastmod=self.talk_lastmod(talk),
                    trail=(("Talks", self.talks_url),),
                )
            )
        pages.append(
            PageSpec(
                f"{RESUME_URL}index.md",
                "resume",
                "Resume",
                f"The resume of {name}"
                + (f", {self.resume.label}." if self.resume and self.resume.label else "."),
                {"resume": self.resume},
                lastmod=self.resume.last_modified(self.timezone) if self.resume else None,
            )
        )
        return pages


def _latest(dates: Iterable[datetime | None]) -> datetime | None:
    return max((d for d in dates if d is not None), default=None)


def load_portfolio(
    docs_dir: Path,
    *,
    profile: Profile,
    site_url: str | None,
    timezone: str,
    now: datetime,
    root: Path | None = None,
    fallback_name: str = "",
) -> Portfolio:
    """Read and validate everything; problems are collected on the result, never raised here."""
    root = (root or docs_dir.parent).resolve()
    found = Collected()
    projects = load_projects(docs_dir, root, found, timezone)
    talks = load_talks(docs_dir, root, timezone, found)
    resume = load_resume(docs_dir, root, found)
    profile = profile.with_resume(resume)
    if not profile.name and fallback_name:
        profile = replace(profile, name=fallback_name)
    avatar = profile.avatar
    if (
        avatar
        and not is_http_url(avatar)
        and (avatar.startswith("/") or not (docs_dir / avatar).is_file())
    ):
        found.problems.append(
            Problem(
                "mkdocs.yml",
                "plugins.brandkit.profile.avatar",
                f"image {avatar!r} not found in {docs_dir.name}/",
                "give a path relative to the docs folder, e.g. images/avatar.jpg",
            )
        )
        profile = replace(profile, avatar=None)
    if not profile.avatar_alt and profile.name:
        profile = replace(profile, avatar_alt=f"Photo of {profile.name}")
    upcoming, past = split(talks, now)
    return Portfolio(
        profile=profile,
        person=person_from(profile, resume, site_url),
        projects=projects,
        techs=techs(projects),
        talks=talks,
        upcoming=upcoming,
        past=past,
        resume=resume,
        found=found,
        timezone=timezone,
    )


def project_portfolio(project: BrandkitProject, now: datetime) -> Portfolio:
    """The portfolio of a loaded site (mkdocs.yml and its brandkit block)."""
    from brandkit.config.settings import profile_from

    return load_portfolio(
        project.docs_dir,
        profile=profile_from(project.config),
        site_url=project.settings.site_url,
        timezone=project.settings.timezone,
        now=now,
        root=project.root,
        fallback_name=project.site.site_author,
    )

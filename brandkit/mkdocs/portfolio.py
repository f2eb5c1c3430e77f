"""MkDocs glue for the portfolio: hands MkDocs the projects, talks and resume pages.

Called from the brandkit plugin's events; all content logic lives in `brandkit.portfolio`.
Project and talk pages are the user's own Markdown files (so relative links and images in their
bodies work as written), rendered through brandkit templates; listing pages are generated.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from brandkit.config.settings import profile_from
from brandkit.content.models import Person, Settings
from brandkit.content.resume import Resume
from brandkit.portfolio import Portfolio, load_portfolio
from brandkit.site import build_now

if TYPE_CHECKING:
    from brandkit.mkdocs.plugin import BrandkitPlugin


def add_portfolio(plugin: BrandkitPlugin, files: Files, config: MkDocsConfig) -> Portfolio:
    """Load the portfolio, register its pages on the plugin and add them to `files`."""
    from brandkit.mkdocs.generated import GeneratedPage
    from brandkit.mkdocs.plugin import log

    settings: Settings | None = plugin.settings
    assert settings is not None
    portfolio = load_portfolio(
        Path(config.docs_dir),
        profile=profile_from(plugin.options),
        site_url=settings.site_url,
        timezone=settings.timezone,
        now=build_now(),
        root=plugin.root,
        fallback_name=str(config.get("site_author") or ""),
    )
    # Reported with every other problem when the build ends (BrandkitPlugin.problems).
    plugin.problems.extend(str(p) for p in portfolio.problems)
    for warning in portfolio.warnings:
        log.warning("%s", warning)
    for src_uri in portfolio.private_sources:
        private = files.get_file_from_path(src_uri)
        if private is not None:
            files.remove(private)
    for spec in portfolio.pages(settings.site_name):
        page = GeneratedPage(
            spec.kind,
            spec.title,
            spec.description,
            spec.data,
            keep_body=spec.own_file,
            lastmod=spec.lastmod,
            trail=spec.trail,
        )
        if spec.own_file:
            own = files.get_file_from_path(spec.path)
            if own is not None:
                own.inclusion = InclusionLevel.NOT_IN_NAV
        else:
            if files.get_file_from_path(spec.path) is not None:
                raise PluginError(
                    f"{config.docs_dir}/{spec.path}: brandkit generates this page itself; move "
                    "or rename your file."
                )
            files.append(
                File.generated(config, spec.path, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            )
        plugin.pages[spec.path] = page
    return portfolio


def seo_owner(portfolio: Portfolio) -> Person | None:
    """The site owner for schema.org (home page `Person`, posts' publisher), taken from the
    resume and the profile: name, job title, photo, bio and the rel="me" profiles as sameAs."""
    return portfolio.person if portfolio.person.name else None


def portfolio_globals(portfolio: Portfolio | None) -> dict[str, Any]:
    """What templates see under `brandkit`: the portfolio and the site owner's Person."""
    if portfolio is None:
        return {}
    return {"portfolio": portfolio, "person": portfolio.person, "resume_view": Resume}

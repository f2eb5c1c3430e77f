"""MkDocs glue for `brandkit.redirects`: the redirect pages of the posts' `redirect_from`, added
to the build as generated files once every page and listing is known, so none can be hidden."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from brandkit import redirects
from brandkit.content.models import Post, Settings
from brandkit.site import build_now

log = logging.getLogger("mkdocs.plugins.brandkit")


def add_redirect_pages(
    files: Files,
    config: MkDocsConfig,
    posts: Sequence[Post],
    settings: Settings,
    shown: Mapping[str, str],
    problems: list[str],
) -> Files:
    """`files` with a redirect page for each old address of a published post. Conflicting
    addresses go to `problems` (one line each; the build reports them with every other problem
    when it ends); addresses a static host cannot serve are warnings, so `build --strict` (and
    `check --strict`) fail on them too."""
    taken = {f.dest_uri: f.src_uri for f in files}
    pages, errors, warnings = redirects.plan(posts, settings, taken, shown, build_now())
    problems.extend(str(p) for p in errors)
    for warning in warnings:
        log.warning("%s", warning)
    for redirect in pages:
        files.append(
            File.generated(
                config,
                redirect.dest,
                content=redirects.page(redirect, settings),
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
        )
    return files

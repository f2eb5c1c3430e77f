"""Problems in the content folder that the plugin finds around MkDocs' own steps: symbolic links
that lead outside the project (before MkDocs walks the folders), pages with broken front matter
or in another encoding (set aside, so MkDocs does not read them), links in posts that name no
page or file, and the end-of-build report of every problem found, so one build lists them all."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel

from brandkit.confine import tree_link_problems
from brandkit.content.fields import display_path
from brandkit.content.pages import page_problems
from brandkit.site import SiteModel
from brandkit.text import count

log = logging.getLogger("mkdocs.plugins.brandkit")


def shown(path: Path, root: Path) -> str:
    # The folder resolved, not the file: a symbolic link is named as itself.
    return f"{display_path(path.parent, root)}/{path.name}"


def refuse_outside_links(config: MkDocsConfig, root: Path) -> None:
    """Stop the build on a symbolic link in the content or theme folder that leads outside the
    project (MkDocs follows links, loops included)."""
    folders = [config.docs_dir, config.theme.custom_dir]
    links = [
        line
        for folder in folders
        if folder
        for line in tree_link_problems(Path(folder), root, lambda p: shown(p, root))
    ]
    if links:
        raise PluginError("\n".join(links))


def set_aside(files: Files, out: Files, posts: set[str], valid: set[str], root: Path) -> list[str]:
    """Pages with problems stay known (links to them are not reported again) but are not read:
    MkDocs would crash on a page that is not UTF-8. Ordinary pages are checked here
    (`page_problems`), since MkDocs passes over broken front matter silently. Returns the
    problems found."""
    problems: list[str] = []
    for f in files:
        if f.src_uri in posts:
            if f.src_uri in valid:
                continue
            f.inclusion = InclusionLevel.NOT_IN_NAV
            out.append(f)
        elif f.is_documentation_page():
            page = Path(f.abs_src_path or f.src_uri)
            found = page_problems(page, shown(page, root))
            problems.extend(str(p) for p in found)
            if not found:
                continue
        else:
            continue
        f.content_string = ""
    return problems


def warn_broken_links(model: SiteModel, where: Mapping[str, str], anchors: int) -> None:
    """Links in posts to missing pages and files (warnings), and to an #anchor that names no
    heading of the post it links to, at `anchors`: MkDocs' `validation.anchors` level, the one
    it uses for the same mistake in pages (info unless set to warn)."""
    for post, url in model.broken_anchors:
        log.log(
            anchors,
            "%s: link %r names no heading of that post; fix the part after '#'",
            where[post.source],
            url,
        )
    for post, url in model.broken_links:
        path = url.partition("#")[0].partition("?")[0]
        what = "points to no page" if path.endswith(".md") else "names no file"
        log.warning(
            "%s: link %r %s; fix the path (relative to the post file)",
            where[post.source],
            url,
            what,
        )


def raise_problems(problems: list[str]) -> None:
    if problems:
        lines = "\n".join(problems)
        raise PluginError(
            f"{lines}\n{count(len(problems), 'problem')} in content: fix the files above and "
            "run again."
        )

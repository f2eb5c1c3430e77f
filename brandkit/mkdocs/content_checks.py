"""Checks of the content MkDocs is about to read, made by the plugin around MkDocs' own.

- Before MkDocs walks docs_dir and the theme folder (it follows symbolic links, loops included,
  and copies what they point to): every link that leads outside the project, nowhere or into a
  loop is refused (`link_problems`).
- Ordinary pages are read first (`set_aside`): MkDocs crashes on a page that is not UTF-8 and
  passes over broken front matter silently. A page or post with a problem stays known (links to
  it are not reported again) but is given to MkDocs empty; the build fails when it ends.
- A post's link to a missing file is named as such (`broken_link`).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, InclusionLevel

from brandkit.confine import tree_link_problems
from brandkit.content.fields import display_path
from brandkit.content.pages import page_problems
from brandkit.text import count


def shown(path: Path, root: Path) -> str:
    """`path` as the user sees it; its folder resolved, not the file, so a symbolic link is
    named as itself."""
    return f"{display_path(path.parent, root)}/{path.name}"


def link_problems(config: MkDocsConfig, root: Path) -> list[str]:
    folders = [config.docs_dir, config.theme.custom_dir]
    return [
        line
        for folder in folders
        if folder
        for line in tree_link_problems(Path(folder), root, lambda p: shown(p, root))
    ]


def set_aside(
    files: Files, out: Files, posts: Collection[str], valid: Collection[str], root: Path
) -> list[str]:
    """Problems of the ordinary pages in `files`; those pages, and the posts (of `posts`) not
    in `valid`, are given to MkDocs empty (the posts are added back to `out`, outside the nav)."""
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


def broken_link(where: str, url: str) -> str:
    """The warning for a post's link to nothing: a missing page (.md) or a missing file."""
    path = url.partition("#")[0].partition("?")[0]
    what = "points to no page" if path.endswith(".md") else "names no file"
    return f"{where}: link {url!r} {what}; fix the path (relative to the post file)"


def stop_if_any(problems: list[str]) -> None:
    """End the build with every problem found in it, one line each."""
    if problems:
        lines = "\n".join(problems)
        raise PluginError(
            f"{lines}\n{count(len(problems), 'problem')} in content: fix the files above and "
            "run again."
        )

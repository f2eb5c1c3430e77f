"""The files MkDocs builds the site from, as brandkit hands them over in `on_files`.

Each visible post's own Markdown file stays (so a page can link to `posts/x.md`) but is published
at the post's URL, outside the navigation; drafts and scheduled posts are left out of a build.
Every page brandkit generates (listings, /subscribe/) is added as a `File.generated`; a file of
the user's at the same place is an error, since one would silently replace the other.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from brandkit.content.models import Post


def with_posts(
    files: Iterable[File],
    all_posts: Collection[str],
    visible: Mapping[str, Post],
    config: MkDocsConfig,
    *,
    read_by_brandkit: bool,
) -> Files:
    """`files` with each post's file moved to the post's URL and hidden posts left out. With
    `read_by_brandkit` (no other plugin reads it) MkDocs is given the post's file as empty,
    since brandkit has read and rendered it already."""
    kept: list[File] = []
    for f in files:
        if f.src_uri not in all_posts:
            kept.append(f)
        elif f.src_uri in visible:
            post_file = File(
                f.src_uri,
                f.src_dir,
                f.dest_dir,
                config.use_directory_urls,
                dest_uri=f"{visible[f.src_uri].url}index.html",
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
            if read_by_brandkit:
                post_file.content_string = ""
            kept.append(post_file)
    return Files(kept)


def add_generated(
    files: Files, sources: Iterable[str], config: MkDocsConfig, in_nav: Collection[str]
) -> None:
    """Add a generated page at each of `sources` (outside the nav unless in `in_nav`)."""
    for src_uri in sources:
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(
                f"{config.docs_dir}/{src_uri}: brandkit generates this page itself; move or "
                "rename your file, or change blog_url in the brandkit plugin block."
            )
        inclusion = InclusionLevel.INCLUDED if src_uri in in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src_uri, content="", inclusion=inclusion))

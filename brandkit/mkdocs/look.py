"""brandkit's look on mkdocs-material, set up through Material's documented configuration, and
the image helpers its templates and Markdown use.

Posts and pages have no docs sidebar: the table of contents goes into the navigation
(`toc.integrate`, so no "Table of contents" column and no control-less `<label for="__toc">`),
which brandkit's stylesheet hides on wide screens for a flat nav and keeps as the phone drawer;
a post shows its own table of contents inline (`partials/brandkit/toc.html`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig

from brandkit.content.models import Post
from brandkit.render.images import EXTENSION, Catalog, ImageInfo, Variant

FEATURES = ("toc.integrate",)


def apply(config: MkDocsConfig) -> None:
    """Turn on the Material features brandkit's look relies on (idempotent)."""
    if config.theme.name != "material":
        return
    features = list(config.theme.get("features") or [])
    for feature in FEATURES:
        if feature not in features:
            features.append(feature)
    config.theme["features"] = features


def image_catalog(config: MkDocsConfig, cache_dir: Path) -> Catalog:
    """The raster images of the site (sizes, digests), read once per build, with the WebP
    variants not drawn yet drawn into the cache."""
    catalog = Catalog(Path(config.docs_dir), cache_dir).scan()
    catalog.draw_variants()
    return catalog


def markdown_with_images(config: MkDocsConfig, images: Catalog) -> tuple[list[Any], dict[str, Any]]:
    """The site's Markdown extensions plus brandkit's image sizes (`render.image_sizes`)."""
    extensions = list(config.markdown_extensions)
    configs = dict(config.mdx_configs)
    if EXTENSION not in extensions:
        extensions.append(EXTENSION)
    base = urlsplit(config.site_url or "/").path or "/"
    configs[EXTENSION] = {**images.config(), "base": base, "srcset": True}
    return extensions, configs


@dataclass(frozen=True)
class Cover:
    src: str  # site-relative path or absolute URL
    width: int | None = None
    height: int | None = None
    srcset: tuple[Variant, ...] = ()


class Covers:
    """`brandkit.images` in templates: a post's cover with its size and WebP variants."""

    def __init__(self, images: Catalog) -> None:
        self.images = images

    def cover(self, post: Post) -> Cover | None:
        if not post.cover:
            return None
        info: ImageInfo | None = self.images.get(post.cover)
        if info is None:
            return Cover(post.cover)
        return Cover(post.cover, info.width, info.height, info.srcset)

"""The Python-Markdown extension that gives every content image whose file is in the catalog
(`brandkit.render.images`) its `width` and `height`, `loading="lazy"`, `decoding="async"` and a
`srcset` of its WebP variants (left out of feed items, where readers take the one image)."""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from brandkit.render.images import content_image_path, variant_url, variant_widths

SIZES = "(min-width: 44em) 40rem, 100vw"  # the reading column, else the screen


class _ImageSizes(Treeprocessor):  # type: ignore[misc]
    """Gives each `<img>` whose file is in the catalog its size, lazy loading and a srcset."""

    def __init__(self, md: Markdown, images: dict[str, list[Any]], base: str, srcset: bool):
        super().__init__(md)
        self.images = images
        self.base = base  # the site's path ("/" or "/notes/"): srcset URLs are root-relative
        self.srcset = srcset
        self.source = ""  # the post being rendered (docs-relative), set before each conversion

    def run(self, root: Element) -> None:
        for img in root.iter("img"):
            path = content_image_path(self.source, img.get("src", ""))
            found = self.images.get(path) if path is not None else None
            if found is None:
                continue
            width, height, digest = found
            img.set("width", str(width))
            img.set("height", str(height))
            img.set("loading", "lazy")
            img.set("decoding", "async")
            if self.srcset:
                img.set(
                    "srcset",
                    ", ".join(
                        f"{self.base}{variant_url(digest, w)} {w}w" for w in variant_widths(width)
                    ),
                )
                img.set("sizes", SIZES)


class ImagesExtension(Extension):  # type: ignore[misc]
    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "images": [{}, "docs-relative path -> [width, height, digest]"],
            "base": ["/", "the site's path, for srcset URLs"],
            "srcset": [True, "add srcset/sizes (off in feeds: readers take the one image)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        processor = _ImageSizes(
            md, self.getConfig("images"), self.getConfig("base"), self.getConfig("srcset")
        )
        # After the inline patterns have made the <img> elements.
        md.treeprocessors.register(processor, "brandkit_images", 5)


def makeExtension(**kwargs: Any) -> ImagesExtension:
    return ImagesExtension(**kwargs)

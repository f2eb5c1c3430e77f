"""Images: their sizes, responsive WebP variants drawn with Pillow, and the Markdown extension
that gives every content image `width`/`height`, `loading="lazy"` and a `srcset`.

A `Catalog` lists the raster images under the docs folder with their pixel size and a digest of
their bytes. Each gets WebP copies at a few widths below its own (and one at its own width),
drawn once into the cache as `<digest>-<width>.webp` and published under
`assets/brandkit/img/`: a changed image gets new file names, an unchanged one is never drawn
again. The catalog's digest is part of the Markdown extension's configuration, so the render
cache (keyed by it) is renewed when an image changes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brandkit.files import replace_file
from brandkit.site_files import SiteFiles

log = logging.getLogger(__name__)

IMAGES_URL = "assets/brandkit/img/"  # site-relative folder of the variants
WIDTHS = (480, 960, 1440)
RASTER = {".png", ".jpg", ".jpeg", ".webp"}
WEBP_QUALITY = 80
EXTENSION = "brandkit.render.image_sizes"  # the Markdown extension, by name


@dataclass(frozen=True)
class Variant:
    src: str  # site-relative URL
    width: int


@dataclass(frozen=True)
class ImageInfo:
    path: str  # docs-relative POSIX path of the original
    width: int
    height: int
    digest: str
    widths: tuple[int, ...]  # of its WebP variants, smallest first

    @property
    def srcset(self) -> tuple[Variant, ...]:
        return tuple(Variant(variant_url(self.digest, w), w) for w in self.widths)


def variant_url(digest: str, width: int) -> str:
    return f"{IMAGES_URL}{digest}-{width}.webp"


def variant_widths(width: int) -> tuple[int, ...]:
    """The variant widths for an image `width` pixels wide: the steps below it, and its own."""
    return (*(w for w in WIDTHS if w < width), width)


class Catalog:
    """The raster images under `docs_dir`, read once per build (sizes from the file headers,
    digests from the bytes; both remembered by path, size and modification time)."""

    def __init__(self, docs_dir: Path, cache_dir: Path) -> None:
        self.docs_dir = docs_dir
        self.cache_dir = cache_dir / "images"
        self.images: dict[str, ImageInfo] = {}
        self._memo_path = self.cache_dir / "catalog.json"

    def scan(self) -> Catalog:
        memo = self._load_memo()
        fresh: dict[str, list[Any]] = {}
        images: dict[str, ImageInfo] = {}
        if self.docs_dir.is_dir():
            for path in sorted(self.docs_dir.rglob("*")):
                if path.suffix.lower() not in RASTER or not path.is_file():
                    continue
                rel = path.relative_to(self.docs_dir).as_posix()
                stat = path.stat()
                stamp = [stat.st_size, stat.st_mtime_ns]
                known = memo.get(rel)
                if known is not None and known[:2] == stamp:
                    width, height, digest = known[2:]
                else:
                    found = _measure(path)
                    if found is None:
                        continue
                    width, height, digest = found
                fresh[rel] = [*stamp, width, height, digest]
                images[rel] = ImageInfo(rel, width, height, digest, variant_widths(width))
        self.images = images
        if fresh != memo:
            replace_file(self._memo_path, json.dumps(fresh, sort_keys=True).encode())
        return self

    def config(self) -> dict[str, Any]:
        """The Markdown extension's configuration (JSON-able, so worker processes get it)."""
        return {
            "images": {k: [v.width, v.height, v.digest] for k, v in self.images.items()},
        }

    def get(self, path: str | None) -> ImageInfo | None:
        return self.images.get(path) if path else None

    def draw_variants(self) -> int:
        """Draw the WebP variants not in the cache yet; returns how many were drawn."""
        drawn = 0
        for info in self.images.values():
            missing = [w for w in info.widths if not self._variant(info.digest, w).is_file()]
            if missing:
                _draw(self.docs_dir / info.path, missing, info, self._variant)
                drawn += len(missing)
        if drawn:
            log.info("images: %d WebP variants drawn", drawn)
        return drawn

    def publish(self, files: SiteFiles) -> None:
        """Put every variant into the site being built: kept from the live site when it is
        unchanged there (`brandkit.site_files`), else copied from the cache. A variant already
        in the folder (a server's, or the same picture twice) is the same file: it is named by
        the picture's digest and its width."""
        for info in self.images.values():
            for width in info.widths:
                cached = self._variant(info.digest, width)
                path = variant_url(info.digest, width)
                if cached.is_file() and not (files.site / path).exists():
                    files.put(path, cached.name, cached.read_bytes)

    def _variant(self, digest: str, width: int) -> Path:
        return self.cache_dir / digest[:2] / f"{digest}-{width}.webp"

    def _load_memo(self) -> dict[str, list[Any]]:
        try:
            data = json.loads(self._memo_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}


def _measure(path: Path) -> tuple[int, int, str] | None:
    from PIL import Image, UnidentifiedImageError

    data = path.read_bytes()
    try:
        with Image.open(path) as image:
            if getattr(image, "is_animated", False):
                return None  # an animation stays as it is
            width, height = image.size
    except (OSError, UnidentifiedImageError):
        log.warning("%s: not an image Pillow can read; it is published as it is", path)
        return None
    return width, height, hashlib.sha256(data).hexdigest()[:20]


def _draw(source: Path, widths: list[int], info: ImageInfo, target: Any) -> None:
    from PIL import Image, ImageOps

    with Image.open(source) as opened:
        image = ImageOps.exif_transpose(opened)
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        for width in widths:
            height = max(1, round(info.height * width / info.width))
            scaled = (
                image
                if width == info.width
                else image.resize((width, height), Image.Resampling.LANCZOS)
            )
            out = Path(target(info.digest, width))
            out.parent.mkdir(parents=True, exist_ok=True)
            from io import BytesIO

            buffer = BytesIO()
            scaled.save(buffer, format="WEBP", quality=WEBP_QUALITY, method=4)
            replace_file(out, buffer.getvalue())


def content_image_path(source: str, src: str) -> str | None:
    """The docs-relative path of the file a post's `src` (as written) names, or None for an
    address that is not a file next to the post (another site, the site root, an anchor)."""
    if not src or ":" in src or src.startswith(("/", "#", "//")):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), src.partition("?")[0]))


def set_source(md: Any, source: str) -> None:
    """Tell the extension (if it is loaded) which post the next conversion is."""
    if "brandkit_images" in md.treeprocessors:
        md.treeprocessors["brandkit_images"].source = source

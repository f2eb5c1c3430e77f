"""Social cards: a 1200x630 PNG per page, drawn with Pillow alone, cached by content hash.

A card is a pure function of its `CardSpec` (title, author, site, colours, font file), so its
SHA-256 names the cached file: an unchanged page never draws again, and a changed one gets a new
file name, which also makes social networks fetch the new image instead of their stale copy.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont, ImageFont

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
# Part of every cache key: bump it whenever the drawing changes so old cards are redrawn.
DESIGN_VERSION = "1"

# The header colour of each mkdocs-material primary as brandkit's theme shows it (brandkit.css
# darkens the light ones so white text passes WCAG AA), so cards match the site's header.
MATERIAL_PRIMARY = {
    "red": "#c62828",
    "pink": "#c2185b",
    "purple": "#ab47bd",
    "deep-purple": "#7e56c2",
    "indigo": "#4051b5",
    "blue": "#1565c0",
    "light-blue": "#01579b",
    "cyan": "#00707a",
    "teal": "#00695c",
    "green": "#2e7d32",
    "light-green": "#8bc34b",
    "lime": "#cbdc38",
    "yellow": "#ffec3d",
    "amber": "#ffc105",
    "orange": "#ffa724",
    "deep-orange": "#bf360c",
    "brown": "#795649",
    "grey": "#616161",
    "blue-grey": "#546d78",
    "black": "#000000",
    "white": "#ffffff",
}
MATERIAL_ACCENT = {
    "red": "#ff1a47",
    "pink": "#f50056",
    "purple": "#df41fb",
    "deep-purple": "#7c4dff",
    "indigo": "#526cfe",
    "blue": "#4287ff",
    "light-blue": "#0091eb",
    "cyan": "#00bad6",
    "teal": "#00bda4",
    "green": "#00c753",
    "light-green": "#63de17",
    "lime": "#b0eb00",
    "yellow": "#ffff00",
    "amber": "#ffaa00",
    "orange": "#ff9100",
    "deep-orange": "#ff6e42",
}

# Fonts looked for at runtime, bold first; Pillow's own embedded font is the last resort.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/Library/Fonts/Arial Bold.ttf",
    "/System/Library/Fonts/Supplemental/Arial Bold.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)


@dataclass(frozen=True)
class CardStyle:
    background: str  # "#rrggbb"
    accent: str
    font: str | None  # path of a TrueType/OpenType file; None: Pillow's embedded font


@dataclass(frozen=True)
class CardSpec:
    title: str
    author: str
    site: str  # shown at the bottom, e.g. "jane.example.com"
    style: CardStyle

    def key(self) -> str:
        data = asdict(self)
        data["font_id"] = _font_id(self.style.font)
        data["version"] = DESIGN_VERSION
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()


def find_font(configured: str | None = None) -> str | None:
    """The font file cards use: the configured one, else a common system font, else None."""
    if configured:
        return configured
    return next((p for p in FONT_CANDIDATES if os.path.isfile(p)), None)


@lru_cache(maxsize=16)
def _font_id(path: str | None) -> str:
    if path is None:
        import PIL

        return f"pillow-default-{PIL.__version__}"
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def colour(value: str | None, table: dict[str, str], default: str) -> str:
    """A Material colour name ("teal", "deep orange") or a hex colour, as "#rrggbb"."""
    if not value:
        return default
    name = value.strip().lower().replace(" ", "-")
    if name in table:
        return table[name]
    if name.startswith("#") and len(name) in (4, 7):
        try:
            int(name[1:], 16)
        except ValueError:
            return default
        if len(name) == 4:
            name = "#" + "".join(ch * 2 for ch in name[1:])
        return name
    return default


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _darken(rgb: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    r, g, b = rgb
    return (int(r * factor), int(g * factor), int(b * factor))


def _load_font(path: str | None, size: int) -> FreeTypeFont | ImageFont:
    from PIL import ImageFont

    if path is None:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(path, size=size)


def _wrap(text: str, font: FreeTypeFont | ImageFont, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _fit_title(
    title: str, font_path: str | None, width: int, max_lines: int
) -> tuple[FreeTypeFont | ImageFont, list[str]]:
    for size in (76, 68, 60, 54, 48, 44):
        font = _load_font(font_path, size)
        lines = _wrap(title, font, width)
        if len(lines) <= max_lines and all(font.getlength(line) <= width for line in lines):
            return font, lines
    lines = _wrap(title, font, width)[:max_lines]
    last = lines[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return font, lines


def draw(spec: CardSpec) -> bytes:
    """The card as PNG bytes."""
    from io import BytesIO

    from PIL import Image, ImageDraw

    background = _rgb(spec.style.background)
    # Text colour chosen for contrast: dark text on light backgrounds, white otherwise.
    light = _luminance(background) > 0.4
    ink = (17, 17, 17) if light else (255, 255, 255)
    soft = (60, 60, 60) if light else (235, 235, 235)
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    pen = ImageDraw.Draw(image)
    margin = 80
    pen.rectangle((0, 0, WIDTH, 18), fill=_rgb(spec.style.accent))
    pen.rectangle((0, HEIGHT - 150, WIDTH, HEIGHT), fill=_darken(background, 0.82))

    font, lines = _fit_title(spec.title, spec.style.font, WIDTH - 2 * margin, 4)
    size = getattr(font, "size", 60)
    line_height = int(size * 1.22)
    block = line_height * len(lines)
    top = max(70, (HEIGHT - 150 - block) // 2)
    for i, line in enumerate(lines):
        pen.text((margin, top + i * line_height), line, font=font, fill=ink)

    small = _load_font(spec.style.font, 34)
    footer_y = HEIGHT - 150 + (150 - 40) // 2
    pen.text((margin, footer_y), spec.author, font=small, fill=ink)
    site_width = small.getlength(spec.site)
    pen.text((WIDTH - margin - site_width, footer_y), spec.site, font=small, fill=soft)

    out = BytesIO()
    # Fast zlib level: cards are drawn once per change, but a first build of a big blog draws all.
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()


class CardCache:
    """Cards on disk under `directory`, named by their spec's hash."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.drawn = 0
        self.reused = 0

    def path_for(self, spec: CardSpec) -> Path:
        key = spec.key()
        return self.directory / key[:2] / f"{key}.png"

    def ensure(self, spec: CardSpec) -> Path:
        """The cached card for `spec`, drawing it only if it is not there yet."""
        path = self.path_for(spec)
        if path.is_file():
            self.reused += 1
            return path
        self._store(path, draw(spec))
        self.drawn += 1
        return path

    def ensure_many(self, specs: list[CardSpec]) -> None:
        """Draw every missing card up front, in worker processes when there are many."""
        missing = {spec.key(): spec for spec in specs if not self.path_for(spec).is_file()}
        if len(missing) < PARALLEL_MIN:
            return  # `ensure` draws them one by one as pages are built
        from brandkit.parallel import process_map

        todo = list(missing.values())
        for spec, data in zip(todo, process_map(_draw_chunk, todo), strict=True):
            self._store(self.path_for(spec), data)
            self.drawn += 1

    def _store(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _draw_chunk(specs: list[CardSpec]) -> list[bytes]:
    return [draw(spec) for spec in specs]


# Below this many missing cards, drawing them here is cheaper than starting worker processes.
PARALLEL_MIN = 32


def publish(card: Path, target: Path) -> None:
    """Put a cached card into the site: a hard link when possible (no copy), else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        return
    try:
        os.link(card, target)
    except OSError:
        shutil.copyfile(card, target)

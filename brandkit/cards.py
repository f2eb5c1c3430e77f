"""Social cards: a 1200x630 PNG per page, drawn with Pillow alone, cached by content hash.

A card is a pure function of its `CardSpec` (title, author, site, colours, font file), so its
SHA-256 names the cached file: an unchanged page never draws again, and a changed one gets a new
file name, which also makes social networks fetch the new image instead of their stale copy.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brandkit import cache_file

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont, ImageFont

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
# Part of every cache key: bump it whenever the drawing changes so old cards are redrawn.
DESIGN_VERSION = "3"
# The cache files cards are kept in (`brandkit.cache_file`).
CACHE_KIND, CACHE_VERSION = "card", 1

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
        return _spec_key(self)

    def _key(self) -> str:
        data = asdict(self)
        data["font_id"] = _font_id(self.style.font)
        data["version"] = DESIGN_VERSION
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()


@lru_cache(maxsize=16384)
def _spec_key(spec: CardSpec) -> str:
    return spec._key()


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


@lru_cache(maxsize=32)
def _load_font(path: str | None, size: int) -> FreeTypeFont | ImageFont:
    from PIL import ImageFont

    if path is None:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(path, size=size)


def _wrap(text: str, font: FreeTypeFont | ImageFont, width: int) -> tuple[list[str], list[str]]:
    """The words of `text` in lines of at most `width` pixels where possible, and the lines not
    measured yet: single words, which may be too long (every other line was measured whole)."""
    lines: list[str] = []
    unmeasured: list[str] = []
    current = ""
    for word in text.split():
        if not current:
            current = word
        elif font.getlength(candidate := f"{current} {word}") <= width:
            current = candidate
        else:
            lines.append(current)
            if " " not in current:
                unmeasured.append(current)
            current = word
    if current:
        lines.append(current)
        if " " not in current:
            unmeasured.append(current)
    return lines, unmeasured


def _fit_title(
    title: str, font_path: str | None, width: int, max_lines: int
) -> tuple[FreeTypeFont | ImageFont, list[str]]:
    for size in (76, 68, 60, 54, 48, 44):
        font = _load_font(font_path, size)
        lines, unmeasured = _wrap(title, font, width)
        if len(lines) <= max_lines and all(font.getlength(w) <= width for w in unmeasured):
            return font, lines
    lines = _wrap(title, font, width)[0][:max_lines]
    last = lines[-1]
    while last and font.getlength(last + "…") > width:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return font, lines


# A card is a palette image: text is drawn as an 8-bit coverage mask and each pixel's index is
# the region's base plus the coverage in LEVELS steps. Encoding one byte per pixel instead of
# three makes the PNG several times faster to write (and smaller) with no visible difference.
LEVELS = 64
MAIN, FOOTER, FOOTER_SOFT, ACCENT = 0, LEVELS, 2 * LEVELS, 3 * LEVELS
MARGIN = 80
FOOTER_TOP = HEIGHT - 150
BAR = 19  # rows of the accent bar at the top


def _blend(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> list[int]:
    return [round(x + (y - x) * t) for x, y in zip(a, b, strict=True)]


@lru_cache(maxsize=8)
def _palette(style: CardStyle) -> tuple[int, ...]:
    background = _rgb(style.background)
    footer = _darken(background, 0.82)
    # Text colour chosen for contrast: dark text on light backgrounds, white otherwise.
    light = _luminance(background) > 0.4
    ink = (17, 17, 17) if light else (255, 255, 255)
    soft = (60, 60, 60) if light else (235, 235, 235)
    palette: list[int] = []
    for base, text in ((background, ink), (footer, ink), (footer, soft)):
        for level in range(LEVELS):
            palette += _blend(base, text, level / (LEVELS - 1))
    palette += list(_rgb(style.accent))
    return tuple(palette)


def _coverage(
    size: tuple[int, int],
    texts: Sequence[tuple[tuple[float, float], str, FreeTypeFont | ImageFont]],
) -> Any:
    from PIL import Image, ImageDraw

    mask = Image.new("L", size, 0)
    pen = ImageDraw.Draw(mask)
    for xy, text, font in texts:
        pen.text(xy, text, font=font, fill=255)
    return mask


_TO_LEVEL = [v * (LEVELS - 1) // 255 for v in range(256)]


@lru_cache(maxsize=8)
def _frame(author: str, site: str, style: CardStyle) -> Any:
    """The part shared by every card of a site: accent bar and footer, as palette indices."""
    from PIL import Image, ImageChops

    small = _load_font(style.font, 34)
    footer_y = (150 - 40) // 2
    site_x = WIDTH - MARGIN - small.getlength(site)
    size = (WIDTH, HEIGHT - FOOTER_TOP)
    author_mask = _coverage(size, [((MARGIN, footer_y), author, small)])
    site_mask = _coverage(size, [((site_x, footer_y), site, small)])
    footer = ImageChops.add(
        author_mask.point([FOOTER + level for level in _TO_LEVEL]),
        site_mask.point([0] + [LEVELS + level for level in _TO_LEVEL[1:]]),
    )
    frame = Image.new("L", (WIDTH, HEIGHT), MAIN)
    frame.paste(ACCENT, (0, 0, WIDTH, BAR))
    frame.paste(footer, (0, FOOTER_TOP))
    return frame


def draw(spec: CardSpec) -> bytes:
    """The card as PNG bytes: the site's frame with the page's title drawn on it, saved by
    Pillow's PNG encoder as an 8-bit palette image."""
    from PIL import Image

    font, lines = _fit_title(spec.title, spec.style.font, WIDTH - 2 * MARGIN, 4)
    size = getattr(font, "size", 60)
    line_height = int(size * 1.22)
    top = max(70, (FOOTER_TOP - line_height * len(lines)) // 2)
    # The title sits between the accent bar and the footer, where the frame is all MAIN (0).
    texts = [((MARGIN, top - BAR + i * line_height), line, font) for i, line in enumerate(lines)]
    title = _coverage((WIDTH, FOOTER_TOP - BAR), texts).point(_INDEX)
    indices = _frame(spec.author, spec.site, spec.style).copy()
    indices.paste(title, (0, BAR))
    card = Image.frombytes("P", (WIDTH, HEIGHT), indices.tobytes())
    card.putpalette(_palette(spec.style))
    out = io.BytesIO()
    # Level 1: the fastest deflate; cards are flat colours, so it costs little in size.
    card.save(out, format="PNG", compress_level=1)
    return out.getvalue()


# Coverage to palette index in the title's region (MAIN is 0, so the background stays MAIN).
_INDEX = [MAIN + level for level in _TO_LEVEL]


class CardCache:
    """Cards on disk under `directory`, named by their spec's hash, each a checksummed cache
    file (`brandkit.cache_file`): a damaged one is drawn again, never published."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.drawn = 0
        self.reused = 0

    def path_for(self, spec: CardSpec) -> Path:
        key = spec.key()
        return self.directory / key[:2] / f"{key}.card"

    def ensure(self, spec: CardSpec) -> Path:
        """The cached card for `spec`, drawing it only if it is not there yet (or damaged)."""
        path = self.path_for(spec)
        if intact(path):
            self.reused += 1
            return path
        self._store(path, draw(spec))
        self.drawn += 1
        return path

    def missing(self, specs: list[CardSpec]) -> list[CardSpec]:
        """The cards of `specs` not drawn yet (or damaged), each once."""
        found = {spec.key(): spec for spec in specs if not intact(self.path_for(spec))}
        return list(found.values())

    def job(self, specs: list[CardSpec]) -> tuple[Any, list[CardSpec]]:
        """Drawing `specs` into the cache, as a job for `brandkit.render.pool.run_jobs`."""
        import functools

        return functools.partial(_draw_into, self.directory), specs

    def accept(self, specs: list[CardSpec]) -> None:
        self.drawn += len(specs)

    def _store(self, path: Path, data: bytes) -> None:
        cache_file.write(path, CACHE_KIND, CACHE_VERSION, data)


def warm(style: CardStyle) -> None:
    """In a worker process, before any work: load Pillow and the fonts cards are drawn with."""
    _load_font(style.font, 34)
    _load_font(style.font, 76)


def _draw_into(directory: Path, specs: list[CardSpec]) -> list[None]:
    """In a worker process: draw `specs` into the cache at `directory`."""
    cache = CardCache(directory)
    for spec in specs:
        cache._store(cache.path_for(spec), draw(spec))
    return [None] * len(specs)


def intact(card: Path) -> bool:
    """Whether the cached card at `card` is whole (its checksum matches)."""
    return cache_file.intact(card, CACHE_KIND, CACHE_VERSION)


def publish(card: Path, target: Path) -> None:
    """Copy a cached card into the site (kept if another page with the same card put it there).
    The site gets its own file: changing the cache later cannot change the site."""
    if target.exists():
        return
    data = cache_file.read(card, CACHE_KIND, CACHE_VERSION)
    if data is None:
        raise OSError(f"{card}: the cached social card is damaged; run the build again")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)

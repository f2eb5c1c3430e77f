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
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from brandkit import cache_file, card_text
from brandkit.site_files import SiteFiles

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
# Part of every cache key: bump it whenever the drawing changes so old cards are redrawn.
DESIGN_VERSION = "4"  # 4: bundled fonts, the owner's face in the footer
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
    "custom": "#9c3d1b",  # brandkit's own palette (`primary: custom`, brandkit.css)
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
    "custom": "#f5ae8d",
}


@dataclass(frozen=True)
class CardStyle:
    background: str  # "#rrggbb"
    accent: str
    font: str | None  # path of a TrueType/OpenType file; None: Pillow's embedded font
    avatar: str | None = None  # the owner's photo (PNG, JPEG, WebP); None: their initials
    # The photo's bytes' digest: derived, never passed (a replaced photo makes a new style).
    avatar_id: str | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        found = None
        if self.avatar:
            try:
                found = hashlib.sha256(Path(self.avatar).read_bytes()).hexdigest()
            except OSError:  # drawn with initials (`_avatar` says why)
                found = "unreadable"
        object.__setattr__(self, "avatar_id", found)


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
    """The font cards use: the configured file, else the bundled pair (`card_text`)."""
    if configured:
        return configured
    return card_text.BUNDLED if card_text.LATIN.is_file() else None


@lru_cache(maxsize=16)
def _font_id(path: str | None) -> str:
    if path is None:
        import PIL

        return f"pillow-default-{PIL.__version__}"
    files = card_text.chain(path) if path == card_text.BUNDLED else (path,)
    return hashlib.sha256(b"".join(Path(f).read_bytes() for f in files if f)).hexdigest()


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


# A card is a palette image: text is drawn as an 8-bit coverage mask and each pixel's index is
# the region's base plus the coverage in LEVELS steps. Encoding one byte per pixel instead of
# three makes the PNG several times faster to write (and smaller) with no visible difference.
# The owner's face in the footer (photo or initials) takes the last AVATAR_COLOURS entries.
LEVELS = 64
MAIN, FOOTER, FOOTER_SOFT, ACCENT = 0, LEVELS, 2 * LEVELS, 3 * LEVELS
AVATAR = ACCENT + 1
AVATAR_COLOURS = 256 - AVATAR
AVATAR_SIZE = 96
MARGIN = 80
FOOTER_TOP = HEIGHT - 150
BAR = 19  # rows of the accent bar at the top
TITLE_SIZES = (76, 68, 60, 54, 48, 44)


def _blend(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> list[int]:
    return [round(x + (y - x) * t) for x, y in zip(a, b, strict=True)]


@lru_cache(maxsize=8)
def _palette(author: str, style: CardStyle) -> tuple[int, ...]:
    background = _rgb(style.background)
    footer = _darken(background, 0.82)
    # Text colour chosen for contrast: dark text on light backgrounds, white otherwise.
    light = _luminance(background) > 0.4
    ink = (17, 17, 17) if light else (255, 255, 255)
    soft = (60, 60, 60) if light else (225, 225, 225)
    palette: list[int] = []
    for base, text in ((background, ink), (footer, ink), (footer, soft)):
        for level in range(LEVELS):
            palette += _blend(base, text, level / (LEVELS - 1))
    palette += list(_rgb(style.accent))
    palette += _avatar(author, style)[1]
    return tuple(palette)


@lru_cache(maxsize=8)
def _avatar(author: str, style: CardStyle) -> tuple[Any, list[int]]:
    """The owner's face as a circle on the footer's colour: their photo, or their initials on
    the accent colour. Drawn four times larger and scaled down (smooth edges), then reduced to
    AVATAR_COLOURS colours: palette indices from AVATAR on, and those colours."""
    from PIL import Image, ImageDraw, ImageOps

    big = AVATAR_SIZE * 4
    footer = _darken(_rgb(style.background), 0.82)
    tile = Image.new("RGB", (big, big), footer)
    disc = Image.new("L", (big, big), 0)
    ImageDraw.Draw(disc).ellipse((0, 0, big - 1, big - 1), fill=255)
    face = None
    if style.avatar:
        try:
            with Image.open(style.avatar) as photo:
                face = ImageOps.fit(ImageOps.exif_transpose(photo).convert("RGB"), (big, big))
        except OSError as exc:
            log.warning(
                "%s: the avatar cannot be read (%s); cards show initials", style.avatar, exc
            )
    if face is None:
        accent = _rgb(style.accent)
        face = Image.new("RGB", (big, big), accent)
        initials = card_text.initials(author, style.font)
        if initials:
            size = big * 2 // 5
            mask = Image.new("L", (big, big), 0)
            left = (big - card_text.width(initials, style.font, size)) / 2
            baseline = (big + card_text.ascent(style.font, size) * 0.72) / 2
            card_text.draw(ImageDraw.Draw(mask), left, baseline, initials, style.font, size)
            ink = (17, 17, 17) if _luminance(accent) > 0.4 else (255, 255, 255)
            face.paste(ink, (0, 0, big, big), mask)
    tile.paste(face, (0, 0), disc)
    small = tile.resize((AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS)
    reduced = small.quantize(colors=AVATAR_COLOURS, method=Image.Quantize.MEDIANCUT)
    colours = (reduced.getpalette() or [])[: 3 * AVATAR_COLOURS]
    colours += [0] * (3 * AVATAR_COLOURS - len(colours))
    indices = Image.frombytes("L", reduced.size, reduced.tobytes()).point(lambda i: i + AVATAR)
    return indices, colours


def _coverage(
    size: tuple[int, int], texts: Sequence[tuple[float, float, str, int]], font: Any
) -> Any:
    """A coverage mask of `texts`: (x, baseline, text, font size) each."""
    from PIL import Image, ImageDraw

    mask = Image.new("L", size, 0)
    pen = ImageDraw.Draw(mask)
    for x, baseline, text, font_size in texts:
        card_text.draw(pen, x, baseline, text, font, font_size)
    return mask


_TO_LEVEL = [v * (LEVELS - 1) // 255 for v in range(256)]


@lru_cache(maxsize=8)
def _frame(author: str, site: str, style: CardStyle) -> Any:
    """The part shared by every card of a site: accent bar and footer, as palette indices."""
    from PIL import Image, ImageChops

    # The owner's face, their name beside it (the larger, ink), the site at the right (soft).
    height = HEIGHT - FOOTER_TOP
    face_y = (height - AVATAR_SIZE) // 2
    name_x = MARGIN + AVATAR_SIZE + 28
    size = (WIDTH, height)
    name_line = (height + card_text.ascent(style.font, 36) * 0.72) / 2
    site_line = (height + card_text.ascent(style.font, 30) * 0.72) / 2
    site_x = WIDTH - MARGIN - card_text.width(site, style.font, 30)
    author_mask = _coverage(size, [(name_x, name_line, author, 36)], style.font)
    site_mask = _coverage(size, [(site_x, site_line, site, 30)], style.font)
    footer = ImageChops.add(
        author_mask.point([FOOTER + level for level in _TO_LEVEL]),
        site_mask.point([0] + [LEVELS + level for level in _TO_LEVEL[1:]]),
    )
    footer.paste(_avatar(author, style)[0], (MARGIN, face_y))
    frame = Image.new("L", (WIDTH, HEIGHT), MAIN)
    frame.paste(ACCENT, (0, 0, WIDTH, BAR))
    frame.paste(footer, (0, FOOTER_TOP))
    return frame


def draw(spec: CardSpec) -> bytes:
    """The card as PNG bytes: the site's frame with the page's title drawn on it, saved by
    Pillow's PNG encoder as an 8-bit palette image."""
    from PIL import Image

    title = card_text.drawable(spec.title, spec.style.font)
    if title != " ".join(spec.title.split()):
        log.info("social card: characters of %r the card fonts lack are left out", spec.title)
    size, lines = card_text.fit(title, spec.style.font, WIDTH - 2 * MARGIN, 4, TITLE_SIZES)
    line_height = int(size * 1.22)
    top = max(70, (FOOTER_TOP - line_height * len(lines)) // 2)
    ascent = card_text.ascent(spec.style.font, size)
    # The title sits between the accent bar and the footer, where the frame is all MAIN (0).
    texts = [
        (MARGIN, top - BAR + i * line_height + ascent, line, size) for i, line in enumerate(lines)
    ]
    title_mask = _coverage((WIDTH, FOOTER_TOP - BAR), texts, spec.style.font).point(_INDEX)
    indices = _frame(spec.author, spec.site, spec.style).copy()
    indices.paste(title_mask, (0, BAR))
    card = Image.frombytes("P", (WIDTH, HEIGHT), indices.tobytes())
    card.putpalette(_palette(spec.author, spec.style))
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
    for path in card_text.chain(style.font):
        card_text.load(path, 36)
        card_text.load(path, 76)


def _draw_into(directory: Path, specs: list[CardSpec]) -> list[None]:
    """In a worker process: draw `specs` into the cache at `directory`."""
    cache = CardCache(directory)
    for spec in specs:
        cache._store(cache.path_for(spec), draw(spec))
    return [None] * len(specs)


def intact(card: Path) -> bool:
    """Whether the cached card at `card` is whole (its checksum matches)."""
    return cache_file.intact(card, CACHE_KIND, CACHE_VERSION)


def publish(card: Path, site: SiteFiles, path: str) -> None:
    """Copy a cached card into the site at `path` (kept if another page with the same card, or
    the user, put a file there). The site gets its own file: changing the cache later cannot
    change the site."""
    if (site.site / path).exists():
        return

    def data() -> bytes:
        found = cache_file.read(card, CACHE_KIND, CACHE_VERSION)
        if found is None:
            raise OSError(f"{card}: the cached social card is damaged; run the build again")
        return found

    site.put(path, card.name, data)

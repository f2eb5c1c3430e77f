"""Text on social cards: which font draws each character, and lines that break between words or
between CJK characters.

brandkit ships two fonts for cards (brandkit/fonts/, made by scripts/build_card_font.py): Noto Sans
Bold for Latin, Greek and Cyrillic, and a subset of Noto Sans CJK Bold for Chinese, Japanese and
Korean. A title is drawn in runs, each character with the first of the two that has it; a
character neither has (an emoji, a rare ideograph) is left out rather than drawn as an empty box.
A site's own `seo.card_font` is used alone, as it is.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont, ImageFont

FONTS = Path(__file__).parent / "fonts"
LATIN = FONTS / "card-latin-bold.ttf"
CJK = FONTS / "card-cjk-bold.otf"
BUNDLED = str(LATIN)  # a CardStyle's font when it is the bundled pair
_COVERAGE = {
    str(LATIN): FONTS / "card-latin-coverage.txt",
    str(CJK): FONTS / "card-cjk-coverage.txt",
}
# CJK punctuation that must not start a line (closing) or end one (opening).
_CLOSING = "\u3001\u3002\uff0c\uff0e\uff01\uff1f\uff1a\uff1b\uff09\u300d\u300f\u3011\u3015\u300b"
_OPENING = "\uff08\u300c\u300e\u3010\u3014\u300a"


def chain(font: str | None) -> tuple[str | None, ...]:
    """The fonts that draw a card's text, first choice first."""
    return (str(LATIN), str(CJK)) if font == BUNDLED else (font,)


@lru_cache(maxsize=4)
def _ranges(font: str) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    for line in _COVERAGE[font].read_text(encoding="ascii").split():
        first, _, last = line.partition("-")
        starts.append(int(first, 16))
        ends.append(int(last or first, 16))
    return starts, ends


def _has(font: str | None, ch: str) -> bool:
    if font not in _COVERAGE:
        return True  # Pillow's own font or the site's: taken at its word
    starts, ends = _ranges(font)
    i = bisect.bisect_right(starts, ord(ch)) - 1
    return i >= 0 and ord(ch) <= ends[i]


@lru_cache(maxsize=8192)
def runs(text: str, font: str | None) -> tuple[tuple[str, str | None], ...]:
    """`text` as (part, font) runs; characters no font of the chain has are left out."""
    fonts = chain(font)
    found: list[tuple[str, str | None]] = []
    for ch in text:
        if ch.isspace():
            owner = fonts[0]  # the CJK subset has no space of its own
        else:
            owner = next((f for f in fonts if _has(f, ch)), "")
            if owner == "":
                continue
        if found and found[-1][1] == owner:
            found[-1] = (found[-1][0] + ch, owner)
        else:
            found.append((ch, owner))
    return tuple(found)


def drawable(text: str, font: str | None) -> str:
    """`text` as a card shows it: without the characters its fonts cannot draw."""
    return " ".join("".join(part for part, _ in runs(text, font)).split())


@lru_cache(maxsize=64)
def load(path: str | None, size: int) -> FreeTypeFont | ImageFont:
    from PIL import ImageFont

    if path is None:
        return ImageFont.load_default(size=size)
    return ImageFont.truetype(path, size=size)


@lru_cache(maxsize=8192)
def width(text: str, font: str | None, size: int) -> float:
    return sum(load(path, size).getlength(part) for part, path in runs(text, font))


def ascent(font: str | None, size: int) -> int:
    """How far the first font's letters rise above the baseline, at `size`."""
    face = load(chain(font)[0], size)
    return int(face.getmetrics()[0]) if hasattr(face, "getmetrics") else size


def initials(name: str, font: str | None) -> str:
    """Up to two letters for a face without a photo: "Maya Okafor" -> "MO"; a CJK name gives
    its first character ("山田 太郎" -> "山")."""
    words = drawable(name, font).split()
    if words and _breaks_anywhere(words[0][0]):
        return words[0][0]
    return "".join(w[0] for w in words[:2]).upper()


def _breaks_anywhere(ch: str) -> bool:
    """CJK text has no spaces between words: a line may break before any of these."""
    point = ord(ch)
    return (
        0x2E80 <= point <= 0x9FFF  # radicals, symbols, kana, ideographs
        or 0xAC00 <= point <= 0xD7AF  # Hangul syllables
        or 0xF900 <= point <= 0xFAFF  # compatibility ideographs
        or 0xFF00 <= point <= 0xFFEF  # full-width forms
    )


def _tokens(text: str) -> Iterator[tuple[str, bool]]:
    """(piece, after a space) for each unbreakable piece of `text`: a word, or one CJK character
    (closing punctuation stays with the character before it)."""
    for word in text.split():
        spaced = True
        piece = ""
        for ch in word:
            if _breaks_anywhere(ch) and piece and ch not in _CLOSING:
                yield piece, spaced
                spaced, piece = False, ""
            piece += ch
            if _breaks_anywhere(ch) and ch not in _OPENING:
                yield piece, spaced
                spaced, piece = False, ""
        if piece:
            yield piece, spaced


def wrap(text: str, font: str | None, size: int, limit: float) -> tuple[list[str], bool]:
    """`text` in lines of at most `limit` pixels where possible; whether every line fits."""
    lines: list[str] = []
    fits = True
    current = ""
    for piece, spaced in _tokens(text):
        candidate = f"{current} {piece}" if current and spaced else current + piece
        if not current or width(candidate, font, size) <= limit:
            current = candidate
            continue
        lines.append(current)
        fits = fits and width(current, font, size) <= limit
        current = piece
    if current:
        lines.append(current)
        fits = fits and width(current, font, size) <= limit
    return lines, fits


def fit(
    text: str, font: str | None, limit: float, max_lines: int, sizes: tuple[int, ...]
) -> tuple[int, list[str]]:
    """The largest of `sizes` at which `text` fits `max_lines` lines; else the smallest, its
    last line cut with an ellipsis."""
    for size in sizes:
        lines, fits = wrap(text, font, size, limit)
        if fits and len(lines) <= max_lines:
            return size, lines
    lines = wrap(text, font, size, limit)[0][:max_lines]
    last = lines[-1]
    while last and width(last + "…", font, size) > limit:
        last = last[:-1]
    lines[-1] = last.rstrip() + "…"
    return size, lines


def draw(pen: Any, x: float, baseline: float, text: str, font: str | None, size: int) -> None:
    """Draw `text` in white (coverage) on the mask behind `pen`, run by run, on one baseline."""
    for part, path in runs(text, font):
        face = load(path, size)
        pen.text((x, baseline), part, font=face, fill=255, anchor="ls")
        x += face.getlength(part)

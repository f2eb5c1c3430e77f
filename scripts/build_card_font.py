#!/usr/bin/env python3
"""Build the fonts brandkit's social cards are drawn with, subsets of two Noto fonts (SIL Open Font
License 1.1) small enough to ship inside the wheel:

- card-latin-bold.ttf, from Noto Sans Bold: Latin (with Extended-A/B and Vietnamese), Greek
  (monotonic and polytonic), Cyrillic (with Ukrainian, Serbian, Kazakh ...), punctuation, currency;
- card-cjk-bold.otf, from Noto Sans CJK SC Bold: CJK symbols, Hiragana, Katakana, full-width
  forms, Hangul in KS X 1001 (2,350 syllables) and the ideographs of GB 2312 level 1 (3,755,
  simplified Chinese), JIS X 0208 level 1 (2,965, Japanese) and Big5 level 1 (5,401, traditional).

A card draws each character with the first of the two that has it; characters neither has (emoji,
rare ideographs) are left out of the title, with a note in the build log (brandkit/cards.py).
Each font comes with a list of the code points it covers, as ranges (card-*-coverage.txt).

Needs Debian's fonts-noto-core and fonts-noto-cjk (`apt-get install`, or `apt-get download` and
`dpkg-deb -x`) and fontTools (`pip install fonttools`).

Usage: python scripts/build_card_font.py [FONTS_ROOT]   (default /: the fonts' install paths)
"""

from __future__ import annotations

import sys
from pathlib import Path

LATIN = "usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"
CJK = "usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
CJK_FACE = 2  # Noto Sans CJK SC: simplified forms for shared code points, like most Chinese text
OUT = Path(__file__).resolve().parents[1] / "brandkit" / "fonts"

LATIN_RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1 Supplement, Extended-A and -B
    (0x02B0, 0x036F),  # modifier letters, combining marks
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x052F),  # Cyrillic and its supplement
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese)
    (0x1F00, 0x1FFF),  # Greek Extended (polytonic)
    (0x2000, 0x206F),  # general punctuation
    (0x20A0, 0x20CF),  # currency
    (0x2100, 0x214F),  # letterlike symbols
    (0x2190, 0x21FF),  # arrows
]
CJK_RANGES = [
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0xFF00, 0xFFEF),  # full-width and half-width forms
]


def _decode(codec: str, first: tuple[int, int], last: tuple[int, int], low: list[int]) -> set[int]:
    found = set()
    for lead in range(first[0], last[0] + 1):
        for trail in low:
            if (lead, trail) < first or (lead, trail) > last:
                continue
            try:
                found.add(ord(bytes([lead, trail]).decode(codec)))
            except (UnicodeDecodeError, TypeError):
                continue
    return found


def spans(parts: list[tuple[int, int]]) -> set[int]:
    return {point for start, end in parts for point in range(start, end + 1)}


def cjk_codepoints() -> set[int]:
    euc = list(range(0xA1, 0xFF))
    wanted = spans(CJK_RANGES)
    wanted |= _decode("gb2312", (0xB0, 0xA1), (0xD7, 0xF9), euc)  # GB 2312 level 1
    wanted |= _decode("euc_jp", (0xB0, 0xA1), (0xCF, 0xD3), euc)  # JIS X 0208 level 1
    wanted |= _decode("euc_kr", (0xB0, 0xA1), (0xC8, 0xFE), euc)  # KS X 1001 Hangul
    big5 = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    wanted |= _decode("big5", (0xA4, 0x40), (0xC6, 0x7E), big5)  # Big5 level 1
    return wanted


def ranges(points: set[int]) -> list[tuple[int, int]]:
    result: list[tuple[int, int]] = []
    for point in sorted(points):
        if result and point == result[-1][1] + 1:
            result[-1] = (result[-1][0], point)
        else:
            result.append((point, point))
    return result


def build(font: object, wanted: set[int], name: str) -> None:
    from fontTools import subset

    covered = wanted & set(font.getBestCmap())  # type: ignore[attr-defined]
    options = subset.Options()
    options.layout_features = ["kern", "liga", "locl", "mark", "mkmk", "ccmp", "palt"]
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=covered)
    subsetter.subset(font)
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / name
    font.save(str(target))  # type: ignore[attr-defined]
    lines = [f"{a:04X}-{b:04X}" if a != b else f"{a:04X}" for a, b in ranges(covered)]
    stem = name.split("-bold")[0]
    (OUT / f"{stem}-coverage.txt").write_text("\n".join(lines) + "\n", encoding="ascii")
    print(f"{target}: {len(covered)} characters, {target.stat().st_size / 1024:.0f} KiB")


def main() -> int:
    from fontTools.ttLib import TTCollection, TTFont

    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/")
    build(TTFont(str(root / LATIN)), spans(LATIN_RANGES), "card-latin-bold.ttf")
    build(TTCollection(str(root / CJK)).fonts[CJK_FACE], cjk_codepoints(), "card-cjk-bold.otf")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

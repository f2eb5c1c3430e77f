"""Social cards draw Latin, Greek, Cyrillic and CJK titles with the bundled fonts (no empty
boxes), leave out what no font has (emoji), and show the owner's photo or initials."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from brandkit import card_text, cards

SAMPLES = {
    "latin": "Zażółć gęślą jaźń, naïve café, Tiếng Việt",
    "greek": "Γειά σου κόσμε, ὁ λόγος",  # noqa: RUF001 (Greek letters on purpose)
    "cyrillic": "Привіт, світе! Ґанок, їжак, єнот, Ђорђе",
    "chinese": "数据库索引為什麼會變慢",
    "japanese": "インデックスの調べ方について",
    "korean": "데이터베이스 인덱스가 느려지는 이유",
}


def _glyph(char: str, path: str | None) -> bytes:
    mask = Image.new("L", (80, 80), 0)
    ImageDraw.Draw(mask).text((10, 60), char, font=card_text.load(path, 48), fill=255, anchor="ls")
    return mask.tobytes()


@pytest.mark.parametrize("script", list(SAMPLES))
def test_every_character_is_drawn_by_a_bundled_font_not_as_a_box(script: str) -> None:
    font = cards.find_font()
    assert font == card_text.BUNDLED
    text = SAMPLES[script]
    assert card_text.drawable(text, font) == text
    for part, path in card_text.runs(text, font):
        # A missing glyph draws the font's box (.notdef), like a private-use character does.
        box = _glyph("\ue000", path)
        for char in part.replace(" ", ""):
            assert _glyph(char, path) != box, (script, char, path)


def test_characters_no_font_has_are_left_out_not_boxed() -> None:
    font = cards.find_font()
    assert card_text.drawable("Ship it 🚀 today", font) == "Ship it today"
    png = cards.draw(cards.CardSpec("🚀🚀", "Jane Doe", "jane.dev", _style()))
    assert Image.open(BytesIO(png)).size == (cards.WIDTH, cards.HEIGHT)


def test_cjk_titles_break_between_characters() -> None:
    font = cards.find_font()
    title = "数据库索引为什么会变慢一次从延迟到缺失索引的排查记录以及我们学到的东西"
    size, lines = card_text.fit(title, font, cards.WIDTH - 2 * cards.MARGIN, 4, cards.TITLE_SIZES)
    assert len(lines) > 1 and "".join(lines) == title
    assert all(
        card_text.width(line, font, size) <= cards.WIDTH - 2 * cards.MARGIN for line in lines
    )


def _style(avatar: str | None = None) -> cards.CardStyle:
    return cards.CardStyle("#9c3d1b", "#f5ae8d", cards.find_font(), avatar)


def _face_colour(png: bytes) -> tuple[int, int, int]:
    with Image.open(BytesIO(png)) as image:
        rgb = image.convert("RGB")
        centre = (cards.MARGIN + cards.AVATAR_SIZE // 2, cards.FOOTER_TOP + 75)
        return rgb.getpixel((centre[0] - 30, centre[1]))  # type: ignore[return-value]


def test_the_owner_photo_or_initials_are_in_the_footer(tmp_path: Path) -> None:
    photo = tmp_path / "me.png"
    Image.new("RGB", (300, 300), (20, 160, 40)).save(photo)
    with_photo = cards.draw(cards.CardSpec("Title", "Jane Doe", "jane.dev", _style(str(photo))))
    red, green, blue = _face_colour(with_photo)
    assert green > 120 and red < 60 and blue < 80
    initials = cards.draw(cards.CardSpec("Title", "Jane Doe", "jane.dev", _style()))
    assert _face_colour(initials) == (0xF5, 0xAE, 0x8D)  # the accent disc
    assert card_text.initials("Maya Okafor", cards.find_font()) == "MO"
    assert card_text.initials("山田 太郎", cards.find_font()) == "山"
    # A changed photo is a different card (its bytes are part of the cache key).
    other = tmp_path / "other.png"
    Image.new("RGB", (300, 300), (20, 40, 160)).save(other)
    assert (
        cards.CardSpec("T", "J", "s", _style(str(photo))).key()
        != cards.CardSpec("T", "J", "s", _style(str(other))).key()
    )


def test_bundled_fonts_stay_small_and_licensed() -> None:
    fonts = Path(cards.__file__).parent / "fonts"
    total = sum(p.stat().st_size for p in fonts.iterdir())
    assert total < 4_200_000  # the wheel carries them: about 3.2 MB compressed
    assert "SIL Open Font License" in (fonts / "OFL.txt").read_text(encoding="utf-8")

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import frontmatter
import pytest

TRICKY = 'Tom & Jerry\'s "<best>" café: naïve 🎉 tips'


def test_post_new_round_trips_tricky_titles(site: Path, cli) -> None:
    out = cli("post", "new", TRICKY, "--tag", "python", "--tag", "C++", "--series", "Tips").output
    path = site / out.strip().splitlines()[-1]
    assert path.is_file()
    assert path.name == "tom-jerrys-best-cafe-naive-tips.md"
    post = frontmatter.load(path)
    assert post["title"] == TRICKY
    assert post["tags"] == ["python", "C++"]
    assert post["series"] == "Tips"
    assert str(post["id"]).startswith("urn:uuid:")
    assert isinstance(post["date"], datetime) and post["date"].tzinfo is not None
    cli("build", "--strict")
    html = (site / "site/blog/tom-jerrys-best-cafe-naive-tips/index.html").read_text()
    assert "Tom &amp; Jerry&#39;s &#34;&lt;best&gt;&#34; café: naïve 🎉 tips" in html


def test_post_new_never_overwrites_and_slugs_are_unique(site: Path, cli) -> None:
    first = cli("post", "new", "Same title").output.strip().splitlines()[-1]
    before = (site / first).read_text()
    second = cli("post", "new", "Same title").output.strip().splitlines()[-1]
    assert first != second and second.endswith("same-title-2.md")
    assert (site / first).read_text() == before
    ids = {frontmatter.load(site / p)["id"] for p in (first, second)}
    assert len(ids) == 2


def test_post_new_emoji_only_title_gets_a_safe_slug(site: Path, cli) -> None:
    out = cli("post", "new", "🎉🎉").output.strip().splitlines()[-1]
    assert Path(out).name == "post.md"


def test_post_new_draft_and_date(site: Path, cli) -> None:
    out = cli("post", "new", "Later", "--draft", "--date", "2030-01-02T09:30").output
    post = frontmatter.load(site / out.strip().splitlines()[-1])
    assert post["draft"] is True
    assert post["date"].isoformat() == "2030-01-02T09:30:00+00:00"


@pytest.mark.parametrize("bad", ["tomorrow", "2026-13-40"])
def test_post_new_rejects_bad_dates(site: Path, cli, bad: str) -> None:
    result = cli("post", "new", "X", "--date", bad, expect=1)
    assert "--date" in result.output and "YYYY-MM-DD" in result.output
    assert not (site / "content/posts/x.md").exists()

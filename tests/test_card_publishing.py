"""The social card publishing commands upload (Bluesky's link preview) is the one the site
publishes for the post, the owner's photo included."""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from brandkit import cards
from brandkit.content.loader import load_posts
from brandkit.mkdocs.project import load_project
from brandkit.mkdocs.seo import post_card_spec


def test_uploaded_card_is_the_published_card(site: Path, cli) -> None:
    Image.new("RGB", (96, 96), "#336699").save(site / "content/images/me.png")
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("avatar: images/avatar.svg", "avatar: images/me.png")
    )
    cli("build")
    page = (site / "site/blog/hello-world/index.html").read_text()
    card_url = re.search(r'<meta property="og:image" content="([^"]+)"', page)
    assert card_url is not None
    published = site / "site" / card_url.group(1).split("/", 3)[3]
    project = load_project(Path("mkdocs.yml"))
    posts = load_posts(project.docs_dir, project.settings, display_root=project.root).posts
    post = next(p for p in posts if p.source.endswith("hello-world.md"))
    spec = post_card_spec(project, post)
    assert spec.style.avatar is not None  # the photo is on it
    assert cards.draw(spec) == published.read_bytes()


def test_a_cards_key_follows_the_photos_bytes(tmp_path: Path) -> None:
    """The photo's digest is derived by the style itself, so a style made from another one
    (`dataclasses.replace`) with another photo, or the same name with new bytes, has another key."""
    import dataclasses

    first, second = tmp_path / "a.png", tmp_path / "b.png"
    Image.new("RGB", (96, 96), "#336699").save(first)
    Image.new("RGB", (96, 96), "#993366").save(second)
    style = cards.CardStyle("#4051b5", "#ff6e42", cards.find_font(), str(first))
    other = dataclasses.replace(style, avatar=str(second))
    assert other.avatar_id != style.avatar_id
    assert dataclasses.replace(other, avatar=None).avatar_id is None
    spec = cards.CardSpec("Title", "Jane Doe", "jane.example.com", style)
    Image.new("RGB", (96, 96), "#000000").save(first)  # same name, new bytes
    again = cards.CardSpec("Title", "Jane Doe", "jane.example.com", dataclasses.replace(style))
    assert again.key() != spec.key()

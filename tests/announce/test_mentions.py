"""`brandkit mentions pull` and mentions on post pages: a local webmention.io-style JF2 API with
hostile entries; the built page shows likes, reposts and replies escaped, with avatars served by
the site itself (or initials), author links rel="nofollow ugc", and can hide them."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.announce.servers import MentionsApi
from tests.echo import leaks
from tests.newsletter.conftest import configure, run, run_subprocess, write_post

TOKEN = "wmio-token-8e1d2c"
TARGET = "https://jane.example.com/blog/liked/"


def image(fmt: str, size: tuple[int, int] = (120, 90)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def entries(api_url: str) -> list[dict[str, object]]:
    def author(name: str, photo: str | None, url: str | None) -> dict[str, object]:
        return {"type": "card", "name": name, "photo": photo, "url": url}

    return [
        {
            "wm-id": 1,
            "wm-property": "like-of",
            "wm-target": TARGET + "#x",
            "author": author("Ada Lovelace", f"{api_url}/a.png", "https://ada.example/"),
        },
        {
            "wm-id": 2,
            "wm-property": "repost-of",
            "wm-target": TARGET,
            "author": author("Grace <b>Hopper</b>", f"{api_url}/g.jpg", "javascript:alert(1)"),
        },
        {
            "wm-id": 3,
            "wm-property": "in-reply-to",
            "wm-target": TARGET.rstrip("/"),
            "url": "https://lin.example/reply",
            "published": "2026-02-03T10:00:00+00:00",
            "author": author("Lin <script>alert(1)</script>", f"{api_url}/evil.svg", None),
            "content": {
                "html": "<p>Nice <img src=https://track.example/p.gif></p>",
                "text": "Nice post! <script>alert(2)</script>",
            },
        },
        {
            "wm-id": 4,
            "wm-property": "like-of",
            "wm-target": TARGET,
            "author": author("Missing Photo", f"{api_url}/gone.png", "https://m.example/"),
        },
        {"wm-id": 5, "wm-property": "rsvp", "wm-target": TARGET, "author": author("X", None, None)},
    ]


@pytest.fixture
def api() -> Iterator[MentionsApi]:
    server = MentionsApi(TOKEN, []).start()
    server.children = entries(server.url)
    server.images = {
        "/a.png": ("image/png", image("PNG")),
        "/g.jpg": ("image/jpeg", image("JPEG", (64, 200))),
        "/evil.svg": ("image/svg+xml", b"<svg onload='alert(1)'/>"),
    }
    yield server
    server.stop()


def setup(site: Path, api: MentionsApi, extra: str = "") -> None:
    configure(
        site,
        f"announce:\n  mentions: {{endpoint: '{api.url}/api/mentions.jf2'{extra}}}\n",
    )
    write_post(site, "liked", "Liked", n=21)


def page(site: Path) -> str:
    return (site / "site/blog/liked/index.html").read_text()


def test_pull_then_build_shows_mentions_safely_and_offline(site: Path, api: MentionsApi) -> None:
    setup(site, api)
    out = run_subprocess(site, "mentions", "pull", env={"WEBMENTION_IO_TOKEN": TOKEN})
    assert out.returncode == 0, out.stderr
    assert (
        "4 mention(s) (2 likes, 1 reply, 1 repost) of 1 page(s) in data/mentions.json" in out.stdout
    )
    saved = json.loads((site / "data/mentions.json").read_text())["mentions"]
    assert {m["target"] for m in saved} == {TARGET}
    grace = next(m for m in saved if m["id"] == "2")
    assert grace["author_url"] is None  # javascript: dropped
    avatars = sorted(p.name for p in (site / "data/avatars").iterdir())
    assert len(avatars) == 2  # the PNG and the JPEG; not the SVG, not the missing one
    for name in avatars:
        with Image.open(site / "data/avatars" / name) as img:
            assert img.format == "PNG" and img.size == (64, 64)
    api.stop()  # the build must not need the network
    run("build")
    html = page(site)
    section = html[html.index('class="bk-mentions"') :]
    section = section[: section.index("</section>")]
    assert "Liked by 2:" in section and "Reposted by 1:" in section and "Replies" in section
    assert "Grace &lt;b&gt;Hopper&lt;/b&gt;" in section
    assert "Lin &lt;script&gt;alert(1)&lt;/script&gt;" in section
    assert "Nice post! &lt;script&gt;alert(2)&lt;/script&gt;" in section
    assert "<script" not in section and "javascript:" not in section
    assert 'href="https://ada.example/" rel="nofollow ugc"' in section
    assert 'href="https://lin.example/reply" rel="nofollow ugc"' in section
    sources = re.findall(r'src="([^"]+)"', section)
    assert len(sources) == 2 and all(s.startswith("../../assets/mentions/") for s in sources)
    for src in sources:
        assert (site / "site/blog/liked" / src).resolve().is_file()
    assert section.count('class="bk-mentions__initials"') == 2  # the SVG's and the missing one
    assert "track.example" not in html and api.url not in html


def test_mentions_can_be_hidden_or_shown_as_initials(site: Path, api: MentionsApi) -> None:
    setup(site, api, ", avatars: initials")
    run_subprocess(site, "mentions", "pull", env={"WEBMENTION_IO_TOKEN": TOKEN})
    assert not (site / "data/avatars").exists()
    run("build")
    assert "<img" not in page(site).split('class="bk-mentions"')[1].split("</section>")[0]
    post = site / "content/posts/liked.md"
    post.write_text(post.read_text().replace("tags:", "mentions: false\ntags:"))
    run("build")
    assert 'class="bk-mentions"' not in page(site)
    post.write_text(post.read_text().replace("mentions: false\n", ""))
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace(", avatars: initials", ", show: false"))
    run("build")
    assert 'class="bk-mentions"' not in page(site)


def test_token_is_required_and_never_shown(site: Path, api: MentionsApi) -> None:
    setup(site, api)
    missing = run_subprocess(site, "mentions", "pull")
    assert missing.returncode == 1 and "WEBMENTION_IO_TOKEN is not set" in missing.stderr
    wrong = run_subprocess(site, "mentions", "pull", env={"WEBMENTION_IO_TOKEN": "wrong-tok-55"})
    assert wrong.returncode == 1 and "refused the credentials (401" in wrong.stderr
    assert "wrong-tok-55" not in wrong.stderr + wrong.stdout
    ok = run_subprocess(site, "mentions", "pull", env={"WEBMENTION_IO_TOKEN": TOKEN})
    assert leaks(TOKEN, site, ok.stdout + ok.stderr, wrong.stderr, missing.stderr) == []


def test_a_damaged_mentions_file_is_one_line(site: Path, api: MentionsApi) -> None:
    setup(site, api)
    (site / "data").mkdir()
    (site / "data/mentions.json").write_text('{"version": 1, "mentions": [{"kind": "like"}]}')
    result = run_subprocess(site, "build")
    assert result.returncode == 1 and "data/mentions.json: cannot read" in result.stderr
    assert "Traceback" not in result.stderr

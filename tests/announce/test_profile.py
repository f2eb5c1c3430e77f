"""Profile wiring for the social channels: `brandkit new --mastodon/--bluesky` writes the profile
links, the home page links them with rel="me" (Mastodon verifies the site by it), and post pages
carry fediverse:creator so Mastodon credits shared links to the author."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.newsletter.conftest import run, write_post


def test_new_wires_mastodon_and_bluesky(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "blog"
    run(
        "new",
        str(root),
        "--name",
        "Jane Doe",
        "--url",
        "https://jane.example.com/",
        "--mastodon",
        "@jane@Fosstodon.org",
        "--bluesky",
        "@jane.bsky.social",
    )
    config = (root / "mkdocs.yml").read_text()
    assert 'mastodon: "https://fosstodon.org/@jane"' in config
    assert 'bluesky: "https://bsky.app/profile/jane.bsky.social"' in config
    monkeypatch.chdir(root)
    write_post(root, "shared", "Shared", n=31)
    run("build")
    post = (root / "site/blog/shared/index.html").read_text()
    assert '<meta name="fediverse:creator" content="@jane@fosstodon.org">' in post
    home = (root / "site/index.html").read_text()
    assert 'href="https://fosstodon.org/@jane" rel="me"' in home
    assert 'href="https://bsky.app/profile/jane.bsky.social" rel="me"' in home


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--mastodon", "jane", "--mastodon 'jane': give your address (@jane@fosstodon.org)"),
        ("--mastodon", "https://x.example/jane", "--mastodon 'https://x.example/jane'"),
        ("--bluesky", "not a handle", "--bluesky 'not a handle': give your handle"),
    ],
)
def test_bad_profile_values_are_one_line(
    tmp_path: Path, option: str, value: str, message: str
) -> None:
    result = run("new", str(tmp_path / "b"), "--name", "Jane", option, value, expect=1)
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "b").exists()

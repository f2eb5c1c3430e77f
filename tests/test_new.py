from __future__ import annotations

from pathlib import Path

import frontmatter


def test_new_writes_a_site_that_builds(tmp_path: Path, cli, monkeypatch) -> None:
    root = tmp_path / "blog"
    out = cli("new", str(root), "--name", "Ada's <Lab> & Co", "--author", "Ada Lovelace").output
    assert "Created" in out
    for name in (
        "mkdocs.yml",
        ".gitignore",
        "content/index.md",
        "content/about.md",
        "content/now.md",
        "content/uses.md",
        "content/posts/hello-world.md",
    ):
        assert (root / name).is_file(), name
    post = frontmatter.load(root / "content/posts/hello-world.md")
    assert str(post["id"]).startswith("urn:uuid:")
    monkeypatch.chdir(root)
    cli("build", "--strict")
    home = (root / "site/index.html").read_text()
    assert "Ada&#39;s &lt;Lab&gt; &amp; Co" in home or "Ada&#x27;s &lt;Lab&gt; &amp; Co" in home
    # The starter post is a draft: previewed with --drafts (and by serve), never published.
    assert post["draft"] is True
    assert not (root / "site/blog/hello-world").exists()
    cli("build", "--strict", "--drafts")
    assert (root / "site/blog/hello-world/index.html").is_file()


def test_new_refuses_a_non_empty_directory(tmp_path: Path, cli) -> None:
    root = tmp_path / "mine"
    root.mkdir()
    (root / "notes.txt").write_text("keep me")
    result = cli("new", str(root), expect=1)
    assert "not empty" in result.output and "--force" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in root.iterdir()) == ["notes.txt"]


def test_new_force_never_overwrites(tmp_path: Path, cli) -> None:
    root = tmp_path / "mine"
    (root / "content").mkdir(parents=True)
    (root / "content" / "about.md").write_text("my own about page")
    (root / "mkdocs.yml").write_text("site_name: mine\n")
    result = cli("new", str(root), "--force")
    assert (root / "content" / "about.md").read_text() == "my own about page"
    assert (root / "mkdocs.yml").read_text() == "site_name: mine\n"
    assert "kept your" in result.output
    assert (root / "content" / "now.md").is_file()
    leftovers = [p for p in root.rglob("*.tmp")]
    assert leftovers == []


def test_new_rejects_a_bad_url(tmp_path: Path, cli) -> None:
    result = cli("new", str(tmp_path / "x"), "--url", "jane.dev", expect=1)
    assert "--url" in result.output and "https://" in result.output

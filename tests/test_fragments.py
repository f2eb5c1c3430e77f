"""Layout parts shared between pages outside the navigation (mkdocs.fragments) change no output:
a build that shares them equals one that renders every part for every page, byte for byte."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from brandkit.commands.build import run_build
from brandkit.mkdocs import fragments as mkdocs_fragments
from brandkit.mkdocs.fragments import SharedFragments
from tests.conftest import REPO, write_post
from tests.test_incremental import tree

TITLES = [
    "Q&A: <script> tags & “quotes”",
    "Plain title",
    "Ünïcödé and emoji 🚀",
    "A title with {{ braces }} and {% percent %}",
    "Tracing a slow query",
]


def fill(site: Path) -> None:
    for n in range(12):
        write_post(
            site,
            f"p{n:02d}.md",
            f"id: urn:uuid:{n:08d}-5555-4000-8000-000000000000\n"
            f"title: {json.dumps(f'{TITLES[n % len(TITLES)]} {n}', ensure_ascii=False)}\n"
            f"date: 2024-02-{n + 1:02d}\n"
            f"tags: [t{n % 3}, shared]" + ("\nseries: Deep dive" if n % 4 == 0 else ""),
            f"## Part {n}\n\nText with a [link](p00.md) and `code`.\n",
        )


def build(
    site: Path, monkeypatch: pytest.MonkeyPatch, *, share: bool
) -> tuple[dict[str, bytes], int]:
    """A cold build (no cache), and how many parts it reused."""
    shutil.rmtree(site / ".cache", ignore_errors=True)
    hits = []
    reset = SharedFragments.reset

    def spy(self: SharedFragments, *, enabled: bool, nav: Any) -> None:
        reset(self, enabled=enabled and share, nav=nav)
        hits.append(self)

    monkeypatch.setattr(SharedFragments, "reset", spy)
    run_build(None)
    return tree(site / "site"), sum(f.hits for f in hits)


def test_shared_parts_give_byte_identical_pages(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(site)
    shared, hits = build(site, monkeypatch, share=True)
    assert hits > 50  # header, tabs, navigation, footer and config of posts and listings
    alone, none = build(site, monkeypatch, share=False)
    assert none == 0
    assert shared.keys() == alone.keys()
    assert [name for name in shared if shared[name] != alone[name]] == []
    post = shared["blog/p00/index.html"].decode()
    # The shared header shows each page's own title, escaped once.
    assert "Q&amp;A: &lt;script&gt; tags &amp; “quotes” 0" in post


def test_links_into_a_page_folder_are_not_shared(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A navigation link to a post (or anything under its folder) is relative to the page
    showing it, so the post's own header and navigation differ from its neighbours'."""
    fill(site)
    config = yaml.safe_load((site / "mkdocs.yml").read_text())
    config["nav"].append({"Featured": "blog/p01/"})
    # The first post built (the sample post `brandkit new` writes): its parts serve no other.
    config["nav"].append({"First": "blog/hello-world/"})
    config["nav"].append({"Feed of a post": "blog/p04/feed/"})
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    shared, hits = build(site, monkeypatch, share=True)
    assert hits > 0
    alone, _ = build(site, monkeypatch, share=False)
    assert [name for name in shared if shared[name] != alone[name]] == []
    featured = shared["blog/p01/index.html"].decode()
    assert 'href="./"' in featured and 'href="../p01/"' not in featured
    neighbour = shared["blog/p06/index.html"].decode()
    assert 'href="../p01/"' in neighbour and 'href="../hello-world/"' in neighbour


def test_overridden_templates_and_other_plugins_turn_sharing_off(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(site)
    config = yaml.safe_load((site / "mkdocs.yml").read_text())
    config["theme"]["custom_dir"] = "overrides"
    (site / "overrides").mkdir()
    (site / "overrides" / "README.md").write_text("Not a template.\n")
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    assert build(site, monkeypatch, share=True)[1] > 0  # no template overridden yet
    (site / "overrides" / "partials").mkdir()
    (site / "overrides" / "partials" / "footer.html").write_text(
        "<footer>{{ page.title }}</footer>"
    )
    pages, hits = build(site, monkeypatch, share=True)
    assert hits == 0
    assert b"<footer>Plain title 1</footer>" in pages["blog/p01/index.html"]
    (site / "overrides" / "partials" / "footer.html").unlink()
    config["plugins"].append("tags")  # mkdocs-material's: may change what pages hold
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    assert build(site, monkeypatch, share=True)[1] == 0


def test_url_paths_are_read_as_mkdocs_reads_them() -> None:
    from mkdocs.utils import _norm_parts  # the private helper the module mirrors

    for path in ["", ".", "a", "a/b/", "/a/b", "a/../b", "../x", "a/./b//c", "//a"]:
        assert mkdocs_fragments._norm_parts(path) == _norm_parts(path), path
    assert mkdocs_fragments._page_parts("blog/a/") == ["blog", "a"]
    assert mkdocs_fragments._page_parts("blog/a.html") == ["blog"]
    assert mkdocs_fragments._target_parts("https://x.example/a") is None
    assert mkdocs_fragments._target_parts("#top") is None
    assert mkdocs_fragments._target_parts("/abs") is None
    assert mkdocs_fragments._target_parts("assets/x.css") == ["assets", "x.css"]


def test_templates_compiled_ahead_give_the_same_pages(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker compiles the templates into Jinja's cache before the pages are built
    (templates.precompile); pages built from that cache equal pages built without it."""
    from brandkit.mkdocs.project import load_project
    from brandkit.mkdocs.templates import precompile

    fill(site)
    alone, _ = build(site, monkeypatch, share=True)
    cache = site / ".cache" / "brandkit" / "jinja"
    shutil.rmtree(site / ".cache")
    config = load_project(None).mkdocs_config
    config.plugins.on_config(config)  # as when the workers start: brandkit's theme in place
    precompile(config, cache)
    compiled = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(compiled) > 40  # Material's base and partials, brandkit's pages
    shutil.rmtree(site / "site")
    run_build(None)
    assert tree(site / "site") == alone
    # The build used what was compiled ahead (it rewrites a file it has to compile again);
    # it compiled only the icons, whose names are worked out while rendering.
    after = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert {name: after[name] for name in compiled} == compiled
    assert len(after) - len(compiled) < 15


def test_example_site_pages_are_the_same_with_shared_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every kind of page (home, projects, talks, resume, about, 404, listings, posts)."""
    shutil.copy2(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for folder in ("content", "themes"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    shared, hits = build(tmp_path, monkeypatch, share=True)
    assert hits > 20
    alone, _ = build(tmp_path, monkeypatch, share=False)
    assert [name for name in shared if shared[name] != alone[name]] == []
    assert shared.keys() == alone.keys()

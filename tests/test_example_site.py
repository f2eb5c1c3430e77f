"""The repository's own example site builds strictly, with no warnings, and looks complete."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Build a copy so the test never writes into the repository (cache, site dir).
    return copy_example_site(tmp_path_factory.mktemp("example"))


def copy_example_site(root: Path) -> Path:
    """The repository's example site (mkdocs.yml, content, themes) copied into `root`."""
    for name in ("mkdocs.yml", "content", "themes"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / name)
        else:
            shutil.copy2(src, root / name)
    return root


def test_example_site_builds_strictly_without_warnings(example: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(example)
    result = cli("build", "--strict")
    assert "warning" not in result.output.lower(), result.output
    site = example / "site"
    posts = sorted((example / "content/posts").glob("*.md"))
    assert len(posts) >= 6, "the example site should look like a real blog"
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0 and len(feed.entries) >= 6
    assert (site / "blog/series").is_dir(), "the example site has a series"
    for page in (
        "index.html",
        "about/index.html",
        "blog/index.html",
        "blog/tags/index.html",
        "blog/archive/index.html",
    ):
        assert (site / page).is_file(), page


def test_example_site_json_ld_is_schema_org(example: Path, cli, monkeypatch) -> None:
    from tests.test_seo_build import Page, schema_problems

    monkeypatch.chdir(example)
    if not (example / "site").is_dir():
        cli("build", "--strict")
    site = example / "site"
    problems = [
        problem
        for path in sorted(site.rglob("*.html"))
        for data in Page(path).json_ld
        for problem in schema_problems(data, str(path.relative_to(site)))
    ]
    assert problems == []
    person = Page(site / "index.html").ld("Person")
    assert person["jobTitle"] == "Backend and infrastructure engineer"  # from resume.json
    assert "https://hachyderm.io/@maya" in person["sameAs"]
    assert person["image"] == "https://maya.example.dev/images/maya.svg"


def test_every_label_of_the_example_site_labels_a_control(example: Path, cli, monkeypatch) -> None:
    """A `<label for=X>` with no element X is an HTML error (mkdocs-material leaves one for
    `__toc` on pages outside the navigation that show their table of contents in its sidebar:
    brandkit's look puts it into the navigation, `toc.integrate`)."""
    import re

    monkeypatch.chdir(example)
    if not (example / "site").is_dir():
        cli("build", "--strict")
    site = example / "site"
    orphans = []
    checked = 0
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        ids = set(re.findall(r'\sid="([^"]+)"', text))
        for target in re.findall(r'<label[^>]*\sfor="([^"]+)"', text):
            checked += 1
            if target not in ids:
                orphans.append((str(path.relative_to(site)), target))
    assert checked > 0
    assert orphans == []
    post = (site / "blog/tracing-a-slow-query/index.html").read_text(encoding="utf-8")
    assert 'class="bk-toc"' in post  # the post shows its table of contents, inline

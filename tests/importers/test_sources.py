"""Readers on awkward real-world layouts, read in-process (no site needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from brandkit.errors import BrandkitError
from brandkit.importers.context import Context
from brandkit.importers.hugo import read_hugo
from brandkit.importers.jekyll import read_jekyll

CTX = Context(posts_dir="posts", timezone="UTC", site_url="https://jane.example.com/")


def page(path: Path, title: str, date: str = "2022-01-01") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\ndate: {date}\n---\nText.\n", encoding="utf-8")


def test_hugo_without_main_sections_reads_the_largest_section_and_names_the_others(
    tmp_path: Path,
) -> None:
    (tmp_path / "config.yaml").write_text("baseURL: https://jane.example.com/\n")
    for n in range(3):
        page(tmp_path / "content" / "newsletter" / f"issue-{n}.md", f"Issue {n}")
    page(tmp_path / "content" / "post" / "one.md", "One")
    batch = read_hugo(tmp_path, CTX)
    assert sorted(p.slug for p in batch.posts) == ["issue-0", "issue-1", "issue-2"]
    assert [str(p) for p in batch.problems] == [
        "content/post/one.md: in content/post/, not in content/newsletter/: not imported (to "
        "import that section too, add it to mainSections in the Hugo configuration and import "
        "again)"
    ]
    (tmp_path / "config.yaml").write_text(
        "baseURL: https://jane.example.com/\nparams: {mainSections: [post, newsletter]}\n"
    )
    assert len(read_hugo(tmp_path, CTX).posts) == 4
    (tmp_path / "config.yaml").write_text("params: {mainSections: [posts, blog]}\n")
    with pytest.raises(BrandkitError) as wrong:
        read_hugo(tmp_path, CTX)
    assert wrong.value.message == (
        f"{tmp_path}: the Hugo configuration's mainSections names content/posts/, "
        "content/blog/, and none of them exists; correct mainSections, or pass the root of "
        "the Hugo site."
    )


def test_jekyll_source_folder_and_files_that_are_not_posts(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("source: src\nurl: https://jane.example.com\n")
    page(tmp_path / "src" / "_posts" / "2020-01-02-hello.md", "Hello")
    snippet = tmp_path / "src" / "_posts" / "snippets" / "main.cpp"
    snippet.parent.mkdir(parents=True)
    snippet.write_text("int main() {}\n")
    batch = read_jekyll(tmp_path, CTX)
    assert [p.slug for p in batch.posts] == ["hello"]
    assert (
        batch.posts[0].feed_id == "https://jane.example.com/2022/01/01/hello"
    )  # the date in front matter wins
    assert [str(p) for p in batch.problems] == [
        "src/_posts/snippets/main.cpp: not a post (a file posts include?); not imported: copy "
        "it by hand if needed"
    ]

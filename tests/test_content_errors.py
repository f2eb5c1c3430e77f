"""Bad input: every problem names the file and key, says how to fix it, and exits non-zero."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_post

GOOD = "id: urn:uuid:11111111-1111-4111-8111-111111111111\ntitle: Fine\ndate: 2026-01-01"

CASES = {
    "broken-yaml": ("broken.md", "title: [unclosed\ndate: 2026-01-01", None, "not valid YAML"),
    "missing-title": ("untitled.md", "date: 2026-01-01", "title", "add `title:"),
    "bad-date": ("when.md", "title: When\ndate: last tuesday", "date", "YYYY-MM-DD"),
    "impossible-date": ("x.md", "title: X\ndate: 2026-13-01", None, "month 1-12"),
    "missing-date": ("nodate.md", "title: No date", "date", "add `date:"),
    "bad-slug": (
        "s.md",
        "title: S\ndate: 2026-01-01\nslug: Not A Slug!",
        "slug",
        "slug: not-a-slug",
    ),
    "bad-canonical": (
        "c.md",
        "title: C\ndate: 2026-01-01\ncanonical_url: dev.to/x",
        "canonical_url",
        "full address",
    ),
    "bad-id": ("i.md", "title: I\ndate: 2026-01-01\nid: 42", "id", "urn:uuid:"),
    "bad-draft": ("d.md", "title: D\ndate: 2026-01-01\ndraft: maybe", "draft", "draft: true"),
    "bad-tags": ("t.md", "title: T\ndate: 2026-01-01\ntags: {a: 1}", "tags", "tags: ["),
    "unknown-author": ("a.md", "title: A\ndate: 2026-01-01\nauthors: [bob]", "authors", "jane-doe"),
    "missing-cover": ("m.md", "title: M\ndate: 2026-01-01\ncover: nope.png", "cover", "relative"),
}


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_front_matter(site: Path, cli, case: str, command: str) -> None:
    name, front, key, fix = CASES[case]
    write_post(site, name, front)
    result = cli(command, expect=1)
    out = result.output
    assert "Traceback" not in out
    assert "Aborted with" not in out, "MkDocs' own abort line adds nothing to the message"
    line = next(
        ln for ln in out.splitlines() if f"content/posts/{name}" in ln and "warning" not in ln
    )
    if key:
        assert f"content/posts/{name}: {key}:" in line
    assert fix in line, line
    assert not (site / "site").exists(), "a failed build must not leave a site behind"


def test_all_problems_are_reported_at_once(site: Path, cli) -> None:
    write_post(site, "one.md", "date: 2026-01-01")
    write_post(site, "two.md", "title: Two\ndate: nope")
    out = cli("check", expect=1).output
    assert "content/posts/one.md: title" in out
    assert "content/posts/two.md: date" in out
    assert "2 problems in content" in out


def test_non_utf8_file(site: Path, cli) -> None:
    path = site / "content/posts/latin1.md"
    path.write_bytes("---\ntitle: Caf\xe9\ndate: 2026-01-01\n---\n".encode("latin-1"))
    out = cli("check", expect=1).output
    assert "content/posts/latin1.md: not UTF-8" in out and "UTF-8 encoding" in out


def test_duplicate_slug(site: Path, cli) -> None:
    write_post(site, "a.md", GOOD.replace("Fine", "A") + "\nslug: same")
    write_post(
        site,
        "b.md",
        "id: urn:uuid:22222222-2222-4222-8222-222222222222\ntitle: B\ndate: 2026-01-02\nslug: same",
    )
    out = cli("build", expect=1).output
    assert "content/posts/b.md: slug: same URL /blog/same/ as content/posts/a.md" in out


def test_duplicate_id(site: Path, cli) -> None:
    write_post(site, "a.md", GOOD)
    write_post(site, "b.md", GOOD.replace("Fine", "Other"))
    out = cli("check", expect=1).output
    assert "content/posts/b.md: id: same id urn:uuid:1111" in out
    assert "fresh `id:" in out


def test_unknown_key_is_a_warning_and_an_error_under_strict(site: Path, cli) -> None:
    write_post(site, "k.md", GOOD + "\ntilte: typo")
    result = cli("check")
    assert "content/posts/k.md: tilte: unknown front-matter key; did you mean 'title'?" in (
        result.output
    )
    cli("build")
    strict = cli("build", "--strict", expect=1).output
    assert "tilte" in strict and "strict" in strict
    assert cli("check", "--strict", expect=1).exit_code == 1


def test_failed_build_keeps_the_previous_site(site: Path, cli) -> None:
    cli("build")
    index = site / "site/index.html"
    before = index.read_bytes()
    write_post(site, "broken.md", "title: [")
    cli("build", expect=1)
    assert index.read_bytes() == before


def test_missing_site_url_with_feeds_on(site: Path, cli) -> None:
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace('site_url: "https://jane.example.com/"\n', ""))
    out = cli("build", expect=1).output
    assert "site_url is required" in out and "Traceback" not in out


def test_no_mkdocs_yml(tmp_path: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = cli("build", expect=1).output
    assert "No mkdocs.yml" in out and "brandkit new" in out


def test_reserved_and_colliding_pages(site: Path, cli) -> None:
    write_post(site, "tags.md", GOOD)
    out = cli("check", expect=1).output
    assert "content/posts/tags.md: slug: 'tags' is reserved" in out

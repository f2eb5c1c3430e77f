"""`brandkit syndicate` on a site made by `brandkit new`, against the local API servers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import RunCli, write_post
from tests.syndicate.fakes import FakeForem, FakeHashnode


def configure(
    site: Path, forem: FakeForem | None = None, hashnode: FakeHashnode | None = None
) -> None:
    config = site / "mkdocs.yml"
    text = config.read_text()
    lines = ["      syndicate:"]
    if forem is not None:
        lines.append(
            f"        devto: {{api_url: '{forem.url}api/', write_interval: 0, "
            "read_interval: 0, tag_map: {c++: cpp}}"
        )
    if hashnode is not None:
        lines.append(
            f"        hashnode: {{api_url: '{hashnode.url}', publication_id: "
            f"'{hashnode.publication_id}', write_interval: 0}}"
        )
    anchor = "  - brandkit:\n"
    assert anchor in text
    config.write_text(text.replace(anchor, anchor + "\n".join(lines) + "\n", 1))


def add_posts(site: Path) -> None:
    write_post(
        site,
        "tracing.md",
        "id: urn:uuid:2f1c6d9e-8a43-4c55-9d1a-3c1f0f6e9b21\ntitle: Tracing a slow query\n"
        "date: 2026-03-14T09:30:00+01:00\ntags: [postgres, performance, c++, sql, debugging]\n"
        "series: Database internals\ndescription: From p99 to a missing index.",
        "See [hello](hello-world.md) and ![plot](../images/plot.png).\n",
    )
    write_post(
        site,
        "private.md",
        "id: urn:uuid:2f1c6d9e-8a43-4c55-9d1a-3c1f0f6e9b22\ntitle: Not for elsewhere\n"
        "date: 2026-03-15T09:30:00+01:00\nsyndicate: false",
    )


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, forem: FakeForem, hashnode: FakeHashnode) -> None:
    monkeypatch.setenv("DEVTO_API_KEY", forem.api_key)
    monkeypatch.setenv("HASHNODE_TOKEN", hashnode.token)


def test_dry_run_sends_nothing_and_needs_no_key(
    site: Path, cli: RunCli, forem: FakeForem, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(site, forem)
    add_posts(site)
    monkeypatch.delenv("DEVTO_API_KEY", raising=False)
    result = cli("syndicate", "--to", "devto", "--dry-run")
    assert (
        "dev.to: would create 'Tracing a slow query' (https://jane.example.com/blog/tracing/)"
        in result.output
    )
    assert "dropped debugging (dev.to takes at most 4 tags" in result.output
    assert "Not for elsewhere" not in result.output
    assert forem.log == []
    assert not (site / ".brandkit" / "state.json").exists()


def test_devto_end_to_end(site: Path, cli: RunCli, forem: FakeForem, env: None) -> None:
    configure(site, forem)
    add_posts(site)
    first = cli("syndicate", "--to", "devto", "--yes")
    assert "dev.to: created 'Tracing a slow query' -> https://dev.to/jane/" in first.output
    assert forem.api_key not in first.output
    titles = sorted(a["title"] for a in forem.articles.values())
    assert titles == ["Hello, world", "Tracing a slow query"]  # the starter post too; not private
    tracing = next(a for a in forem.articles.values() if a["title"] == "Tracing a slow query")
    tracing_id = tracing["id"]
    assert tracing["canonical_url"] == "https://jane.example.com/blog/tracing/"
    assert tracing["tag_list"] == ["postgres", "performance", "cpp", "sql"]
    assert tracing["series"] == "Database internals"
    assert "[hello](https://jane.example.com/blog/hello-world/)" in tracing["body_markdown"]
    assert "![plot](https://jane.example.com/images/plot.png)" in tracing["body_markdown"]

    again = cli("syndicate", "--to", "devto", "--yes")
    assert "dev.to: 2 copies up to date; nothing to do." in again.output
    assert len(forem.articles) == 2

    post = site / "content" / "posts" / "tracing.md"
    post.write_text(post.read_text().replace("title: Tracing a slow query", "title: Tracing, v2"))
    edited = cli("syndicate", "--to", "devto", "--yes")
    assert "dev.to: updated 'Tracing, v2'" in edited.output
    assert len(forem.articles) == 2 and forem.articles[tracing_id]["title"] == "Tracing, v2"

    (site / ".brandkit" / "state.json").unlink()
    post.write_text(post.read_text().replace("Tracing, v2", "Tracing, v3"))
    recovered = cli("syndicate", "--to", "devto", "--yes")
    assert recovered.output.count("dev.to: adopted") == 2
    assert len(forem.articles) == 2 and forem.articles[tracing_id]["title"] == "Tracing, v3"
    state = json.loads((site / ".brandkit" / "state.json").read_text())
    ids = {r["remote_id"] for r in state["syndication"]["devto"].values()}
    assert ids == {str(i) for i in forem.articles}
    assert [r["method"] for r in forem.writes()].count("POST") == 2


def test_hashnode_end_to_end(site: Path, cli: RunCli, hashnode: FakeHashnode, env: None) -> None:
    configure(site, hashnode=hashnode)
    add_posts(site)
    cli("syndicate", "--to", "hashnode", "--yes")
    cli("syndicate", "--to", "hashnode", "--yes")
    assert len(hashnode.posts) == 2
    tracing = next(p for p in hashnode.posts.values() if p["title"] == "Tracing a slow query")
    assert tracing["originalArticleURL"] == "https://jane.example.com/blog/tracing/"
    assert tracing["seriesId"] == hashnode.series["database-internals"]
    (site / ".brandkit" / "state.json").unlink()
    result = cli("syndicate", "--to", "hashnode", "--yes")
    assert "2 copies up to date" not in result.output
    assert len(hashnode.posts) == 2


def test_refuses_without_yes_or_key(
    site: Path, cli: RunCli, forem: FakeForem, env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(site, forem)
    no_yes = cli("syndicate", "--to", "devto", expect=1)
    assert "without confirmation: run again with --yes" in no_yes.output
    monkeypatch.delenv("DEVTO_API_KEY")
    no_key = cli("syndicate", "--to", "devto", "--yes", expect=1)
    assert "DEVTO_API_KEY is not set" in no_key.output
    assert forem.articles == {} and forem.writes() == []


def test_bad_key_and_forbidden_are_one_line_errors(
    site: Path,
    cli: RunCli,
    forem: FakeForem,
    hashnode: FakeHashnode,
    env: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configure(site, forem, hashnode)
    monkeypatch.setenv("DEVTO_API_KEY", "leaked-if-printed")
    bad = cli("syndicate", "--to", "devto", "--yes", expect=1)
    assert "dev.to rejected the API key in DEVTO_API_KEY (401)" in bad.output
    assert "leaked-if-printed" not in bad.output and "Traceback" not in bad.output
    hashnode.forbidden = True
    forbidden = cli("syndicate", "--to", "hashnode", "--yes", expect=1)
    assert "FORBIDDEN: Publication does not have an active Pro plan" in forbidden.output
    assert hashnode.posts == {}


def test_hashnode_needs_publication_id(site: Path, cli: RunCli) -> None:
    result = cli("syndicate", "--to", "hashnode", "--dry-run", expect=1)
    assert "syndicate.hashnode.publication_id is required" in result.output

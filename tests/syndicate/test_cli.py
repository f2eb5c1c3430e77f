"""`brandkit syndicate` on a site made by `brandkit new`, against the local API servers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import RunCli, write_post
from tests.syndicate.fakes import FakeForem, FakeHashnode


def configure(
    site: Path,
    forem: FakeForem | None = None,
    hashnode: FakeHashnode | None = None,
    *,
    extra: str = "",
    links: bool = False,
) -> None:
    config = site / "mkdocs.yml"
    text = config.read_text()
    lines = ["      syndicate:"]
    if links:
        lines.append("        links: true")
    if forem is not None:
        lines.append(
            f"        devto: {{api_url: '{forem.url}api/', write_interval: 0, "
            f"read_interval: 0, tag_map: {{c++: cpp}}{extra}}}"
        )
    if hashnode is not None:
        lines.append(
            f"        hashnode: {{api_url: '{hashnode.url}', publication_id: "
            f"'{hashnode.publication_id}', write_interval: 0{extra}}}"
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


def build(cli: RunCli, *args: str) -> None:
    cli("build", *args)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, forem: FakeForem, hashnode: FakeHashnode) -> None:
    monkeypatch.setenv("DEVTO_API_KEY", forem.api_key)
    monkeypatch.setenv("HASHNODE_TOKEN", hashnode.token)


def test_dry_run_sends_nothing_writes_nothing_and_needs_no_key(
    site: Path, cli: RunCli, forem: FakeForem, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(site, forem)
    add_posts(site)
    build(cli)
    monkeypatch.delenv("DEVTO_API_KEY", raising=False)
    result = cli("syndicate", "--to", "devto", "--dry-run")
    assert (
        "dev.to: would create (or adopt a copy already there with this canonical URL) "
        "'Tracing a slow query' (https://jane.example.com/blog/tracing/)" in result.output
    )
    assert "dropped debugging (dev.to takes at most 4 tags" in result.output
    assert "Not for elsewhere" not in result.output
    assert "Dry run: nothing sent, nothing recorded." in result.output
    assert forem.log == []
    assert not (site / ".brandkit").exists()  # not even a lock file


def test_only_built_published_posts_are_sent(
    site: Path, cli: RunCli, forem: FakeForem, env: None
) -> None:
    configure(site, forem)
    add_posts(site)
    no_site = cli("syndicate", "--to", "devto", "--dry-run", expect=1)
    assert "site/: no built site; run `brandkit build` first" in no_site.output
    write_post(
        site,
        "draft.md",
        "id: urn:uuid:2f1c6d9e-8a43-4c55-9d1a-3c1f0f6e9b30\ntitle: A draft\n"
        "date: 2026-01-01T00:00:00Z\ndraft: true",
    )
    write_post(
        site,
        "later.md",
        "id: urn:uuid:2f1c6d9e-8a43-4c55-9d1a-3c1f0f6e9b31\ntitle: Scheduled\n"
        "date: 2099-01-01T00:00:00Z",
    )
    build(cli, "--drafts")  # the draft and the scheduled post are in site/, still not sent
    write_post(
        site,
        "unbuilt.md",
        "id: urn:uuid:2f1c6d9e-8a43-4c55-9d1a-3c1f0f6e9b32\ntitle: Written after the build\n"
        "date: 2026-01-02T00:00:00Z",
    )
    result = cli("syndicate", "--to", "devto", "--yes")
    assert "'Written after the build' is published but not in the built site" in result.output
    titles = sorted(a["title"] for a in forem.articles.values())
    assert titles == ["Hello, world", "Tracing a slow query"]


def test_devto_end_to_end(site: Path, cli: RunCli, forem: FakeForem, env: None) -> None:
    configure(site, forem)
    add_posts(site)
    build(cli)
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
    build(cli)
    cli("syndicate", "--to", "hashnode", "--yes")
    cli("syndicate", "--to", "hashnode", "--yes")
    assert len(hashnode.posts) == 2
    tracing = next(p for p in hashnode.posts.values() if p["title"] == "Tracing a slow query")
    assert tracing["originalArticleURL"] == "https://jane.example.com/blog/tracing/"
    assert tracing["seriesId"] == hashnode.series["database-internals"]
    post = site / "content" / "posts" / "tracing.md"
    post.write_text(post.read_text().replace("See [hello]", "Now see [hello]"))
    edited = cli("syndicate", "--to", "hashnode", "--yes")
    assert "Hashnode: updated 'Tracing a slow query'" in edited.output
    assert (
        "Now see [hello](https://jane.example.com/blog/hello-world/)" in tracing["contentMarkdown"]
    )
    (site / ".brandkit" / "state.json").unlink()
    result = cli("syndicate", "--to", "hashnode", "--yes")
    assert result.output.count("Hashnode: adopted") == 2
    assert len(hashnode.posts) == 2
    assert [w["body"]["operationName"] for w in hashnode.writes()].count("PublishPost") == 2


def test_refuses_without_yes_or_key_before_sending_anything(
    site: Path,
    cli: RunCli,
    forem: FakeForem,
    hashnode: FakeHashnode,
    env: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configure(site, forem, hashnode)
    build(cli)
    no_yes = cli("syndicate", "--to", "devto", expect=1)  # CliRunner's stdin is no terminal
    assert "without confirmation (no terminal): run again with --yes" in no_yes.output
    monkeypatch.delenv("DEVTO_API_KEY")
    no_key = cli("syndicate", "--to", "devto", "--yes", expect=1)
    assert "DEVTO_API_KEY is not set" in no_key.output
    monkeypatch.setenv("DEVTO_API_KEY", forem.api_key)
    monkeypatch.delenv("HASHNODE_TOKEN")
    # dev.to is ready, Hashnode is not: nothing goes to either.
    both = cli("syndicate", "--to", "devto", "--to", "hashnode", "--yes", expect=1)
    assert "HASHNODE_TOKEN is not set" in both.output and "Traceback" not in both.output
    assert forem.articles == {} and forem.log == [] and hashnode.log == []
    assert not (site / ".brandkit" / "state.json").exists()


def test_bad_key_and_forbidden_are_one_line_errors(
    site: Path,
    cli: RunCli,
    forem: FakeForem,
    hashnode: FakeHashnode,
    env: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configure(site, forem, hashnode)
    build(cli)
    monkeypatch.setenv("DEVTO_API_KEY", "leaked-if-printed")
    bad = cli("syndicate", "--to", "devto", "--yes", expect=1)
    assert "dev.to rejected the API key in DEVTO_API_KEY (401)" in bad.output
    assert "leaked-if-printed" not in bad.output and "Traceback" not in bad.output
    monkeypatch.setenv("HASHNODE_TOKEN", "leaked-if-printed")
    bad_token = cli("syndicate", "--to", "hashnode", "--yes", expect=1)
    assert "Hashnode rejected the token in HASHNODE_TOKEN" in bad_token.output
    assert "Invalid access token '[redacted]'" in bad_token.output  # the fake quoted it back
    assert "leaked-if-printed" not in bad_token.output
    monkeypatch.setenv("HASHNODE_TOKEN", hashnode.token)
    hashnode.forbidden = True
    forbidden = cli("syndicate", "--to", "hashnode", "--yes", expect=1)
    assert "FORBIDDEN: Publication does not have an active Pro plan" in forbidden.output
    assert len(forbidden.output.strip().splitlines()) == 2  # the plan line, then one error line
    assert hashnode.posts == {}


def test_hashnode_needs_publication_id(site: Path, cli: RunCli) -> None:
    build(cli)
    result = cli("syndicate", "--to", "hashnode", "--dry-run", expect=1)
    assert "syndicate.hashnode.publication_id is required" in result.output


def test_typos_stop_the_run(site: Path, cli: RunCli, forem: FakeForem, env: None) -> None:
    """A misspelt `published: false` or `syndicate: false` must not publish anything."""
    configure(site, forem, extra=", publised: false")
    build(cli)
    config_typo = cli("syndicate", "--to", "devto", "--yes", expect=1)
    assert (
        "plugins.brandkit.syndicate.devto.publised: unknown option; did you mean 'published'?"
        in config_typo.output
    )
    configure_text = (site / "mkdocs.yml").read_text().replace(", publised: false", "")
    (site / "mkdocs.yml").write_text(configure_text)
    write_post(
        site,
        "secret.md",
        "id: urn:uuid:2f1c6d9e-8a43-4c55-9d1a-3c1f0f6e9b40\ntitle: Secret\n"
        "date: 2026-01-01T00:00:00Z\nsyndicte: false",
    )
    post_typo = cli("syndicate", "--to", "devto", "--yes", expect=1)
    assert "syndicte" in post_typo.output and "syndicate" in post_typo.output
    bad_url = configure_text.replace(f"api_url: '{forem.url}api/'", "api_url: 'dev.to/api'")
    (site / "mkdocs.yml").write_text(bad_url)
    (site / "content" / "posts" / "secret.md").unlink()
    url_error = cli("syndicate", "--to", "devto", "--dry-run", expect=1)
    assert "api_url" in url_error.output and "expected an http(s) URL" in url_error.output
    assert forem.log == []


def test_unreachable_service_is_a_clear_error(
    site: Path, cli: RunCli, forem: FakeForem, env: None
) -> None:
    port = forem.server_address[1]
    forem.stop()  # nothing listens on the port any more
    configure(site, forem)
    build(cli)
    result = cli("syndicate", "--to", "devto", "--yes", expect=1)
    assert f"dev.to: cannot reach http://127.0.0.1:{port} (" in result.output
    assert "check your network or the api_url in mkdocs.yml" in result.output
    assert "Traceback" not in result.output


def test_timed_out_create_is_not_duplicated(
    site: Path, cli: RunCli, forem: FakeForem, env: None
) -> None:
    configure(site, forem, extra=", timeout: 0.5")
    build(cli)
    forem.slow_writes, forem.slow_seconds = 1, 1.5  # saved, but the answer comes too late
    first = cli("syndicate", "--to", "devto", "--yes", expect=1)
    assert "no answer from" in first.output and "timed out after 0.5s" in first.output
    assert "may have been saved there" in first.output
    state = json.loads((site / ".brandkit" / "state.json").read_text())
    (record,) = state["syndication"]["devto"].values()
    assert record["status"] == "pending"  # the intent was recorded before the call
    assert len(forem.articles) == 1
    preview = cli("syndicate", "--to", "devto", "--dry-run")
    assert "would look for the copy a stopped run may have made" in preview.output
    second = cli("syndicate", "--to", "devto", "--yes")
    assert "dev.to: adopted 'Hello, world'" in second.output
    assert len(forem.articles) == 1
    assert [w["method"] for w in forem.writes()] == ["POST", "PUT"]


def test_post_pages_link_their_copies(
    site: Path, cli: RunCli, forem: FakeForem, hashnode: FakeHashnode, env: None
) -> None:
    configure(site, forem, hashnode, links=True)
    add_posts(site)
    build(cli)
    page = site / "site" / "blog" / "tracing" / "index.html"
    assert "u-syndication" not in page.read_text()  # nothing syndicated yet
    cli("syndicate", "--to", "devto", "--to", "hashnode", "--yes")
    build(cli)
    html = page.read_text()
    devto = next(a for a in forem.articles.values() if a["title"] == "Tracing a slow query")
    hn = next(p for p in hashnode.posts.values() if p["title"] == "Tracing a slow query")
    assert (
        f'<a class="u-syndication" rel="syndication" href="{devto["url"]}">dev.to</a>, '
        f'<a class="u-syndication" rel="syndication" href="{hn["url"]}">Hashnode</a>'
    ) in html
    private = (site / "site" / "blog" / "private" / "index.html").read_text()
    assert "u-syndication" not in private  # opted out: no copies, no links
    state_path = site / ".brandkit" / "state.json"
    state = json.loads(state_path.read_text())
    record = next(iter(state["syndication"]["devto"].values()))
    record["url"] = 'https://dev.to/x"><script>alert(1)</script>'
    state_path.write_text(json.dumps(state))
    build(cli)
    built = "".join(p.read_text() for p in (site / "site" / "blog").glob("*/index.html"))
    assert "<script>alert(1)</script>" not in built
    assert "https://dev.to/x&#34;&gt;&lt;script&gt;" in built
    off = (site / "mkdocs.yml").read_text().replace("        links: true\n", "")
    (site / "mkdocs.yml").write_text(off)
    build(cli)
    assert "u-syndication" not in page.read_text()


def test_copies_of_posts_no_longer_syndicated_are_reported_not_touched(
    site: Path, cli: RunCli, forem: FakeForem, env: None
) -> None:
    configure(site, forem)
    add_posts(site)
    build(cli)
    cli("syndicate", "--to", "devto", "--yes")
    copy = next(a for a in forem.articles.values() if a["title"] == "Tracing a slow query")
    writes = len(forem.writes())
    post = site / "content" / "posts" / "tracing.md"
    post.write_text(post.read_text().replace("title: Tracing", "syndicate: false\ntitle: Tracing"))
    build(cli)
    for args in (("--dry-run",), ("--yes",)):
        result = cli("syndicate", "--to", "devto", *args)
        assert (
            f"note: dev.to: {copy['url']} is a copy of a post that is no longer published here "
            "or is opted out; brandkit leaves copies in place"
        ) in result.output
    assert len(forem.writes()) == writes and copy["id"] in forem.articles  # nothing deleted
    post.unlink()  # a deleted post: the same
    build(cli)
    assert copy["url"] in cli("syndicate", "--to", "devto", "--yes").output
    assert len(forem.writes()) == writes

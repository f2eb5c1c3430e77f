"""The syndication core against local Forem and Hashnode servers, without the CLI."""

from __future__ import annotations

import dataclasses
import itertools
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from brandkit.config.options import load
from brandkit.content.models import Post
from brandkit.errors import BrandkitError
from brandkit.state import State
from brandkit.syndicate import sync
from brandkit.syndicate.devto import Devto, DevtoOptions
from brandkit.syndicate.hashnode import Hashnode, HashnodeOptions
from tests.syndicate.fakes import FakeForem, FakeHashnode

SITE = "https://jane.example.com/"
NOW = datetime(2026, 4, 1, tzinfo=UTC)


def post(n: int = 1, **changes: Any) -> Post:
    base = Post(
        source=f"posts/post-{n}.md",
        id=f"urn:uuid:00000000-0000-4000-8000-00000000000{n}",
        title=f"Post number {n}",
        date=datetime(2026, 3, n, 9, 30, tzinfo=UTC),
        slug=f"post-{n}",
        url=f"blog/post-{n}/",
        body=(
            "Intro with ![a chart](images/chart.png) and [the next one](post-2.md#top).\n\n"
            "[home](/) and [anchor](#here) and [ext](https://example.org/x).\n\n"
            "```\n[not a link](relative.md)\n```\n"
        ),
        description="One sentence.",
        tags=("postgres", "performance"),
    )
    return dataclasses.replace(base, **changes)


def devto_config(server: FakeForem, **values: Any) -> DevtoOptions:
    raw = {"api_url": server.url + "api/", "write_interval": 0, "read_interval": 0, **values}
    return load(DevtoOptions, raw)


def hashnode_config(server: FakeHashnode, **values: Any) -> HashnodeOptions:
    raw = {
        "api_url": server.url,
        "publication_id": server.publication_id,
        "write_interval": 0,
        **values,
    }
    return load(HashnodeOptions, raw)


def run(service: Any, posts: list[Post], state_path: Path) -> list[sync.Outcome]:
    md_urls = {p.source: p.url for p in posts}
    state = State.load(state_path)
    ledger = state.section(sync.SECTION).get(service.name, {})
    planned = sync.plan(posts, service, ledger, SITE, md_urls, NOW)
    return sync.execute(planned, service, state, lambda outcome: None)


def test_devto_twice_makes_one_copy_with_absolute_links(forem: FakeForem, tmp_path: Path) -> None:
    state_path = tmp_path / "state.json"
    posts = [post(1), post(2, tags=("python",))]
    service = Devto.connect(devto_config(forem), forem.api_key)
    first = run(service, posts, state_path)
    assert [o.action for o in first] == ["created", "created"]
    second = run(Devto.connect(devto_config(forem), forem.api_key), posts, state_path)
    assert second == []
    assert len(forem.articles) == 2
    article = next(a for a in forem.articles.values() if a["title"] == "Post number 1")
    assert article["canonical_url"] == "https://jane.example.com/blog/post-1/"
    body = article["body_markdown"]
    assert "](https://jane.example.com/posts/images/chart.png)" in body
    assert "](https://jane.example.com/blog/post-2/#top)" in body
    assert "[home](https://jane.example.com/)" in body
    assert "(https://jane.example.com/blog/post-1/#here)" in body
    assert "(https://example.org/x)" in body
    assert "[not a link](relative.md)" in body  # code is left alone
    assert article["tag_list"] == ["postgres", "performance"]
    assert article["published"] is True
    saved = json.loads(state_path.read_text())["syndication"]["devto"]
    assert saved[posts[0].id]["remote_id"] == str(article["id"])
    assert saved[posts[0].id]["url"] == article["url"]


def test_devto_edit_updates_the_copy(forem: FakeForem, tmp_path: Path) -> None:
    state_path = tmp_path / "state.json"
    run(Devto.connect(devto_config(forem), forem.api_key), [post(1)], state_path)
    edited = post(1, title="A better title", body="New body.\n")
    outcomes = run(Devto.connect(devto_config(forem), forem.api_key), [edited], state_path)
    assert [o.action for o in outcomes] == ["updated"]
    assert len(forem.articles) == 1
    (article,) = forem.articles.values()
    assert article["title"] == "A better title"
    assert article["body_markdown"] == "New body.\n"
    assert [r["method"] for r in forem.writes()] == ["POST", "PUT"]


def test_devto_lost_state_finds_copies_by_canonical_url(forem: FakeForem, tmp_path: Path) -> None:
    state_path = tmp_path / "state.json"
    posts = [post(1), post(2)]
    run(Devto.connect(devto_config(forem), forem.api_key), posts, state_path)
    state_path.unlink()
    outcomes = run(Devto.connect(devto_config(forem), forem.api_key), posts, state_path)
    assert [o.action for o in outcomes] == ["adopted", "adopted"]
    assert len(forem.articles) == 2
    assert [r["method"] for r in forem.writes()] == ["POST", "POST", "PUT", "PUT"]
    saved = json.loads(state_path.read_text())["syndication"]["devto"]
    assert {v["remote_id"] for v in saved.values()} == {str(i) for i in forem.articles}


def test_devto_422_duplicate_canonical_adopts_the_existing_copy(
    forem: FakeForem, tmp_path: Path
) -> None:
    service = Devto.connect(devto_config(forem), forem.api_key)
    service.find("https://x/")  # the listing is cached (empty) before the copy appears
    run(Devto.connect(devto_config(forem), forem.api_key), [post(1)], tmp_path / "other.json")
    outcomes = run(service, [post(1)], tmp_path / "state.json")
    assert [o.action for o in outcomes] == ["adopted"]
    assert len(forem.articles) == 1
    assert [r["status"] for r in forem.writes()] == [201, 422, 200]


def test_devto_429_waits_for_retry_after(forem: FakeForem, tmp_path: Path) -> None:
    forem.throttle_next = ["1"]
    outcomes = run(
        Devto.connect(devto_config(forem), forem.api_key), [post(1)], tmp_path / "s.json"
    )
    assert [o.action for o in outcomes] == ["created"]
    writes = forem.writes()
    assert [w["status"] for w in writes] == [429, 201]
    assert writes[1]["time"] - writes[0]["time"] >= 1.0
    assert len(forem.articles) == 1


def test_devto_writes_are_paced(forem: FakeForem, tmp_path: Path) -> None:
    forem.write_gap = 0.25  # the server refuses writes closer than this, like Rack::Attack
    config = devto_config(forem, write_interval=0.3)
    run(Devto.connect(config, forem.api_key), [post(1), post(2), post(3)], tmp_path / "s.json")
    writes = forem.writes()
    assert [w["status"] for w in writes] == [201, 201, 201]
    gaps = [b["time"] - a["time"] for a, b in itertools.pairwise(writes)]
    assert all(gap >= 0.25 for gap in gaps)


def test_devto_too_long_retry_after_stops_and_keeps_what_was_done(
    forem: FakeForem, tmp_path: Path
) -> None:
    state_path = tmp_path / "s.json"
    config = devto_config(forem, max_retry_wait=5)
    one, two = post(1, body="One.\n"), post(2, body="Two.\n")
    run(Devto.connect(config, forem.api_key), [one], state_path)
    forem.throttle_next = ["3600"]
    with pytest.raises(BrandkitError, match=r"rate limited.*3600s"):
        run(Devto.connect(config, forem.api_key), [one, two], state_path)
    saved = json.loads(state_path.read_text())["syndication"]["devto"]
    assert saved[one.id]["status"] == "done"
    assert saved[two.id]["status"] == "pending"
    # the next run finds no copy of post 2 and creates exactly one
    outcomes = run(Devto.connect(config, forem.api_key), [one, two], state_path)
    assert [o.action for o in outcomes] == ["created"]
    assert len(forem.articles) == 2


def test_devto_401_names_the_variable_not_the_key(forem: FakeForem, tmp_path: Path) -> None:
    with pytest.raises(BrandkitError) as info:
        run(Devto.connect(devto_config(forem), "wrong-key-123"), [post(1)], tmp_path / "s.json")
    message = info.value.message
    assert "DEVTO_API_KEY" in message and "401" in message
    assert "wrong-key-123" not in message
    assert forem.articles == {}


def test_devto_tags_are_mapped_and_cut_to_four(forem: FakeForem, tmp_path: Path) -> None:
    config = devto_config(forem, tag_map={"C++": "cpp"}, published=False)
    many = post(1, tags=("C++", "Machine Learning", "postgres", "go", "rust", "!!"))
    outcomes = run(Devto.connect(config, forem.api_key), [many], tmp_path / "s.json")
    (article,) = forem.articles.values()
    assert article["tag_list"] == ["cpp", "machinelearning", "postgres", "go"]
    assert article["published"] is False
    (note,) = outcomes[0].notes
    assert "dropped !!, rust" in note


def test_devto_series_cover_and_opt_out(forem: FakeForem, tmp_path: Path) -> None:
    posts = [
        post(1, series="Database internals", cover="posts/images/cover.png"),
        post(2, extra={"syndicate": False}),
        post(3, draft=True),
        post(4, date=datetime(2027, 1, 1, tzinfo=UTC)),
    ]
    run(Devto.connect(devto_config(forem), forem.api_key), posts, tmp_path / "s.json")
    (article,) = forem.articles.values()
    assert article["series"] == "Database internals"
    assert article["cover_image"] == "https://jane.example.com/posts/images/cover.png"


def test_devto_copy_deleted_remotely_is_recreated(forem: FakeForem, tmp_path: Path) -> None:
    state_path = tmp_path / "s.json"
    run(Devto.connect(devto_config(forem), forem.api_key), [post(1)], state_path)
    forem.articles.clear()
    outcomes = run(
        Devto.connect(devto_config(forem), forem.api_key), [post(1, title="Changed")], state_path
    )
    assert [o.action for o in outcomes] == ["created"]
    assert len(forem.articles) == 1


def test_hashnode_twice_edit_and_lost_state(hashnode: FakeHashnode, tmp_path: Path) -> None:
    state_path = tmp_path / "s.json"
    config = hashnode_config(hashnode)
    posts = [post(1, series="Database internals", cover="posts/images/cover.png"), post(2)]
    assert [o.action for o in run(Hashnode.connect(config, hashnode.token), posts, state_path)] == [
        "created",
        "created",
    ]
    assert run(Hashnode.connect(config, hashnode.token), posts, state_path) == []
    assert len(hashnode.posts) == 2
    first = next(p for p in hashnode.posts.values() if p["title"] == "Post number 1")
    assert first["originalArticleURL"] == "https://jane.example.com/blog/post-1/"
    assert first["seriesId"] == hashnode.series["database-internals"]
    assert first["coverImage"] == "https://jane.example.com/posts/images/cover.png"
    assert first["tags"] == [
        {"slug": "postgres", "name": "postgres"},
        {"slug": "performance", "name": "performance"},
    ]
    edited = [
        post(1, body="Edited.\n", series="Database internals", cover="posts/images/cover.png"),
        post(2),
    ]
    outcomes = run(Hashnode.connect(config, hashnode.token), edited, state_path)
    assert [o.action for o in outcomes] == ["updated"]
    assert first["contentMarkdown"] == "Edited.\n"
    state_path.unlink()
    outcomes = run(Hashnode.connect(config, hashnode.token), edited, state_path)
    assert [o.action for o in outcomes] == ["adopted", "adopted"]
    assert len(hashnode.posts) == 2


def test_hashnode_unknown_series_is_reported(hashnode: FakeHashnode, tmp_path: Path) -> None:
    config = hashnode_config(hashnode)
    outcomes = run(
        Hashnode.connect(config, hashnode.token), [post(1, series="Nope")], tmp_path / "s.json"
    )
    assert "series 'Nope' does not exist" in outcomes[0].notes[0]
    (created,) = hashnode.posts.values()
    assert "seriesId" not in created


def test_hashnode_forbidden_stops_without_retry(hashnode: FakeHashnode, tmp_path: Path) -> None:
    hashnode.forbidden = True
    with pytest.raises(BrandkitError, match="FORBIDDEN: Publication does not have an active Pro"):
        run(
            Hashnode.connect(hashnode_config(hashnode), hashnode.token),
            [post(1), post(2)],
            tmp_path / "s.json",
        )
    assert len(hashnode.log) == 1
    assert hashnode.posts == {}


def test_hashnode_bad_token(hashnode: FakeHashnode, tmp_path: Path) -> None:
    with pytest.raises(BrandkitError) as info:
        run(
            Hashnode.connect(hashnode_config(hashnode), "not-the-token"),
            [post(1)],
            tmp_path / "s.json",
        )
    message = info.value.message
    assert "HASHNODE_TOKEN" in message and "not-the-token" not in message


def test_hashnode_429_retry_after(hashnode: FakeHashnode, tmp_path: Path) -> None:
    hashnode.throttle_next = ["1"]
    run(Hashnode.connect(hashnode_config(hashnode), hashnode.token), [post(1)], tmp_path / "s.json")
    writes = hashnode.writes()
    assert [w["status"] for w in writes] == [429, 200]
    assert writes[1]["time"] - writes[0]["time"] >= 1.0
    assert len(hashnode.posts) == 1


def test_hashnode_wrong_publication_id(hashnode: FakeHashnode, tmp_path: Path) -> None:
    config = hashnode_config(hashnode, publication_id="000000000000000000000000")
    with pytest.raises(BrandkitError, match="no publication '000000000000000000000000'"):
        run(Hashnode.connect(config, hashnode.token), [post(1)], tmp_path / "s.json")


def test_hashnode_timed_out_publish_is_reconciled_not_repeated(
    hashnode: FakeHashnode, tmp_path: Path
) -> None:
    state_path = tmp_path / "s.json"
    config = hashnode_config(hashnode, timeout=0.5)
    hashnode.slow_writes, hashnode.slow_seconds = 1, 1.5
    with pytest.raises(BrandkitError, match=r"Hashnode: no answer .*timed out after 0.5s"):
        run(Hashnode.connect(config, hashnode.token), [post(1)], state_path)
    saved = json.loads(state_path.read_text())["syndication"]["hashnode"]
    assert saved[post(1).id]["status"] == "pending"
    assert len(hashnode.posts) == 1  # it was published; only the answer was lost
    outcomes = run(Hashnode.connect(config, hashnode.token), [post(1)], state_path)
    assert [o.action for o in outcomes] == ["adopted"]
    assert len(hashnode.posts) == 1
    ops = [w["body"]["operationName"] for w in hashnode.writes()]
    assert ops == ["PublishPost", "UpdatePost"]


def test_timed_out_read_says_cannot_reach(forem: FakeForem, tmp_path: Path) -> None:
    """A read that times out changed nothing: the message points at the network, not a retry."""
    state_path = tmp_path / "s.json"
    config = devto_config(forem, timeout=0.5)
    run(Devto.connect(config, forem.api_key), [post(1)], state_path)
    state_path.unlink()
    original = forem.handle_api

    def slow(*args: Any) -> Any:
        import time

        time.sleep(1.5)
        return original(*args)

    forem.handle_api = slow  # type: ignore[method-assign]
    with pytest.raises(BrandkitError, match=r"dev.to: cannot reach .*timed out after 0.5s"):
        run(Devto.connect(config, forem.api_key), [post(1)], state_path)
    assert len(forem.articles) == 1


def test_devto_429_gives_up_after_max_attempts(forem: FakeForem, tmp_path: Path) -> None:
    forem.throttle_next = ["0", "0", "0", "0", "0"]
    with pytest.raises(BrandkitError, match=r"still rate limited \(429\) after 4 attempts"):
        run(Devto.connect(devto_config(forem), forem.api_key), [post(1)], tmp_path / "s.json")
    assert [w["status"] for w in forem.writes()] == [429, 429, 429, 429]
    assert forem.articles == {}


def test_retry_after_forms_and_pacing() -> None:
    from datetime import timedelta
    from email.utils import format_datetime

    from brandkit.http import retry_after_seconds
    from brandkit.syndicate.http import Pacer

    now = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == (
        90.0
    )
    assert retry_after_seconds(format_datetime(now - timedelta(seconds=5), usegmt=True), now) == 0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
    clock = iter([0.0, 0.4, 1.0]).__next__
    slept: list[float] = []
    pacer = Pacer(1.0, clock=clock, sleep=slept.append)
    pacer.wait()
    pacer.wait()
    assert slept == [pytest.approx(0.6)]


def test_devto_422_for_a_canonical_url_held_by_someone_else(
    forem: FakeForem, tmp_path: Path
) -> None:
    forem.taken_elsewhere.add("https://jane.example.com/blog/post-1/")
    with pytest.raises(BrandkitError) as info:
        run(Devto.connect(devto_config(forem), forem.api_key), [post(1)], tmp_path / "s.json")
    message = info.value.message
    assert "canonical URL https://jane.example.com/blog/post-1/ already exists" in message
    assert "not among your posts there" in message
    assert forem.articles == {}
    assert [w["status"] for w in forem.writes()] == [422]


def test_footnote_definitions_are_not_taken_for_link_definitions(
    forem: FakeForem, tmp_path: Path
) -> None:
    body = (
        "A claim.[^1] Another.[^note]\n\n"
        "[^1]: see the appendix, and [the chart](images/chart.png).\n"
        "[^note]: plain text\n"
        "[ref]: other.md\n"
    )
    run(Devto.connect(devto_config(forem), forem.api_key), [post(1, body=body)], tmp_path / "s")
    (article,) = forem.articles.values()
    text = article["body_markdown"]
    assert "[^1]: see the appendix, and [the chart](https://jane.example.com/posts/images/" in text
    assert "[^note]: plain text\n" in text
    assert "[ref]: https://jane.example.com/posts/other/" in text  # real definitions still are


def test_copies_made_before_a_move_are_found_by_every_old_address(
    forem: FakeForem, tmp_path: Path
) -> None:
    """A post moved from another blog keeps its dev.to copies: one points at its old address on
    this site (redirect_from), one at the old blog's host (recorded by `brandkit import`)."""
    from brandkit.content.models import Settings

    forem._save(None, {"article": {"title": "Old one", "canonical_url": f"{SITE}2019/01/one/"}})
    forem._save(
        None, {"article": {"title": "Old two", "canonical_url": "https://old.example.org/two/"}}
    )
    one = post(1, extra={"redirect_from": ["/2019/01/one/"]})
    two = post(2)
    settings = Settings(site_name="Jane", site_url=SITE)
    state = State.load(tmp_path / "state.json")
    service = Devto.connect(devto_config(forem), forem.api_key)
    planned = sync.plan(
        [one, two],
        service,
        {},
        SITE,
        {p.source: p.url for p in (one, two)},
        NOW,
        settings=settings,
        moved={two.id: ["https://old.example.org/two/"]},
    )
    outcomes = sync.execute(planned, service, state, lambda outcome: None)
    assert [o.action for o in outcomes] == ["adopted", "adopted"]
    assert len(forem.articles) == 2  # nothing posted twice
    assert sorted(a["canonical_url"] for a in forem.articles.values()) == [
        f"{SITE}blog/post-1/",
        f"{SITE}blog/post-2/",
    ]

"""Posts copied in by hand from another engine: `check` says what to change (precise hints,
guesses only when close, leftover template syntax at its line), `check --fix` shows and makes
the well-known conversions, custom keys live under `extra:`, and any stable URI is an id."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import RunCli, write_post

HUGO_POST = """\
---
# copied from the old Hugo site
title: "Part two"
date: 2021-04-03
summary: The second part.
aliases: ["/old/part-two/", "part-2"]
categories: [go]
tags: [testing]
series: ["Go basics"]
series_order: 2
canonicalURL: https://medium.com/@jane/part-two-abc
devto_id: 4242
showToc: true
---
Back to [part one]({{< relref "part-one" >}}).
"""


def test_check_names_what_to_change_and_fix_makes_it(site: Path, cli: RunCli) -> None:
    write_post(
        site,
        "part-one.md",
        "id: urn:uuid:6f0b1c2d-0000-4000-8000-000000000001\ntitle: Part one\ndate: 2021-04-01",
    )
    post = site / "content" / "posts" / "part-two.md"
    post.write_text(HUGO_POST, encoding="utf-8")
    before = cli("check", expect=None)
    out = before.output
    assert (
        "part-two.md: summary: unknown front-matter key; brandkit calls it `description`; "
        "`brandkit check --fix` converts it" in out
    )
    assert "aliases: unknown front-matter key; brandkit calls it `redirect_from`" in out
    assert "categories: unknown front-matter key; brandkit calls it `tags`" in out
    assert "did you mean 'series'" not in out  # no guess that is not close
    assert (
        "devto_id: unknown front-matter key; brandkit keeps cross-post ids in .brandkit/state.json"
        in out
    )
    assert "showToc: unknown front-matter key; rename it, move it under `extra:` to keep it" in out
    assert 'content/posts/part-two.md:15: {{< relref "part-one" >}} is template syntax' in out

    refused = cli("check", "--fix", expect=1)
    assert (
        "not changing 1 file without confirmation (no terminal): run again with --yes"
        in refused.output
    )
    assert post.read_text(encoding="utf-8") == HUGO_POST  # shown, not made
    assert (
        "-summary: The second part." in refused.output
        and "+description: The second part." in refused.output
    )

    fixed = cli("check", "--fix", "--yes")
    assert "Fixed 1 file." in fixed.output
    text = post.read_text(encoding="utf-8")
    assert text.startswith("---\nid: urn:uuid:")
    assert '# copied from the old Hugo site\ntitle: "Part two"\n' in text  # comments, quoting kept
    assert 'description: The second part.\nredirect_from: ["/old/part-two/", "part-2"]' in text
    assert "tags: [testing, go]" in text and "series: Go basics" in text
    assert "canonical_url: https://medium.com/@jane/part-two-abc" in text
    assert "devto_id" not in text and "extra:\n  showToc: true" in text
    assert "Back to [part one](part-one.md)." in text
    post_id = text.split("\n")[1].split(": ", 1)[1]
    ledger = json.loads((site / ".brandkit" / "state.json").read_text())["syndication"]["devto"]
    assert ledger[post_id]["remote_id"] == "4242"
    again = cli("check", "--fix", "--yes")
    assert "Nothing to fix." in again.output

    cli("build")
    built = site / "site"
    # The alias `part-2` (relative, as Hugo reads it) is a former slug here.
    for old in ("old/part-two/index.html", "blog/part-2/index.html"):
        html = (built / old).read_text(encoding="utf-8")
        assert 'content="0; url=https://jane.example.com/blog/part-two/"' in html


JEKYLL_POST = """\
---
layout: post
title: Caching at the edge
date: 2019-06-01 10:00:00 +0200
last_modified_at: 2020-02-02
excerpt: What a CDN keeps, and for how long.
canonical: https://old.example.com/2019/06/01/caching/
---
Body.
"""


def test_fix_converts_jekyll_keys_with_the_same_meaning(site: Path, cli: RunCli) -> None:
    post = site / "content" / "posts" / "caching.md"
    post.write_text(JEKYLL_POST, encoding="utf-8")
    out = cli("check", expect=None).output
    assert "last_modified_at: unknown front-matter key; brandkit calls it `updated`; " in out
    fixed = cli("check", "--fix", "--yes")
    assert "Fixed 1 file." in fixed.output
    text = post.read_text(encoding="utf-8")
    assert "updated: 2020-02-02\n" in text
    assert "description: What a CDN keeps, and for how long.\n" in text
    assert "canonical_url: https://old.example.com/2019/06/01/caching/\n" in text
    assert "extra:\n  layout: post" in text
    assert "OK:" in cli("check", "--strict").output
    cli("build")
    page = (site / "site/blog/caching/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://old.example.com/2019/06/01/caching/">' in page
    assert 'property="article:modified_time" content="2020-02-02' in page


def test_custom_keys_ids_and_close_guesses(site: Path, cli: RunCli) -> None:
    write_post(
        site,
        "custom.md",
        "id: https://old.example.com/2020/01/custom/\ntitle: Custom\ndate: 2020-01-01\n"
        "extra: {layout: wide, reviewed_by: [ann]}",
    )
    write_post(
        site,
        "typo.md",
        "id: tag:jane.example.com,2020:typo\ntitle: Typo\ndate: 2020-01-02\ntagz: [a]\n"
        "images: [x.png]",
    )
    write_post(site, "bad.md", "id: not a uri\ntitle: Bad\ndate: 2020-01-03")
    out = cli("check", expect=None).output
    assert "custom.md" not in out  # an old feed's URL is an id; extra: keeps its own keys
    assert "typo.md: tagz: unknown front-matter key; did you mean 'tags'?" in out
    assert "typo.md: images: unknown front-matter key; rename it" in out  # no 'tags' guess
    assert "bad.md: id: 'not a uri' is not a permanent id; use a URI such as" in out


def test_redirect_from_is_checked_like_the_build_and_slug_changes_are_caught(
    site: Path, cli: RunCli
) -> None:
    write_post(
        site,
        "moved.md",
        "id: urn:uuid:6f0b1c2d-0000-4000-8000-000000000002\ntitle: A post that moves\n"
        "date: 2021-01-01",
    )
    cli("build")
    post = site / "content" / "posts" / "moved.md"
    post.write_text(
        post.read_text().replace(
            "title: A post that moves", "title: A post that moves\nslug: new-home"
        )
    )
    out = cli("check", expect=None).output
    # The last build had /blog/moved/; nothing serves it now: one line keeps it.
    assert (
        "content/posts/new-home.md" not in out
        and "content/posts/moved.md: redirect_from: its address in the last build, /blog/moved/, "
        "would 404 now; add `redirect_from: [moved]` so old links keep working"
        in out
    )
    post.write_text(
        post.read_text().replace("slug: new-home", "slug: new-home\nredirect_from: [moved]")
    )
    assert "would 404" not in cli("check").output

    write_post(
        site,
        "two.md",
        "id: urn:uuid:6f0b1c2d-0000-4000-8000-000000000003\ntitle: Two\ndate: 2021-01-02\n"
        "redirect_from: [/old/, /about/, /x.php]",
    )
    write_post(
        site,
        "three.md",
        "id: urn:uuid:6f0b1c2d-0000-4000-8000-000000000004\ntitle: Three\ndate: 2021-01-03\n"
        "redirect_from: [/old/]",
    )
    write_post(
        site,
        "draft.md",
        "id: urn:uuid:6f0b1c2d-0000-4000-8000-000000000005\ntitle: Draft\ndate: 2021-01-04\n"
        "draft: true\nredirect_from: [/about/, /old/]",
    )
    checked = cli("check", expect=1).output
    assert (
        "content/posts/three.md: redirect_from: /old/ is also claimed by content/posts/two.md; "
        "keep it in one post only" in checked
    )
    assert (
        "content/posts/two.md: redirect_from: /about/ is the address of about.md; remove it, or "
        "move that page" in checked
    )
    assert "draft.md" not in checked  # a draft gets no redirect pages, so no clash either
    built = cli("build", expect=None)
    assert built.exit_code != 0 and "/old/ is also claimed by content/posts/two.md" in built.output
    # Once the clashes are gone, what a static host cannot serve is still said (a warning).
    (site / "content" / "posts" / "three.md").unlink()
    two = site / "content" / "posts" / "two.md"
    two.write_text(two.read_text().replace("[/old/, /about/, /x.php]", "[/old/, /x.php]"))
    checked = cli("check").output
    assert (
        "content/posts/two.md: redirect_from: /x.php would 404: a static host can only serve"
        in checked
    )
